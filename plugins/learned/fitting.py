"""Fit the model with scikit-learn, in a child process, and write its arrays to a file.

Run as `python -m plugins.learned.fitting EXAMPLES OUT.npz [SETTINGS_JSON]`: the bot starts
it when the cached model is missing, so scikit-learn is never imported by the bot itself.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.text import normalize
from plugins.learned.examples import corpora, read_all
from plugins.learned.model import MIN_POSITIVES, LearnError, Settings
from plugins.learned.ngrams import WORD_PATTERN
from plugins.learned.thread import NO_THREAD, Thread

if TYPE_CHECKING:
    import numpy.typing as npt


def vectorizers(settings: Settings, texts: Sequence[str]) -> dict[str, TfidfVectorizer]:
    """Return the unfitted vectorizers by part name, the message's words kept as `texts` say."""
    singles, longer = settings.word_min_df
    # One min_df per vectorizer: a split one is a vocabulary chosen from the texts beforehand.
    chosen = word_vocabulary(texts, settings) if singles != longer else None
    parts = {
        "chars": TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=settings.char_ngrams,
            sublinear_tf=True,
            min_df=2,
            dtype=np.float32,
        ),
        "words": TfidfVectorizer(
            analyzer="word",
            ngram_range=settings.word_ngrams,
            sublinear_tf=True,
            token_pattern=WORD_PATTERN,
            min_df=singles,
            vocabulary=chosen,
            dtype=np.float32,
        ),
    }
    for name, ngrams in (("thread", settings.thread_ngrams), ("own", settings.own_ngrams)):
        if ngrams[1] > 0:
            parts[name] = TfidfVectorizer(
                analyzer="word",
                ngram_range=ngrams,
                sublinear_tf=True,
                token_pattern=WORD_PATTERN,
                min_df=2,
                dtype=np.float32,
            )
    return parts


def word_vocabulary(texts: Sequence[str], settings: Settings) -> list[str]:
    """Return the message's word n-grams kept: single words and longer ones, each by its min_df."""
    counter = CountVectorizer(
        analyzer="word", ngram_range=settings.word_ngrams, token_pattern=WORD_PATTERN, binary=True
    )
    found = counter.fit_transform(texts)
    seen = np.asarray(found.sum(axis=0)).ravel()
    singles, longer = settings.word_min_df
    return [
        term
        for term, df in zip(counter.get_feature_names_out().tolist(), seen.tolist(), strict=True)
        if df >= (singles if " " not in term else longer)
    ]


def fit(
    texts: Sequence[str],
    labels: Sequence[frozenset[str]],
    settings: Settings,
    threads: Sequence[Thread] | None = None,
) -> dict[str, npt.NDArray[Any]]:
    """Learn from normalized texts and their threads; return the arrays `TextModel` reads."""
    learned = [
        category
        for category in sorted({c for cats in labels for c in cats})
        if sum(category in cats for cats in labels) >= MIN_POSITIVES
    ]
    if not learned:
        raise LearnError(f"no category has {MIN_POSITIVES} labelled examples to learn from")
    arrays: dict[str, npt.NDArray[Any]] = {"categories": np.array(learned)}
    blocks = []
    before = threads or [NO_THREAD] * len(texts)
    documents = {
        "chars": texts,
        "words": texts,
        "thread": [thread.other for thread in before],
        "own": [thread.own for thread in before],
    }
    parts = vectorizers(settings, texts)
    for name, vectorizer in list(parts.items()):
        try:
            blocks.append(vectorizer.fit_transform(documents[name]))
        except ValueError as exc:
            if name in ("chars", "words"):
                # Terms are kept only when two examples share them: too few examples, or
                # examples too unlike one another.
                raise LearnError(
                    f"no {name[:-1]} of the messages is shared by two examples: "
                    "add more labelled examples"
                ) from exc
            # No word before the messages is shared by two examples: this part is left out.
            del parts[name]
            continue
        terms = vectorizer.get_feature_names_out()
        arrays[f"{name}.terms"] = np.asarray(terms, dtype=str)
        arrays[f"{name}.idf"] = vectorizer.idf_.astype(np.float32)
        arrays[f"{name}.range"] = np.asarray(vectorizer.ngram_range, np.int32)
    from scipy.sparse import hstack  # noqa: PLC0415 - a dependency of scikit-learn, used here only

    matrix = hstack(blocks).tocsr()
    weights, bias = [], []
    for category in learned:
        target = np.fromiter((category in cats for cats in labels), dtype=bool)
        # Balanced: most messages are benign or of another category.
        regression = LogisticRegression(C=settings.c, class_weight="balanced", max_iter=2000)
        regression.fit(matrix, target)
        weights.append(regression.coef_[0].astype(np.float32))
        bias.append(regression.intercept_[0])
    stacked = np.column_stack(weights)
    start = 0
    for name in parts:
        end = start + len(arrays[f"{name}.terms"])
        arrays[f"{name}.weights"] = stacked[start:end]
        start = end
    arrays["bias"] = np.asarray(bias, np.float32)
    return arrays


def fit_folder(folder: Path, settings: Settings) -> dict[str, npt.NDArray[Any]]:
    """Learn from every corpus under `folder`, on the text as the lexicons see it."""
    examples = read_all(folder)
    texts = [normalize(example.text).text for example in examples]
    threads = [example.thread for example in examples]
    return fit(texts, [example.labels for example in examples], settings, threads)


def fit_without(examples: Path, left: Path, settings: Settings) -> dict[str, npt.NDArray[Any]]:
    """Learn from every corpus under `examples` but `left`, to judge a hand never seen."""
    with tempfile.TemporaryDirectory() as scratch:
        for corpus in corpora(examples):
            if corpus != left:
                (Path(scratch) / corpus.name).symlink_to(corpus.resolve())
        return fit_folder(Path(scratch), settings)


def main(argv: Sequence[str]) -> int:
    """Fit on a folder of corpora and write the arrays; say what failed on stderr."""
    folder, out = Path(argv[0]), Path(argv[1])
    settings = Settings(**json.loads(argv[2])) if len(argv) > 2 else Settings()
    try:
        arrays = fit_folder(folder, settings)
    except ValueError as exc:  # ExamplesError, LearnError: the examples are at fault
        sys.stderr.write(f"{exc}\n")
        return 2
    with out.open("wb") as handle:
        np.savez(handle, **arrays)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
