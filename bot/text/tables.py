"""Build the memoized per-code-point tables of stage one."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import partial
from typing import Final, Generic, TypeVar

from confusable_homoglyphs import categories as _scripts

from bot.text.confusables import fold
from bot.text.invisible import classify_blank
from bot.text.kinds import (
    K_COMPAT,
    K_CONFUSABLE,
    K_EMOJI,
    K_LATIN,
    K_MARK,
    K_OTHER_SCRIPT,
    K_SCRIPTS,
    PLAIN_KINDS,
)

_K = TypeVar("_K")
_V = TypeVar("_V")

_CACHE_LIMIT: Final = 70_000  # per-code-point caches: the whole BMP fits
# Only these decompositions count as typographic evasion; superscripts such
# as "m²" or ligatures are ordinary text.
_BOXED_LETTER: Final = re.compile(
    r"(?:NEGATIVE )?(?:SQUARED|CIRCLED|PARENTHESIZED) LATIN CAPITAL LETTER ([A-Z])"
)
_COMPAT_TAGS: Final = frozenset({"<wide>", "<font>", "<circle>", "<square>", "<narrow>"})
# Raised dots and bullets of other blocks, typed between letters to split a word ("n‧u‧d‧e‧s"):
# read as the middle dot the later stages know. Neither NFKC nor the confusables data maps them.
_DOTS: Final = frozenset("\u2023\u2027\u2043\u2219\u22c5\u2e31\u2e33\u30fb\uff65")
# The lunate sigma symbols (U+03F2, U+03F9) look like "c" and "C", so says the confusables
# data, but NFKC turns them into the sigma letters, which pass for "o": read them first.
_BEFORE_NFKC: Final = {"\u03f2": "c", "\u03f9": "c"}


def _classify(ch: str) -> tuple[str, int]:
    """Compute what one raw character becomes in stage one, and its kind."""
    if ch.isascii() and ch.isprintable():
        return ch.lower(), 0
    blank = classify_blank(ch)
    if blank is not None:
        return blank
    if ch in _DOTS:
        return "\u00b7", 0
    cp = ord(ch)
    category = unicodedata.category(ch)
    kind = 0
    if category == "So" or 0x1F3FB <= cp <= 0x1F3FF:
        kind |= K_EMOJI
    if category[0] == "L":
        kind |= K_LATIN if _scripts.alias(ch) == "LATIN" else K_OTHER_SCRIPT
    boxed = _BOXED_LETTER.fullmatch(unicodedata.name(ch, "")) if category == "So" else None
    if boxed is not None:
        # Negative squared and circled letters (🅢🅝🅐🅟) have no NFKC form.
        return boxed.group(1).lower(), K_COMPAT
    early = _BEFORE_NFKC.get(ch)
    if early is not None:
        kind |= K_CONFUSABLE
    nfkc = early or unicodedata.normalize("NFKC", ch)
    if nfkc != ch and unicodedata.decomposition(ch).split(" ", 1)[0] in _COMPAT_TAGS:
        kind |= K_COMPAT
    pieces: list[str] = []
    for c in nfkc:
        folded, confusable = fold(c)
        pieces.append(folded)
        if confusable:
            kind |= K_CONFUSABLE
    out = "".join(pieces)
    if not out.strip():
        # Spacing accents (acute, diaeresis) decompose to a space and a mark.
        return "", kind | K_MARK
    return out, kind


class Memo(dict[_K, _V], Generic[_K, _V]):
    """A dict that computes missing values and keeps a bounded number of them."""

    __slots__ = ("_compute",)

    def __init__(self, compute: Callable[[_K], _V]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, key: _K) -> _V:
        value = self._compute(key)
        # Bounded so a stream of rare code points cannot grow memory forever.
        if len(self) < _CACHE_LIMIT:
            self[key] = value
        return value


TABLE: Final = Memo(_classify)


def _is_plain(out: str, kind: int, plain_kinds: int = PLAIN_KINDS) -> bool:
    """Tell whether a character maps to exactly one character and raises no flag."""
    return len(out) == 1 and not kind & ~plain_kinds


def _marked(cp: int, plain_kinds: int) -> str:
    """Return the output of a plain code point, or NUL to resolve it later."""
    out, kind = TABLE[chr(cp)]
    return out if _is_plain(out, kind, plain_kinds) else "\0"


# str.translate tables: the second one also passes letters of other scripts,
# whose flags are then found by script_flags.
MARKED: Final = Memo(partial(_marked, plain_kinds=PLAIN_KINDS))
MARKED_LETTERS: Final = Memo(partial(_marked, plain_kinds=PLAIN_KINDS | K_SCRIPTS))


def _build_cp1252() -> bytes:
    """Build the byte table doing what MARKED does, for cp1252 text."""
    table = bytearray(256)  # 0 marks "needs the slow path", as NUL does
    for byte in range(256):
        try:
            ch = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
        out, kind = TABLE[ch]
        if _is_plain(out, kind):
            try:
                table[byte] = out.encode("cp1252")[0]
            except UnicodeEncodeError:
                continue
    return bytes(table)


# French and English chat is almost always cp1252 (accents, curly quotes,
# guillemets, euro sign, oe ligature): a byte-level translate handles it in C.
CP1252: Final = _build_cp1252()
