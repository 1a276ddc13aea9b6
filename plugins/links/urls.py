"""Find links in chat text, seeing through the ways people disguise them.

A link is found on a *deobfuscated* view of the raw text that keeps the case
(invite codes are case-sensitive) and maps back to raw offsets: fullwidth and
other compatibility forms folded by NFKC, invisible characters dropped, dot
and slash lookalikes made ASCII, and the textual tricks undone: ``[.]``,
``(dot)``, `` dot ``, ``discord . gg / abc``, ``hxxp``, ``%2E``.

Every message goes through :func:`find_links`, so it starts with a hint test
(a few substring scans) that rules most chat out before any regex runs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Final, NamedTuple

from plugins.links.domains import decode_host, is_tld, public_suffix

__all__ = ["Found", "deobfuscate", "find_links"]

# Characters that read as a dot or a slash in a URL, beyond what NFKC folds.
_DOTS: Final = "\u3002\uff61\u2024\u2027\u30fb\u2e31\u00b7\u2022\u2219\u22c5\u16eb\u2e33"
_SLASHES: Final = "\u2044\u2215\u29f8\u2571"
# Zero-width and other format characters that split a word without showing.
_INVISIBLE_CATEGORIES: Final = frozenset({"Cf", "Mn", "Me", "Cc"})


def _fold(ch: str) -> str:
    """Return what one non-ASCII character becomes in the deobfuscated view."""
    if ch in _DOTS:
        return "."
    if ch in _SLASHES:
        return "/"
    if unicodedata.category(ch) in _INVISIBLE_CATEGORIES:
        return ""
    nfkc = unicodedata.normalize("NFKC", ch)
    if nfkc.isascii() and nfkc.isprintable():
        return nfkc
    if nfkc in _DOTS:
        return "."
    # Letters of other scripts stay: a Cyrillic a makes a different host, which the
    # lookalike check reads through the skeleton, not here.
    return ch


class _Table(dict[int, str]):
    """A ``str.translate`` table built on demand, bounded like bot.text's."""

    __slots__ = ()
    _LIMIT: Final = 70_000

    def __missing__(self, cp: int) -> str:
        value = _fold(chr(cp))
        if len(self) < self._LIMIT:
            self[cp] = value
        return value


_TABLE: Final = _Table()
# Soft hyphen, no-break space, middle dot and bullet.
_CP1252_FOLDED: Final = ("\u00ad", "\u00a0", "\u00b7", "\u2022")

# A dot-lookalike in text that is not ASCII: "discord\u3002gg" has no ASCII dot at all.
_DOTLIKE: Final = re.compile(f"[{_DOTS}\ufe52\uff0e]")
# After a dot and spaces, a TLD then a slash: "discord. gg/abc".
_SPACED_TLD: Final = re.compile(r"[ \t]+[a-z]{2,24}[ \t]*[/\\]", re.IGNORECASE)

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
# Where a host may start, looking back from its first dot.
_HOST_CHARS: Final = frozenset("-_")
_URL: Final = re.compile(
    r"(?<![\w@.:/#!%+-])"
    r"(?:(?P<scheme>https?|ftp)://(?P<ip>\d{1,3}(?:\.\d{1,3}){3})"
    r"|(?:(?P<scheme2>https?|ftp)://)?"
    r"(?P<host>(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})))"
    r"(?![\w-])(?::\d{1,5})?"
    r"(?P<path>[/\\?#][^\s<>\"'`]*)?",
    re.IGNORECASE,
)
_MATRIX_URI: Final = re.compile(
    r"(?<![\w.-])matrix:(?://[^/\s]*/)?(?P<path>[^\s<>\"'`]+)", re.IGNORECASE
)
# A path ends before the punctuation that closes the sentence around it.
_TRAILING: Final = ".,;:!?\"')]}>*"
# Top-level domains that are also words or file extensions: a bare "fini.merci"
# or "main.py" with no scheme, no www and no path is prose, not a link.
_WORDY_TLDS: Final = frozenset(
    {"in", "it", "to", "re", "so", "is", "at", "on", "no", "la", "le", "ma", "my", "us", "as"}
    | {"an", "do", "go", "am", "pm", "me", "be", "de", "ne", "se", "et", "tu", "il", "es", "en"}
    | {"un", "ou", "py", "md", "sh", "rs", "pl", "zip", "mov", "sa", "ai", "ca", "ch", "cc"}
    | {"st", "ps", "gg", "lol"}
)
_CACHE_MAX_LEN: Final = 4000


class Found(NamedTuple):
    """A link found in a text: where it is in the raw text and where it points."""

    start: int
    end: int
    text: str
    url: str
    host: str
    path: str
    scheme: str
    obfuscated: bool


class View(NamedTuple):
    """The deobfuscated view of a raw text, with the raw index of each character."""

    raw: str
    text: str
    offsets: tuple[int, ...] | None

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the view back to the raw text."""
        if self.offsets is None:
            return start, end
        offsets = self.offsets
        raw_start = offsets[start] if start < len(offsets) else len(self.raw)
        raw_end = offsets[end - 1] + 1 if end > start else raw_start
        return raw_start, raw_end


def _translate(raw: str) -> tuple[str, list[int] | None]:
    """Fold non-ASCII characters, keeping offsets only when the length changes."""
    if raw.isascii():
        return raw, None
    try:
        raw.encode("cp1252")
    except UnicodeEncodeError:
        pass
    else:
        # French and English chat is cp1252; of its characters only these change a link.
        if not any(ch in raw for ch in _CP1252_FOLDED):
            return raw, None
    text = raw.translate(_TABLE)
    if text == raw:
        return raw, None
    if len(text) == len(raw) and all(len(_TABLE[ord(c)]) == 1 for c in raw if not c.isascii()):
        return text, None
    pieces: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(raw):
        out = ch if ch.isascii() else _TABLE[ord(ch)]
        pieces.append(out)
        offsets.extend([i] * len(out))
    return "".join(pieces), offsets


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
    base = list(range(len(text))) if offsets is None else offsets
    keep = [True] * len(text)
    for start, end in spans:
        for i in range(start, end):
            if text[i] in " \t":
                keep[i] = False
    return (
        "".join(ch for ch, k in zip(text, keep, strict=True) if k),
        [o for o, k in zip(base, keep, strict=True) if k],
    )


def _rewrite(text: str, offsets: list[int] | None) -> tuple[str, list[int] | None]:
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
    base = list(range(len(text))) if offsets is None else offsets
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


def deobfuscate(raw: str) -> View:
    """Return the deobfuscated view of ``raw`` with its map back to raw offsets."""
    text, offsets = _translate(raw)
    text, offsets = _rewrite(text, offsets)
    return View(raw, text, None if offsets is None else tuple(offsets))


def _hinted(raw: str) -> bool:
    """Tell cheaply whether ``raw`` may hold a link, plain or disguised; most chat does not."""
    i = raw.find(".")
    while i != -1:
        after = raw[i + 1 : i + 2]
        if after.isalnum() or after in "])}>" or raw[i - 1 : i] in " \t[({<":
            return True
        if after in " \t" and _SPACED_TLD.match(raw, i + 1):
            return True
        i = raw.find(".", i + 1)
    lower = raw.lower()
    if "dot" in lower or "point" in lower or "%2e" in lower or "matrix:" in lower:
        return True
    return not raw.isascii() and _DOTLIKE.search(raw) is not None


def _trim(path: str) -> str:
    """Drop the sentence punctuation glued to the end of a path."""
    while path and path[-1] in _TRAILING:
        if path[-1] == ")" and path.count("(") >= path.count(")"):
            break
        path = path[:-1]
    return path


def _host_start(text: str, dot: int) -> int:
    """Walk back from a host's first dot to where the host (or its scheme) starts."""
    i = dot
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] in _HOST_CHARS):
        i -= 1
    if text[i - 3 : i] == "://":
        j = i - 3
        while j > 0 and text[j - 1].isalpha():
            j -= 1
        return j
    return i


def _links(view: View) -> list[Found]:
    text = view.text
    found: list[Found] = []
    done = 0
    # Every host has a dot followed by a letter or digit: only those places are tried,
    # which is much faster than letting the pattern scan every position.
    dot = text.find(".")
    while dot != -1:
        if dot >= done and text[dot + 1 : dot + 2].isalnum():
            m = _URL.match(text, _host_start(text, dot))
            if m is not None:
                done = m.end()
                link = _found(view, m)
                if link is not None:
                    found.append(link)
        dot = text.find(".", max(dot + 1, done))
    if "atrix:" in text or "ATRIX:" in text:
        found.extend(_matrix_uris(view))
    return found


def _found(view: View, m: re.Match[str]) -> Found | None:
    raw = view.raw
    scheme = (m.group("scheme") or m.group("scheme2") or "").lower()
    host = m.group("ip") or m.group("host")
    path = _trim(m.group("path") or "")
    end = m.end() - len(m.group("path") or "") + len(path)
    if m.group("ip") is None:
        host = decode_host(host)
        tld = host.rsplit(".", 1)[-1]
        if public_suffix(host) is None:
            return None
        if not scheme and not path and not host.startswith("www.") and tld in _WORDY_TLDS:
            return None
    start = m.start()
    raw_start, raw_end = view.to_raw(start, end)
    matched = view.text[start:end]
    return Found(
        start=raw_start,
        end=raw_end,
        text=raw[raw_start:raw_end],
        url=matched if scheme else f"https://{matched}",
        host=host,
        path=path,
        scheme=scheme or "https",
        obfuscated=raw[raw_start:raw_end] != matched,
    )


def _matrix_uris(view: View) -> list[Found]:
    raw = view.raw
    found = []
    for m in _MATRIX_URI.finditer(view.text):
        path = _trim(m.group("path"))
        end = m.start("path") + len(path)
        raw_start, raw_end = view.to_raw(m.start(), end)
        matched = view.text[m.start() : end]
        found.append(
            Found(
                start=raw_start,
                end=raw_end,
                text=raw[raw_start:raw_end],
                url=matched,
                host="",
                path=path,
                scheme="matrix",
                obfuscated=raw[raw_start:raw_end] != matched,
            )
        )
    return found


def _find(raw: str) -> tuple[Found, ...]:
    if not raw or not _hinted(raw):
        return ()
    return tuple(_links(deobfuscate(raw)))


# The links, invites and first_message triggers all look at the same message: the
# second and third get the answer, empty or not, from here.
_find_cached: Final = lru_cache(maxsize=4096)(_find)


def find_links(raw: str) -> tuple[Found, ...]:
    """Return the links in ``raw``, plain or disguised, in order of appearance."""
    if len(raw) <= _CACHE_MAX_LEN:
        return _find_cached(raw)
    return _find(raw)
