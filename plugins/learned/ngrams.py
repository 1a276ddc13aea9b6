"""Cut a normalized text into the character and word n-grams the model was trained on.

The same cuts as scikit-learn's `char_wb` and `word` analyzers (tests compare them term for
term): the bot process scores without importing scikit-learn, which costs ~80 MB of memory
and whose analyzer is slower than these few lines.
"""

from __future__ import annotations

import re

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
        grams.extend([" ".join(words[start : start + n]) for start in range(len(words) - n + 1)])
    return grams
