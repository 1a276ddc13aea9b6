"""Measure how the learned signal generalizes to a hand it never saw: leave one corpus out.

Run: .venv/bin/python bench/learned_crossval.py [--examples config/examples]
     [--extra tests/data/heldout] [--thresholds 0.5,0.6,0.7,0.8] [--c 4]
For each corpus folder under --examples, the model is trained on all the others and scores the
one left out (the model alone, packs aside). --extra folders are scored by the model trained
on every example corpus, never trained on. Each row: micro precision and recall, the benign
false-positive rate and the recall on evasion variants at each threshold.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from bot.evaluation import Evaluation, evaluate
from bot.replay import read_meta
from bot.text import normalize
from plugins.learned.examples import EVENTS, corpora, read_corpus
from plugins.learned.fitting import fit_folder
from plugins.learned.model import Settings, TextModel

ROOT = Path(__file__).resolve().parents[1]


def _score(model: TextModel, folder: Path, threshold: float) -> Evaluation:
    """Evaluate the model alone on one corpus folder at one threshold."""
    meta_path = folder / "meta.json"
    flags = read_meta(meta_path) if meta_path.exists() else {}
    predicted, labels = {}, {}
    for example in read_corpus(folder):
        scores = model.scores(normalize(example.text).text)
        predicted[example.id] = frozenset(c for c, p in scores.items() if p >= threshold)
        labels[example.id] = example.labels
    return evaluate(predicted, labels, flags)


def _row(name: str, model: TextModel, folder: Path, thresholds: list[float]) -> dict[str, object]:
    row: dict[str, object] = {"corpus": name}
    for threshold in thresholds:
        found = _score(model, folder, threshold)
        micro = found.micro
        row[f"{threshold:.2f}"] = {
            "precision": round(micro.precision, 3),
            "recall": round(micro.recall, 3),
            "benign": round(found.benign_fp_rate, 3),
            "evasion": round(found.evasion.recall, 3),
        }
    return row


def main() -> None:
    """Print one JSON line per corpus left out, then one per extra corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, default=ROOT / "config" / "examples")
    parser.add_argument("--extra", type=Path, action="append", default=[])
    parser.add_argument("--thresholds", default="0.5,0.6,0.7,0.8")
    parser.add_argument("--c", type=float, default=Settings().c, help="inverse regularization")
    args = parser.parse_args()
    thresholds = [float(t) for t in args.thresholds.split(",")]
    settings = Settings(c=args.c)
    folders = corpora(args.examples)
    for left in folders:
        with tempfile.TemporaryDirectory() as scratch:
            for other in folders:
                if other != left:
                    (Path(scratch) / other.name).symlink_to(other.resolve())
            model = TextModel(fit_folder(Path(scratch), settings), settings)
        print(json.dumps(_row(left.name, model, left, thresholds)), flush=True)
    if args.extra:
        model = TextModel(fit_folder(args.examples, settings), settings)
        for folder in args.extra:
            if not (folder / EVENTS).is_file():
                raise SystemExit(f"{folder}: no {EVENTS}")
            print(json.dumps(_row(f"extra:{folder.name}", model, folder, thresholds)))


if __name__ == "__main__":
    main()
