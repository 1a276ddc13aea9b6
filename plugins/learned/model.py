"""Score a normalized text per category from the arrays of a fitted model."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from plugins.learned.ngrams import CharCounter, word_ngrams
from plugins.learned.vocabulary import Vocabulary

if TYPE_CHECKING:
    import numpy.typing as npt

#: Fewer positive examples than this and a category is not learned.
MIN_POSITIVES = 5


_NO_WORDS = (np.empty(0, np.intp), np.empty(0, np.float32))


class LearnError(ValueError):
    """Say why no model can be learned from, or loaded for, the examples given."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Say how the model is built; part of the cache key."""

    c: float = 10.0
    char_ngrams: tuple[int, int] = (2, 5)
    word_ngrams: tuple[int, int] = (1, 2)
    #: Fewest examples a single word of the message, and a longer n-gram, must be in to be kept.
    word_min_df: tuple[int, int] = (2, 2)
    #: Word n-grams of the thread (the line the message follows); (0, 0) reads no thread.
    thread_ngrams: tuple[int, int] = (1, 2)
    #: Word n-grams of the author's own previous line; (0, 0) reads none.
    own_ngrams: tuple[int, int] = (1, 2)

    def __post_init__(self) -> None:
        """Take the ranges as tuples, also when they come back from JSON as lists."""
        for name in ("char_ngrams", "word_ngrams", "word_min_df", "thread_ngrams", "own_ngrams"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def reads_thread(self) -> bool:
        """Tell whether the model learns from the thread as well as the message."""
        return self.thread_ngrams[1] > 0 or self.own_ngrams[1] > 0


#: The parts of a model read as word n-grams, in the order their terms are numbered: the
#: message's words, then what came before it (the same word weighs apart when said and
#: when answered).
WORD_PARTS = ("words", "thread", "own")


class TextModel:
    """Hold one logistic regression per learned category over character and word n-grams."""

    def __init__(self, arrays: Mapping[str, npt.NDArray[Any]]) -> None:
        self.categories: tuple[str, ...] = tuple(arrays["categories"].tolist())
        self.bias = arrays["bias"].astype(np.float64)
        # Both read their terms from the arrays one at a time, never as one list of strings.
        self._chars = CharCounter(arrays["chars.terms"])
        # The word ranges travel with the weights (a model is read as it was fitted); the
        # character n-grams are found from the vocabulary itself, whatever their range.
        parts = ["chars", *(name for name in WORD_PARTS if f"{name}.terms" in arrays)]
        #: Each word part's n-gram range, in the order of WORD_PARTS.
        self._ranges = [
            (int(arrays[f"{name}.range"][0]), int(arrays[f"{name}.range"][1])) for name in parts[1:]
        ]
        # Terms of the word parts are numbered after the character terms: one look-up each.
        self._words = Vocabulary(
            [arrays[f"{name}.terms"] for name in parts[1:]], len(arrays["chars.terms"])
        )
        self.reads_thread = len(self._ranges) > 1
        #: Where each part's term numbers start, and where the last ends.
        self._bounds = np.concatenate(([0], self._words.bounds))
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

    def read(self, text: str, thread: str = "", own: str = "") -> Reading:
        """Score one normalized text after what came before it, keeping what explains it."""
        # `thread` is the line it follows (by someone else), `own` the author's previous one.
        grams = [
            word_ngrams(said, *ngrams) if said else []
            for said, ngrams in zip((text, thread, own), self._ranges, strict=False)
        ]
        # Character terms are numbered before word terms: sorted, the found terms come part
        # after part (the characters, the message's words, the thread's, the author's own).
        found = np.concatenate((self._chars.found(text), self._words.found(grams)))
        if not len(found):
            return Reading(self, self._scores(self.bias), _NO_WORDS, _NO_WORDS, self.bias)
        index, counted = np.unique(found, return_counts=True)
        size = len(index)
        sizes = np.diff(np.searchsorted(index, self._bounds)).tolist()
        sizes += [0] * (1 + len(WORD_PARTS) - len(sizes))
        counts = counted.astype(np.float32)
        # take() gathers the same rows as fancy indexing, without its general machinery.
        values = self._idf.take(index)
        if counts.max() > 1:
            # Sublinear tf, as TfidfVectorizer(sublinear_tf=True) was trained.
            values *= 1.0 + np.log(counts)
        # Each part is L2-normalized on its own, as each vectorizer normalizes its rows.
        low = 0
        for high in accumulate(sizes):
            if high > low:
                part = values[low:high]
                norm = float(part @ part)
                if norm:
                    part /= math.sqrt(norm)
            low = high
        logits = self.bias + values @ self._weights.take(index, axis=0)
        mine_from, own_end = sizes[0], sizes[0] + sizes[1]
        mine = (index[mine_from:own_end], values[mine_from:own_end])
        pushed = (index[own_end:], values[own_end:]) if size > own_end else _NO_WORDS
        return Reading(self, self._scores(logits), mine, pushed, logits)

    def _scores(self, logits: npt.NDArray[np.float64]) -> dict[str, float]:
        """Return each category's probability from its logit."""
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        return dict(zip(self.categories, probabilities.tolist(), strict=True))

    def scores(self, text: str, thread: str = "", own: str = "") -> dict[str, float]:
        """Return the probability of each learned category for one normalized text."""
        return self.read(text, thread, own).scores

    def reasons(self, text: str, category: str, top: int = 3) -> list[str]:
        """Return the words of `text` that pushed it most towards `category`."""
        return self.read(text).reasons(category, top)

    def _ranked(
        self, found: tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]], category: str, top: int
    ) -> list[str]:
        index, values = found
        if not len(index):
            return []
        pushes = values * self._weights[index, self.categories.index(category)]
        order = np.argsort(-pushes)
        found_terms: list[str] = []
        for k in index[order[pushes[order] > 0]].tolist():
            if len(found_terms) >= top:
                break
            term = self._words.term(k)
            # Two-letter words ("tu", "me") carry weight in the model but explain nothing.
            if len(term) > 2:
                found_terms.append(term)
        return found_terms

    def _push(
        self, found: tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]], category: str
    ) -> float:
        index, values = found
        if not len(index):
            return 0.0
        return float(values @ self._weights[index, self.categories.index(category)])


@dataclass(frozen=True, slots=True)
class Reading:
    """Hold the scores of one text, and the words found in it and before it to explain them."""

    model: TextModel
    scores: dict[str, float]
    words: tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]
    #: The n-grams of what came before found in the vocabulary, and their tf-idf values.
    before: tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]] = _NO_WORDS
    logits: npt.NDArray[np.float64] | None = None

    def reasons(self, category: str, top: int = 3) -> list[str]:
        """Return the message's own words that pushed it most towards `category`."""
        return self.model._ranked(self.words, category, top)

    def without_thread(self, category: str) -> float:
        """Return the probability of `category` had nothing come before the message."""
        probability = self.scores.get(category, 0.0)
        push = self.model._push(self.before, category)
        if not push or self.logits is None:
            return probability
        logit = float(self.logits[self.model.categories.index(category)]) - push
        return 1.0 / (1.0 + math.exp(-logit))

    def thread_reasons(self, category: str, top: int = 2) -> list[str]:
        """Return the words before the message that pushed it most towards `category`."""
        return self.model._ranked(self.before, category, top)
