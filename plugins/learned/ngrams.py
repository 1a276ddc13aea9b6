"""Cut a normalized text into the character and word n-grams the model was trained on.

The same cuts as scikit-learn's `char_wb` and `word` analyzers (tests compare them term for
term): the bot process scores without importing scikit-learn, which costs ~80 MB of memory
and whose analyzer is slower than these few lines. `CharCounter` finds the character n-grams
of a vocabulary without cutting them one by one (tests compare it with `char_ngrams`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice
from operator import itemgetter
from typing import TYPE_CHECKING

import ahocorasick
import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

#: Words of one letter count too ("5 g", "x 2"): scikit-learn's default pattern drops them.
WORD_PATTERN = r"(?u)\b\w+\b"
_WORD = re.compile(WORD_PATTERN)


def char_ngrams(text: str, low: int, high: int) -> list[str]:
    """Return the n-grams of `low` to `high` characters inside each space-padded word."""
    grams: list[str] = []
    for word in text.lower().split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            if size <= n:
                # A word shorter than n is one n-gram, counted once for all larger n.
                grams.append(padded)
                break
            grams.extend([padded[start : start + n] for start in range(size - n + 1)])
    return grams


def word_ngrams(text: str, low: int, high: int) -> list[str]:
    """Return the runs of `low` to `high` consecutive words."""
    words = _WORD.findall(text.lower())
    grams = words[:] if low == 1 else []
    for n in range(max(low, 2), min(high, len(words)) + 1):
        # The words side by side with their n - 1 followers: zip stops at the last full run.
        grams.extend(map(" ".join, zip(*(islice(words, i, None) for i in range(n)), strict=False)))
    return grams


_VALUE = itemgetter(1)
_NONE = np.empty(0, np.intp)


class CharCounter:
    """Count the `char_ngrams` of a text that are terms of a vocabulary, in one C-level pass."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for index, term in enumerate(terms):
            self._automaton.add_word(term, index)
        if len(self._automaton):
            self._automaton.make_automaton()

    def found(self, text: str) -> npt.NDArray[np.intp]:
        """Return the number of each vocabulary term at each place it occurs in the text."""
        words = text.lower().split()
        if not words or self._automaton.kind != ahocorasick.AHOCORASICK:
            return _NONE
        # Padded words side by side, two spaces apart: the analyzer's n-grams never hold two
        # spaces in a row, so a term is found only inside one padded word, at each place it
        # occurs. A term shorter than the smallest n is a whole padded word, found once per
        # such word, as the analyzer gives it.
        hits = self._automaton.iter(" " + "  ".join(words) + " ")
        return np.fromiter(map(_VALUE, hits), np.intp)
