"""Score a text per category with linear models over character and word n-grams."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

#: Fewer positive examples than this and a category is not learned (its scores stay 0).
MIN_POSITIVES = 5
_WORDS = "words"
#: Words of one letter count too ("5 g", "x2" split as "x" "2"): sklearn drops them by default.
WORD_PATTERN = r"(?u)\b\w+\b"


class LearnError(ValueError):
    """Say why no model can be learned from the examples given."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Say how the model is built; part of the cache key."""

    c: float = 4.0
    char_ngrams: tuple[int, int] = (2, 5)
    word_ngrams: tuple[int, int] = (1, 2)


class _Part:
    """One fitted vectorizer of the union, read directly for speed."""

    def __init__(self, vectorizer: TfidfVectorizer, weights: np.ndarray) -> None:
        self.analyze = vectorizer.build_analyzer()
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.idf = vectorizer.idf_.astype(np.float32)
        self.weights = weights
        self.names = {i: term for term, i in self.vocabulary.items()}

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Return the vocabulary indices in `text` and their L2-normalized tf-idf values."""
        get = self.vocabulary.get
        found = [i for term in self.analyze(text) if (i := get(term)) is not None]
        if not found:
            return np.empty(0, np.intp), np.empty(0, np.float32)
        index, counts = np.unique(np.asarray(found, np.intp), return_counts=True)
        tf = 1.0 + np.log(counts.astype(np.float32))
        values = tf * self.idf[index]
        return index, values / np.linalg.norm(values)


class TextModel:
    """Hold one vectorizer and one logistic regression per learned category."""

    def __init__(
        self,
        vectorizer: FeatureUnion,
        categories: Sequence[str],
        weights: np.ndarray,
        bias: np.ndarray,
    ) -> None:
        self.categories = tuple(categories)
        self.vectorizer = vectorizer
        self.weights = weights
        self.bias = bias
        # Each part keeps its slice of one (features x categories) matrix. Scoring reads the
        # fitted analyzers, vocabularies and idf directly: the union's transform() costs
        # 2-10 ms per message in sparse-matrix set-up, past the whole per-message budget.
        self._parts: dict[str, _Part] = {}
        start = 0
        for name, part in vectorizer.transformer_list:
            size = len(part.vocabulary_)
            self._parts[name] = _Part(part, weights[start : start + size])
            start += size

    @classmethod
    def fit(
        cls, texts: Sequence[str], labels: Sequence[frozenset[str]], settings: Settings
    ) -> TextModel:
        """Learn from normalized texts and their categories."""
        learned = [
            category
            for category in sorted({c for cats in labels for c in cats})
            if sum(category in cats for cats in labels) >= MIN_POSITIVES
        ]
        if not learned:
            raise LearnError(f"no category has {MIN_POSITIVES} labelled examples to learn from")
        vectorizer = FeatureUnion(
            [
                (
                    "chars",
                    TfidfVectorizer(
                        analyzer="char_wb",
                        ngram_range=settings.char_ngrams,
                        sublinear_tf=True,
                        min_df=2,
                        dtype=np.float32,
                    ),
                ),
                (
                    "words",
                    TfidfVectorizer(
                        analyzer="word",
                        ngram_range=settings.word_ngrams,
                        sublinear_tf=True,
                        token_pattern=WORD_PATTERN,
                        dtype=np.float32,
                    ),
                ),
            ]
        )
        matrix = vectorizer.fit_transform(texts)
        weights, bias = [], []
        for category in learned:
            target = np.fromiter((category in cats for cats in labels), dtype=bool)
            # Balanced: most messages are benign or of another category.
            regression = LogisticRegression(
                C=settings.c, class_weight="balanced", max_iter=2000
            ).fit(matrix, target)
            weights.append(regression.coef_[0].astype(np.float32))
            bias.append(regression.intercept_[0])
        return cls(vectorizer, learned, np.column_stack(weights), np.asarray(bias, np.float32))

    def scores(self, text: str) -> dict[str, float]:
        """Return the probability of each learned category for one normalized text."""
        logits = self.bias.copy()
        for part in self._parts.values():
            index, values = part.features(text)
            if index.size:
                logits += values @ part.weights[index]
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        return dict(zip(self.categories, probabilities.tolist(), strict=True))

    def reasons(self, text: str, category: str, top: int = 3) -> list[str]:
        """Return the words of `text` that pushed it most towards `category`."""
        words = self._parts[_WORDS]
        index, values = words.features(text)
        pushes = values * words.weights[index, self.categories.index(category)]
        # Two-letter words ("tu", "me") carry weight in the model but explain nothing.
        ranked = (words.names[int(index[k])] for k in np.argsort(-pushes) if pushes[k] > 0)
        return [term for term in ranked if len(term) > 2][:top]
