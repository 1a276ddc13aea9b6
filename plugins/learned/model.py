"""Score a normalized text per category from the arrays of a fitted model."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path

import numpy as np

from plugins.learned.ngrams import CharCounter, word_ngrams

#: Fewer positive examples than this and a category is not learned.
MIN_POSITIVES = 5


_ABSENT = -1
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_NO_WORDS = (np.empty(0, np.intp), np.empty(0, np.float32))


class LearnError(ValueError):
    """Say why no model can be learned from, or loaded for, the examples given."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Say how the model is built; part of the cache key."""

    c: float = 10.0
    char_ngrams: tuple[int, int] = (2, 5)
    word_ngrams: tuple[int, int] = (1, 2)

    def __post_init__(self) -> None:
        """Take the ranges as tuples, also when they come back from JSON as lists."""
        object.__setattr__(self, "char_ngrams", tuple(self.char_ngrams))
        object.__setattr__(self, "word_ngrams", tuple(self.word_ngrams))


class TextModel:
    """Hold one logistic regression per learned category over character and word n-grams."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self.categories: tuple[str, ...] = tuple(arrays["categories"].tolist())
        self.bias = arrays["bias"].astype(np.float64)
        # The word range travels with the weights (a model is read as it was fitted); the
        # character n-grams are found from the vocabulary itself, whatever their range.
        self._word_range = tuple(int(n) for n in arrays["words.range"])
        self._chars = CharCounter(arrays["chars.terms"].tolist())
        self._word_terms: list[str] = arrays["words.terms"].tolist()
        # Word terms are numbered after the character terms: one look-up for both parts.
        offset = len(arrays["chars.terms"])
        self._words = {term: offset + i for i, term in enumerate(self._word_terms)}
        self._offset = offset
        self._idf = np.concatenate((arrays["chars.idf"], arrays["words.idf"]))
        self._weights = np.vstack((arrays["chars.weights"], arrays["words.weights"]))

    @classmethod
    def load(cls, path: Path) -> TextModel:
        """Read a model written by plugins.learned.fitting (plain arrays, no pickle)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls({name: data[name] for name in data.files})
        except (OSError, ValueError, KeyError) as exc:
            raise LearnError(f"{path}: not a learned model ({exc})") from exc

    def read(self, text: str) -> Reading:
        """Score one normalized text, keeping what explains the scores."""
        chars = self._chars.count(text)
        grams = word_ngrams(text, *self._word_range)
        # C-level filter: -1 marks n-grams outside the vocabulary.
        words = sorted(
            Counter(filter(_ABSENT.__ne__, map(self._words.get, grams, repeat(_ABSENT)))).items()
        )
        logits = self.bias
        size = len(chars) + len(words)
        index = np.fromiter(chain(chars, map(_FIRST, words)), np.intp, size)
        if size:
            counts = [*chars.values(), *map(_SECOND, words)]
            values = self._idf[index]
            if max(counts) > 1:
                # Sublinear tf, as TfidfVectorizer(sublinear_tf=True) was trained.
                values *= 1.0 + np.log(np.array(counts, np.float32))
            # Each part is L2-normalized on its own, as each vectorizer normalizes its rows.
            for part in (slice(0, len(chars)), slice(len(chars), None)):
                norm = float(values[part] @ values[part])
                if norm:
                    values[part] /= math.sqrt(norm)
            logits = logits + values @ self._weights[index]
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        scores = dict(zip(self.categories, probabilities.tolist(), strict=True))
        found = (index[len(chars) :], values[len(chars) :]) if size else _NO_WORDS
        return Reading(self, scores, found)

    def scores(self, text: str) -> dict[str, float]:
        """Return the probability of each learned category for one normalized text."""
        return self.read(text).scores

    def reasons(self, text: str, category: str, top: int = 3) -> list[str]:
        """Return the words of `text` that pushed it most towards `category`."""
        return self.read(text).reasons(category, top)

    def _pushes(self, words: tuple[np.ndarray, np.ndarray], category: str, top: int) -> list[str]:
        index, values = words
        pushes = values * self._weights[index, self.categories.index(category)]
        # Two-letter words ("tu", "me") carry weight in the model but explain nothing.
        terms = self._word_terms
        offset = self._offset
        ranked = (terms[int(index[k]) - offset] for k in np.argsort(-pushes) if pushes[k] > 0)
        return [term for term in ranked if len(term) > 2][:top]


@dataclass(frozen=True, slots=True)
class Reading:
    """The scores of one text, and the words found in it to explain them."""

    model: TextModel
    scores: dict[str, float]
    words: tuple[np.ndarray, np.ndarray]

    def reasons(self, category: str, top: int = 3) -> list[str]:
        """Return the words that pushed the text most towards `category`."""
        return self.model._pushes(self.words, category, top)
