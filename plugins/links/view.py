"""The deobfuscated view of a text: lookalike characters folded, offsets mapped back to the raw.

The view keeps the case (invite codes are case-sensitive): fullwidth and other
compatibility forms are folded by NFKC, invisible characters dropped, dot and
slash lookalikes made ASCII; then the textual disguises are undone.
"""

from __future__ import annotations

import unicodedata
from typing import Final, NamedTuple

from plugins.links.disguises import undo_disguises

__all__ = ["DOTS", "View", "deobfuscate"]

# Characters that read as a dot or a slash in a URL, beyond what NFKC folds.
DOTS: Final = "\u3002\uff61\u2024\u2027\u30fb\u2e31\u00b7\u2022\u2219\u22c5\u16eb\u2e33"
_SLASHES: Final = "\u2044\u2215\u29f8\u2571"
# Zero-width and other format characters that split a word without showing.
_INVISIBLE_CATEGORIES: Final = frozenset({"Cf", "Mn", "Me", "Cc"})


def _fold(ch: str) -> str:
    """Return what one non-ASCII character becomes in the deobfuscated view."""
    if ch in DOTS:
        return "."
    if ch in _SLASHES:
        return "/"
    if unicodedata.category(ch) in _INVISIBLE_CATEGORIES:
        return ""
    nfkc = unicodedata.normalize("NFKC", ch)
    if nfkc.isascii() and nfkc.isprintable():
        return nfkc
    if nfkc in DOTS:
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


def deobfuscate(raw: str) -> View:
    """Return the deobfuscated view of ``raw`` with its map back to raw offsets."""
    text, offsets = _translate(raw)
    text, offsets = undo_disguises(text, offsets)
    return View(raw, text, None if offsets is None else tuple(offsets))
