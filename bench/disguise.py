"""Disguise text the way people hide words from filters: one trick at a time, seeded.

Each trick rewrites some words of four letters or more (three in five, drawn by the RNG):
leetspeak digits and symbols, separators between letters, stretched vowels, Cyrillic or
Greek lookalikes, zero-width characters and soft hyphens, fullwidth or mathematical letters,
spaced capitals, and leetspeak with an invisible character inside.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Final

Trick = Callable[[str, random.Random], str]

_WORD: Final = re.compile(r"[A-Za-zÀ-ÿ]{4,}")
#: Share of the eligible words a trick rewrites.
_SHARE: Final = 0.6
_LEET: Final = {
    "a": "4@", "e": "3", "i": "1!", "o": "0", "s": "5$", "t": "7", "l": "1", "g": "9", "b": "8",
}  # fmt: skip
_CYRILLIC: Final = dict(
    zip(
        "aeopcxyikhsj",
        "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0456\u043a\u04bb\u0455\u0458",
        strict=True,
    )
)
_GREEK: Final = dict(
    zip(
        "aoikvuntpxe",
        "\u03b1\u03bf\u03b9\u03ba\u03bd\u03c5\u03b7\u03c4\u03c1\u03c7\u03b5",
        strict=True,
    )
)
_SEPARATORS: Final = (".", "-", " ", "_", "*", "/", "|", "·")
_INVISIBLE: Final = ("\u200b", "\u200c", "\u200d", "\u2060", "\u00ad")
_FULLWIDTH: Final = 0xFEE0
_MATH_BOLD_SMALL, _MATH_BOLD_CAPITAL = 0x1D41A, 0x1D400


def _leet(word: str, rng: random.Random) -> str:
    return "".join(
        rng.choice(_LEET[c.lower()]) if c.lower() in _LEET and rng.random() < 0.5 else c
        for c in word
    )


def _separated(word: str, rng: random.Random) -> str:
    return rng.choice(_SEPARATORS).join(word)


def _stretched(word: str, _rng: random.Random) -> str:
    return "".join(c * 3 if c.lower() in "aeiouy" else c for c in word)


def _lookalikes(table: dict[str, str]) -> Trick:
    def swap(word: str, rng: random.Random) -> str:
        return "".join(table.get(c, c) if rng.random() < _SHARE else c for c in word)

    return swap


def _invisible(word: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "\u200b".join(word)
    middle = len(word) // 2
    return word[:middle] + rng.choice(_INVISIBLE) + word[middle:]


def _fullwidth(word: str, _rng: random.Random) -> str:
    return "".join(chr(ord(c) + _FULLWIDTH) if c.isascii() and c.isalpha() else c for c in word)


def _math_bold(word: str, _rng: random.Random) -> str:
    out = []
    for c in word:
        if "a" <= c <= "z":
            out.append(chr(_MATH_BOLD_SMALL + ord(c) - ord("a")))
        elif "A" <= c <= "Z":
            out.append(chr(_MATH_BOLD_CAPITAL + ord(c) - ord("A")))
        else:
            out.append(c)
    return "".join(out)


def _spaced_capitals(word: str, _rng: random.Random) -> str:
    return " ".join(word.upper())


def _leet_invisible(word: str, rng: random.Random) -> str:
    return _invisible(_leet(word, rng), rng)


TRICKS: Final[dict[str, Trick]] = {
    "leet": _leet,
    "separators": _separated,
    "stretched": _stretched,
    "cyrillic": _lookalikes(_CYRILLIC),
    "greek": _lookalikes(_GREEK),
    "invisible": _invisible,
    "fullwidth": _fullwidth,
    "math": _math_bold,
    "spaced-capitals": _spaced_capitals,
    "leet-invisible": _leet_invisible,
}


def disguise(text: str, trick: str, rng: random.Random) -> str:
    """Return `text` with some of its words rewritten by the named trick."""
    rewrite = TRICKS[trick]
    return _WORD.sub(
        lambda m: rewrite(m.group(), rng) if rng.random() < _SHARE else m.group(), text
    )
