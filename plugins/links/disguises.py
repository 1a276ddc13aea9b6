"""Undo the textual disguises of links, each replacement keeping the raw offsets.

``[.]``, ``(dot)``, `` dot ``, ``d i s c o r d . g g``, ``discord . gg / abc``, ``hxxp``, ``%2E``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from plugins.links.domains import is_tld

__all__ = ["undo_disguises"]

# Textual disguises, each tried only when a substring test says it may be there.
_BRACKETED: Final = re.compile(
    r"[ \t]*[\[({<][ \t]*(?:\.|dot|point|punkt)[ \t]*[\])}>][ \t]*", re.IGNORECASE
)
_WORD_DOT: Final = re.compile(
    r"(?<=\w)[ \t]+(?:dot|point|punkt)[ \t]+(?=(?P<tld>[a-z]{2,24})\b)", re.IGNORECASE
)
_SPACED_DOT: Final = re.compile(
    r"(?<=\w)(?:[ \t]+\.[ \t]*(?=(?P<tld>[a-z]{2,24})\b)"
    r"|\.[ \t]+(?=(?P<tld2>[a-z]{2,24})[ \t]*[/\\]))",
    re.IGNORECASE,
)
_SCHEME: Final = re.compile(
    r"\bh(?:xx|tt|\*\*)p(?P<s>s?)[ \t]*[\[(]?[ \t]*:[ \t]*[\])]?[ \t]*/[ \t]*/", re.IGNORECASE
)
# A scheme written with spaces or brackets around its colon: "https : //", "http[:]//".
_ODD_SCHEME: Final = re.compile(r"[ \t\[(]:|:[ \t\])]|:/[ \t]")
_PERCENT: Final = re.compile(r"%2[eEfF]")
# A host spelled out letter by letter, next to the dot or slash that makes it one:
# "d i s c o r d . g g / abc". Runs away from a dot or a slash stay prose ("a b c").
_SPELLED_BEFORE: Final = re.compile(
    r"(?<![\w.])(?:[A-Za-z0-9][ \t]){2,}[A-Za-z0-9](?=[ \t]*[./\\])"
)
_SPELLED_AFTER: Final = re.compile(
    r"(?<=[./\\])[ \t]*((?:[A-Za-z0-9][ \t]){1,}[A-Za-z0-9])(?![\w])"
)
# Spaces around the slash after a host: "discord.gg / abc".
_SLASH_GAP: Final = re.compile(
    r"(?<=\.)(?P<tld>[a-z]{2,24})(?:[ \t]+[/\\][ \t]*|[/\\][ \t]+)(?=[\w#!])", re.IGNORECASE
)


def _tld_dot(m: re.Match[str]) -> str | None:
    # "discord dot gg" is a host; "a dot here" is prose.
    tld = m.group("tld") or m.groupdict().get("tld2") or ""
    return "." if is_tld(tld.lower()) else None


def _scheme(m: re.Match[str]) -> str:
    return f"http{m.group('s').lower()}://"


def _percent(m: re.Match[str]) -> str:
    return "." if m.group()[2] in "eE" else "/"


def _slash(m: re.Match[str]) -> str | None:
    return m.group("tld") + "/" if is_tld(m.group("tld").lower()) else None


def _spelled_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of hosts spelled out letter by letter around a dot or a slash."""
    spans = [m.span() for m in _SPELLED_BEFORE.finditer(text)]
    spans.extend(m.span(1) for m in _SPELLED_AFTER.finditer(text))
    return sorted(spans)


def _unspell(
    text: str, offsets: list[int] | None, spans: list[tuple[int, int]]
) -> tuple[str, list[int]]:
    """Drop the blanks inside the spelled-out spans; each letter keeps its raw offset."""
    base = _every_offset(text, offsets)
    keep = [True] * len(text)
    for start, end in spans:
        for i in range(start, end):
            if text[i] in " \t":
                keep[i] = False
    return (
        "".join(ch for ch, k in zip(text, keep, strict=True) if k),
        [o for o, k in zip(base, keep, strict=True) if k],
    )


def undo_disguises(text: str, offsets: list[int] | None) -> tuple[str, list[int] | None]:
    """Undo the textual disguises of dots, slashes and schemes."""
    if " " in text or "\t" in text:
        spans = _spelled_spans(text)
        if spans:
            text, offsets = _unspell(text, offsets, spans)
    lower = text.lower()
    if "[" in text or "(" in text or "{" in text or "<" in text:
        text, offsets = _apply(text, offsets, _BRACKETED, lambda _m: ".")
    if "dot" in lower or "point" in lower or "punkt" in lower:
        text, offsets = _apply(text, offsets, _WORD_DOT, _tld_dot)
    slashed = "/" in text or "\\" in text
    if " ." in text or "\t." in text or (slashed and (". " in text or ".\t" in text)):
        text, offsets = _apply(text, offsets, _SPACED_DOT, _tld_dot)
    if "xxp" in lower or "**p" in lower or (slashed and _ODD_SCHEME.search(text)):
        text, offsets = _apply(text, offsets, _SCHEME, _scheme)
    if "%2" in text:
        text, offsets = _apply(text, offsets, _PERCENT, _percent)
    if " /" in text or "/ " in text or " \\" in text or "\\ " in text:
        text, offsets = _apply(text, offsets, _SLASH_GAP, _slash)
    return text, offsets


def _apply(
    text: str,
    offsets: list[int] | None,
    pattern: re.Pattern[str],
    replace: Callable[[re.Match[str]], str | None],
) -> tuple[str, list[int] | None]:
    """Splice the replacements of ``pattern`` into ``text`` and its offsets."""
    pieces: list[str] = []
    new_offsets: list[int] = []
    base = _every_offset(text, offsets)
    pos = 0
    for m in pattern.finditer(text):
        out = replace(m)
        if out is None:
            continue
        start, end = m.span()
        pieces.append(text[pos:start])
        new_offsets.extend(base[pos:start])
        pieces.append(out)
        new_offsets.extend([base[start]] * len(out))
        pos = end
    if not pieces:
        return text, offsets
    pieces.append(text[pos:])
    new_offsets.extend(base[pos:])
    return "".join(pieces), new_offsets


def _every_offset(text: str, offsets: list[int] | None) -> list[int]:
    """Return the raw offset of each character, spelling out the identity map."""
    return list(range(len(text))) if offsets is None else offsets
