"""Count what spam triggers measure in a text: links, emoji, capitals, combining marks.

Every function here runs on every message, so each starts with the cheapest
test that rules its work out (most chat is short, ASCII and plain).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Final, NamedTuple

# TLDs that spam links use; file extensions (py, rs, sh, md, pl...) and words
# that follow a period typed without a space (in, it, to, re...) are left out.
_TLDS: Final = [
    *["com", "net", "org", "info", "biz", "io", "gg", "ly", "me", "co", "app", "dev", "xyz"],
    *["site", "online", "shop", "store", "club", "top", "live", "link", "gift", "lol", "cam"],
    *["sex", "xxx", "porn", "dating", "fr", "be", "ch", "ca", "uk", "de", "eu", "ru", "su"],
    *["ua", "tv", "cc", "ws", "tk", "ml", "ga", "cf", "gq", "pw", "cn", "br", "es", "nl"],
    *["se", "au", "jp", "ma", "dz", "tn", "sn", "ci", "cm", "lu", "pt", "ro", "cz"],
]
# A URL ends before the punctuation that closes the sentence around it.
_TAIL: Final = r"[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}]"
_URL: Final = re.compile(
    rf"(?:\b[a-z][a-z0-9+.-]{{1,15}}://|\bwww\.){_TAIL}"
    r"|\b(?:[a-z0-9-]{1,63}\.)+(?:"
    + "|".join(sorted(_TLDS, key=len, reverse=True))
    + rf")\b(?:/(?:{_TAIL})?)?",
    re.IGNORECASE,
)
# Prose puts a space after its periods; a link has a letter right after a dot
# (or "://"), so most messages are done with after this one cheap scan.
_DOT_LETTER: Final = re.compile(r"\.[a-z]", re.IGNORECASE)
# Discord custom emoji as they appear in message text: <:name:id> or <a:name:id>.
_CUSTOM_EMOJI: Final = re.compile(r"<a?:\w{1,32}:\d{15,21}>")
_SKIN_TONES: Final = "\U0001f3fb-\U0001f3ff"
_TAG_SEQUENCE: Final = "(?:[\U000e0020-\U000e007e]+\U000e007f)"
_VARIATION_SELECTORS: Final = frozenset([*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])


def link_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of the URLs and bare domains written plainly in ``text``."""
    if "://" not in text and _DOT_LETTER.search(text) is None:
        return []
    return [m.span() for m in _URL.finditer(text)]


def count_links(text: str) -> int:
    """Count the URLs and bare domains written plainly in ``text``."""
    if "://" not in text and _DOT_LETTER.search(text) is None:
        return 0
    return len(_URL.findall(text))


def _class_of(codepoints: list[int]) -> str:
    """Write sorted code points as a regex character class body of ranges."""
    parts: list[str] = []
    start = prev = codepoints[0]
    for cp in [*codepoints[1:], -1]:
        if cp == prev + 1:
            prev = cp
            continue
        parts.append(re.escape(chr(start)))
        if prev > start:
            parts.append("-" + re.escape(chr(prev)))
        start = prev = cp
    return "".join(parts)


# Emoji (Unicode emoji-data, Emoji=Yes) outside the astral plane, where they are
# few and settled; ©, ® and ™ only count in their emoji form, with U+FE0F.
_BMP_EMOJI: Final = (
    "\u203c\u2049\u2139\u2194-\u2199\u21a9-\u21aa\u231a-\u231b\u2328\u23cf\u23e9-\u23f3"
    "\u23f8-\u23fa\u24c2\u25aa-\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u2604\u260e\u2611"
    "\u2614-\u2615\u2618\u261d\u2620\u2622-\u2623\u2626\u262a\u262e-\u262f\u2638-\u263a"
    "\u2640\u2642\u2648-\u2653\u265f-\u2660\u2663\u2665-\u2666\u2668\u267b\u267e-\u267f"
    "\u2692-\u2697\u2699\u269b-\u269c\u26a0-\u26a1\u26a7\u26aa-\u26ab\u26b0-\u26b1"
    "\u26bd-\u26be\u26c4-\u26c5\u26c8\u26ce-\u26cf\u26d1\u26d3-\u26d4\u26e9-\u26ea"
    "\u26f0-\u26f5\u26f7-\u26fa\u26fd\u2702\u2705\u2708-\u270d\u270f\u2712\u2714\u2716"
    "\u271d\u2721\u2728\u2733-\u2734\u2744\u2747\u274c\u274e\u2753-\u2755\u2757"
    "\u2763-\u2764\u2795-\u2797\u27a1\u27b0\u27bf\u2934-\u2935\u2b05-\u2b07\u2b1b-\u2b1c"
    "\u2b50\u2b55\u3030\u303d\u3297\u3299"
)
# Astral pictographs, where new emoji are added every year: whole blocks, less
# the enclosed letters (🄰, 🅐) that fancy-text generators use as letters.
_ASTRAL_EMOJI: Final = (
    "\U0001f000-\U0001f0ff\U0001f170-\U0001f171\U0001f17e-\U0001f17f\U0001f18e"
    "\U0001f191-\U0001f19a\U0001f200-\U0001faff"
)
_ELEMENT: Final = (
    f"(?:[{_BMP_EMOJI}{_ASTRAL_EMOJI}]|[\u00a9\u00ae\u2122](?=\ufe0f))"
    f"\ufe0f?[{_SKIN_TONES}]?{_TAG_SEQUENCE}?"
)
#: One emoji as people see it, as a pattern other triggers can embed.
EMOJI_PATTERN: Final = (
    "[\U0001f1e6-\U0001f1ff]{2}"  # a flag is a pair of regional indicators
    "|[0-9#*]\ufe0f?\u20e3"  # keycap
    f"|{_ELEMENT}(?:\u200d{_ELEMENT})*"  # one pictograph, toned, or a ZWJ sequence of them
)
_EMOJI: Final = re.compile(EMOJI_PATTERN)
# Where an emoji may start; plain accented text has none and is done with at once.
_EMOJI_HINT: Final = re.compile(f"[{_BMP_EMOJI}\u00a9\u00ae\u2122\u20e3\U00010000-\U0010ffff]")


def count_emoji(text: str) -> int:
    """Count emoji as people see them: a ZWJ family, a flag or a toned hand is one."""
    custom = len(_CUSTOM_EMOJI.findall(text)) if "<" in text else 0
    if text.isascii():
        return custom
    hint = _EMOJI_HINT.search(text)
    if hint is None:
        return custom
    # A keycap starts one character before its U+20E3.
    return custom + len(_EMOJI.findall(text, max(hint.start() - 2, 0)))


class Caps(NamedTuple):
    """Capital letters among the letters of a text."""

    upper: int
    letters: int


def _cp1252_deleting(keep: Callable[[str], bool]) -> bytes:
    """Return the cp1252 bytes whose character fails ``keep``, to delete with translate."""
    gone = bytearray()
    for byte in range(256):
        try:
            kept = keep(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            kept = False
        if not kept:
            gone.append(byte)
    return bytes(gone)


_NOT_UPPER: Final = _cp1252_deleting(str.isupper)
_NOT_LETTER: Final = _cp1252_deleting(str.isalpha)


def count_caps(text: str, min_upper: float = 0) -> Caps | None:
    """Count capitals and letters, or return None as soon as capitals are fewer than min_upper.

    French and English text fits cp1252, where ``bytes.translate`` counts in C.
    """
    try:
        raw = text.encode("ascii" if text.isascii() else "cp1252")
    except UnicodeEncodeError:
        upper = sum(map(str.isupper, text))
        return None if upper < min_upper else Caps(upper, sum(map(str.isalpha, text)))
    upper = len(raw.translate(None, _NOT_UPPER))
    if upper < min_upper:
        return None
    return Caps(upper, len(raw.translate(None, _NOT_LETTER)))


class _MarkTables(NamedTuple):
    """Regexes over combining marks (Mn, Me), variation selectors aside."""

    gate: re.Pattern[str]  # a BMP mark, or any astral character
    bmp: re.Pattern[str]  # a run of BMP marks
    full: re.Pattern[str]  # a run of marks from any plane
    astral: frozenset[str]  # astral marks (Brahmi, musical symbols...)


_ASTRAL: Final = re.compile("[\U00010000-\U0010ffff]")


@cache
def _mark_tables() -> _MarkTables:
    """Build the mark regexes from the Unicode database (~20 ms, once)."""
    marks = [
        cp
        for cp in (*range(0x300, 0x20000), *range(0xE0100, 0xE01F0))
        if cp not in _VARIATION_SELECTORS and unicodedata.category(chr(cp)) in ("Mn", "Me")
    ]
    bmp = _class_of([cp for cp in marks if cp <= 0xFFFF])
    # Astral ranges in a class are tried one by one for every character that
    # misses the BMP table, so they stay out of the regexes plain text runs.
    return _MarkTables(
        gate=re.compile(f"[{bmp}\U00010000-\U0010ffff]"),
        bmp=re.compile(f"[{bmp}]+"),
        full=re.compile(f"[{_class_of(marks)}]+"),
        astral=frozenset(chr(cp) for cp in marks if cp > 0xFFFF),
    )


class Marks(NamedTuple):
    """Combining marks in a text: how many, the longest stack and where it is."""

    total: int
    longest: int
    start: int
    end: int


NO_MARKS: Final = Marks(0, 0, 0, 0)


def count_marks(text: str) -> Marks:
    """Count combining marks and find the longest stack on one character."""
    if text.isascii():
        return NO_MARKS
    tables = _mark_tables()
    if tables.gate.search(text) is None:
        return NO_MARKS
    runs = tables.bmp
    if not tables.astral.isdisjoint(_ASTRAL.findall(text)):
        runs = tables.full
    total = longest = start = end = 0
    for m in runs.finditer(text):
        size = m.end() - m.start()
        total += size
        if size > longest:
            longest, start, end = size, max(m.start() - 1, 0), m.end()
    return Marks(total, longest, start, end) if total else NO_MARKS
