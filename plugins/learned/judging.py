"""Judge a model on a labelled corpus folder, alone or beside the rules' predictions."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from bot.evaluation import Evaluation, evaluate
from bot.replay import read_meta
from bot.text import normalize
from plugins.learned.examples import read_corpus
from plugins.learned.model import TextModel

Flagged = dict[str, frozenset[str]]


def predict(
    model: TextModel,
    folder: Path,
    threshold: float,
    rules: Mapping[str, frozenset[str]] | None = None,
) -> tuple[Flagged, Flagged, Flagged]:
    """Return what the model flags at `threshold` (plus the rules'), the labels and the flags."""
    meta = folder / "meta.json"
    flags = read_meta(meta) if meta.exists() else {}
    predicted, labels = {}, {}
    for example in read_corpus(folder):
        thread = example.thread
        scores = model.scores(normalize(example.text).text, thread.other, thread.own)
        found = frozenset(c for c, p in scores.items() if p >= threshold)
        predicted[example.id] = found | (rules or {}).get(example.id, frozenset())
        labels[example.id] = example.labels
    return predicted, labels, dict(flags)


def judge(
    model: TextModel,
    folder: Path,
    threshold: float,
    rules: Mapping[str, frozenset[str]] | None = None,
) -> Evaluation:
    """Evaluate the categories the model flags at `threshold`, plus the rules' if given."""
    return evaluate(*predict(model, folder, threshold, rules))
