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
_NO_PUSH = _NO_WORDS


class LearnError(ValueError):
    """Say why no model can be learned from, or loaded for, the examples given."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Say how the model is built; part of the cache key."""

    c: float = 10.0
    char_ngrams: tuple[int, int] = (2, 5)
    word_ngrams: tuple[int, int] = (1, 2)
    #: Word n-grams of the thread (the line the message follows); (0, 0) reads no thread.
    thread_ngrams: tuple[int, int] = (1, 2)

    def __post_init__(self) -> None:
        """Take the ranges as tuples, also when they come back from JSON as lists."""
        object.__setattr__(self, "char_ngrams", tuple(self.char_ngrams))
        object.__setattr__(self, "word_ngrams", tuple(self.word_ngrams))
        object.__setattr__(self, "thread_ngrams", tuple(self.thread_ngrams))

    @property
    def reads_thread(self) -> bool:
        """Tell whether the model learns from the thread as well as the message."""
        return self.thread_ngrams[1] > 0


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
        # The thread's word n-grams are a third part, numbered after the message's words:
        # the same word weighs apart when said and when answered.
        self.reads_thread = "thread.terms" in arrays
        parts = ("chars", "words", "thread") if self.reads_thread else ("chars", "words")
        self._thread_terms: list[str] = []
        self._thread_range = (0, 0)
        self._thread_offset = offset + len(self._word_terms)
        if self.reads_thread:
            self._thread_terms = arrays["thread.terms"].tolist()
            self._thread_range = tuple(int(n) for n in arrays["thread.range"])
        start = self._thread_offset
        self._thread = {term: start + i for i, term in enumerate(self._thread_terms)}
        self._idf = np.concatenate([arrays[f"{part}.idf"] for part in parts])
        self._weights = np.vstack([arrays[f"{part}.weights"] for part in parts])

    @classmethod
    def load(cls, path: Path) -> TextModel:
        """Read a model written by plugins.learned.fitting (plain arrays, no pickle)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls({name: data[name] for name in data.files})
        except (OSError, ValueError, KeyError) as exc:
            raise LearnError(f"{path}: not a learned model ({exc})") from exc

    def read(self, text: str, thread: str = "") -> Reading:
        """Score one normalized text, after the thread it follows, keeping what explains it."""
        chars = self._chars.count(text)
        words = self._lookup(self._words, word_ngrams(text, *self._word_range))
        said = (
            self._lookup(self._thread, word_ngrams(thread, *self._thread_range))
            if (thread and self.reads_thread)
            else []
        )
        logits = self.bias
        own = len(chars) + len(words)
        size = own + len(said)
        index = np.fromiter(chain(chars, map(_FIRST, words), map(_FIRST, said)), np.intp, size)
        pushed = _NO_PUSH
        if size:
            counts = [*chars.values(), *map(_SECOND, words), *map(_SECOND, said)]
            values = self._idf[index]
            if max(counts) > 1:
                # Sublinear tf, as TfidfVectorizer(sublinear_tf=True) was trained.
                values *= 1.0 + np.log(np.array(counts, np.float32))
            # Each part is L2-normalized on its own, as each vectorizer normalizes its rows.
            for part in (slice(0, len(chars)), slice(len(chars), own), slice(own, None)):
                norm = float(values[part] @ values[part])
                if norm:
                    values[part] /= math.sqrt(norm)
            logits = logits + values @ self._weights[index]
            if said:
                pushed = (index[own:], values[own:])
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        scores = dict(zip(self.categories, probabilities.tolist(), strict=True))
        found = (index[len(chars) : own], values[len(chars) : own]) if size else _NO_WORDS
        return Reading(self, scores, found, pushed, logits)

    @staticmethod
    def _lookup(vocabulary: dict[str, int], grams: list[str]) -> list[tuple[int, int]]:
        """Return the (index, count) of the n-grams in the vocabulary, by index."""
        # C-level filter: -1 marks n-grams outside the vocabulary.
        return sorted(
            Counter(filter(_ABSENT.__ne__, map(vocabulary.get, grams, repeat(_ABSENT)))).items()
        )

    def scores(self, text: str, thread: str = "") -> dict[str, float]:
        """Return the probability of each learned category for one normalized text."""
        return self.read(text, thread).scores

    def reasons(self, text: str, category: str, top: int = 3) -> list[str]:
        """Return the words of `text` that pushed it most towards `category`."""
        return self.read(text).reasons(category, top)

    def _pushes(self, words: tuple[np.ndarray, np.ndarray], category: str, top: int) -> list[str]:
        terms, offset = self._word_terms, self._offset
        return self._ranked(words, category, top, terms, offset)

    def _thread_pushes(
        self, said: tuple[np.ndarray, np.ndarray], category: str, top: int
    ) -> list[str]:
        if not len(said[0]):
            return []
        return self._ranked(said, category, top, self._thread_terms, self._thread_offset)

    def _ranked(
        self,
        found: tuple[np.ndarray, np.ndarray],
        category: str,
        top: int,
        terms: list[str],
        offset: int,
    ) -> list[str]:
        index, values = found
        pushes = values * self._weights[index, self.categories.index(category)]
        # Two-letter words ("tu", "me") carry weight in the model but explain nothing.
        ranked = (terms[int(index[k]) - offset] for k in np.argsort(-pushes) if pushes[k] > 0)
        return [term for term in ranked if len(term) > 2][:top]

    def _thread_logit(self, said: tuple[np.ndarray, np.ndarray], category: str) -> float:
        index, values = said
        if not len(index):
            return 0.0
        return float(values @ self._weights[index, self.categories.index(category)])


@dataclass(frozen=True, slots=True)
class Reading:
    """The scores of one text, and the words found in it and in its thread to explain them."""

    model: TextModel
    scores: dict[str, float]
    words: tuple[np.ndarray, np.ndarray]
    #: The thread's n-grams found in the vocabulary, and their tf-idf values.
    said: tuple[np.ndarray, np.ndarray] = _NO_PUSH
    logits: np.ndarray | None = None

    def reasons(self, category: str, top: int = 3) -> list[str]:
        """Return the message's own words that pushed it most towards `category`."""
        return self.model._pushes(self.words, category, top)

    def without_thread(self, category: str) -> float:
        """Return the probability of `category` had the message no thread."""
        probability = self.scores.get(category, 0.0)
        push = self.model._thread_logit(self.said, category)
        if not push or self.logits is None:
            return probability
        logit = float(self.logits[self.model.categories.index(category)]) - push
        return 1.0 / (1.0 + math.exp(-logit))

    def thread_reasons(self, category: str, top: int = 2) -> list[str]:
        """Return the thread's words that pushed the message most towards `category`."""
        return self.model._thread_pushes(self.said, category, top)
