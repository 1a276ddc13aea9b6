"""Score a normalized text per category from the arrays of a fitted model."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from plugins.learned.ngrams import char_ngrams, word_ngrams

#: Fewer positive examples than this and a category is not learned.
MIN_POSITIVES = 5


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


class _Part:
    """The vocabulary, idf and weights of one kind of n-gram."""

    def __init__(
        self,
        cut: Callable[[str], list[str]],
        terms: np.ndarray,
        idf: np.ndarray,
        weights: np.ndarray,
    ) -> None:
        self.cut = cut
        self.terms = terms.tolist()
        self.vocabulary = {term: i for i, term in enumerate(self.terms)}
        self.idf = idf
        self.weights = weights

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Return the vocabulary indices in `text` and their L2-normalized tf-idf values."""
        get = self.vocabulary.get
        found = [i for i in map(get, self.cut(text)) if i is not None]
        if not found:
            return np.empty(0, np.intp), np.empty(0, np.float32)
        index, counts = np.unique(np.asarray(found, np.intp), return_counts=True)
        # Sublinear tf, idf, then L2 norm: TfidfVectorizer(sublinear_tf=True) as trained.
        values = (1.0 + np.log(counts.astype(np.float32))) * self.idf[index]
        return index, values / np.linalg.norm(values)


class TextModel:
    """Hold one logistic regression per learned category over character and word n-grams."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self.categories: tuple[str, ...] = tuple(arrays["categories"].tolist())
        self.bias = arrays["bias"]
        # The n-gram ranges travel with the weights: a model is read as it was fitted.
        low, high = (int(n) for n in arrays["chars.range"])
        w_low, w_high = (int(n) for n in arrays["words.range"])
        self._chars = _Part(
            lambda text: char_ngrams(text, low, high),
            arrays["chars.terms"],
            arrays["chars.idf"],
            arrays["chars.weights"],
        )
        self._words = _Part(
            lambda text: word_ngrams(text, w_low, w_high),
            arrays["words.terms"],
            arrays["words.idf"],
            arrays["words.weights"],
        )

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
        logits = self.bias.astype(np.float64)
        chars = self._chars.features(text)
        words = self._words.features(text)
        for part, (index, values) in ((self._chars, chars), (self._words, words)):
            if index.size:
                logits += values @ part.weights[index]
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        scores = dict(zip(self.categories, probabilities.tolist(), strict=True))
        return Reading(self, scores, words)

    def scores(self, text: str) -> dict[str, float]:
        """Return the probability of each learned category for one normalized text."""
        return self.read(text).scores

    def reasons(self, text: str, category: str, top: int = 3) -> list[str]:
        """Return the words of `text` that pushed it most towards `category`."""
        return self.read(text).reasons(category, top)

    def _pushes(self, words: tuple[np.ndarray, np.ndarray], category: str, top: int) -> list[str]:
        index, values = words
        part = self._words
        pushes = values * part.weights[index, self.categories.index(category)]
        # Two-letter words ("tu", "me") carry weight in the model but explain nothing.
        ranked = (part.terms[int(index[k])] for k in np.argsort(-pushes) if pushes[k] > 0)
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
