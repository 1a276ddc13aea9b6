"""Find links in chat text, seeing through the ways people disguise them.

A link is found on the deobfuscated view of the raw text (see `plugins.links.view`)
and reported with its raw offsets. Every message goes through :func:`find_links`,
so it starts with a hint test (a few substring scans) that rules most chat out
before any regex runs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, NamedTuple

from plugins.links.domains import decode_host, public_suffix
from plugins.links.view import DOTS, View, deobfuscate

__all__ = ["Found", "find_links"]

# A dot-lookalike in text that is not ASCII: "discord\u3002gg" has no ASCII dot at all.
_DOTLIKE: Final = re.compile(f"[{DOTS}\ufe52\uff0e]")
# After a dot and spaces, a TLD then a slash: "discord. gg/abc".
_SPACED_TLD: Final = re.compile(r"[ \t]+[a-z]{2,24}[ \t]*[/\\]", re.IGNORECASE)
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
    prefix = "" if scheme else "https://"
    return _link(view, (m.start(), end), prefix, host=host, path=path, scheme=scheme or "https")


def _matrix_uris(view: View) -> list[Found]:
    found = []
    for m in _MATRIX_URI.finditer(view.text):
        path = _trim(m.group("path"))
        end = m.start("path") + len(path)
        found.append(_link(view, (m.start(), end), "", host="", path=path, scheme="matrix"))
    return found


def _link(
    view: View, span: tuple[int, int], prefix: str, *, host: str, path: str, scheme: str
) -> Found:
    """Report the link at ``span`` of the view, with its raw span and text."""
    start, end = span
    raw_start, raw_end = view.to_raw(start, end)
    text = view.raw[raw_start:raw_end]
    matched = view.text[start:end]
    return Found(
        start=raw_start,
        end=raw_end,
        text=text,
        url=prefix + matched,
        host=host,
        path=path,
        scheme=scheme,
        obfuscated=text != matched,
    )


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
