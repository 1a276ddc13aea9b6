"""Classify whitespace, invisible characters and combining marks."""

from __future__ import annotations

import unicodedata
from typing import Final

from bot.text.kinds import K_INVISIBLE, K_JOINER, K_MARK, K_TAG

BLACK_FLAG: Final = "\U0001f3f4"
VARIATION_SELECTORS: Final = frozenset(map(chr, range(0xFE00, 0xFE10)))
# Blank-looking characters that are not whitespace to Unicode: used to pad
# names and split words while looking like a space, so counted as invisible.
_BLANKS: Final = frozenset("\u115f\u1160\u2800\u3164\uffa0")
# Invisible characters that are not in category Cf.
_EXTRA_INVISIBLE: Final = frozenset(
    ["\u034f", "\u17b4", "\u17b5", "\u180b", "\u180c", "\u180d", "\u180f"]
    + [chr(c) for c in range(0xE0100, 0xE01F0)]  # variation selectors supplement
)


def classify_blank(ch: str) -> tuple[str, int] | None:
    """Classify whitespace, invisible characters and marks, or return None."""
    cp = ord(ch)
    if ch in VARIATION_SELECTORS:
        return "", K_MARK
    if ch in _BLANKS:
        return " ", K_INVISIBLE
    category = unicodedata.category(ch)
    if ch.isspace() or category in ("Zs", "Zl", "Zp"):
        return " ", 0
    if category in ("Cf", "Cc") or ch in _EXTRA_INVISIBLE:
        kind = K_INVISIBLE
        if ch in "\u200c\u200d":
            kind |= K_JOINER
        elif 0xE0020 <= cp <= 0xE007F:
            kind |= K_TAG
        return "", kind
    if category in ("Mn", "Me"):
        return "", K_MARK
    return None
