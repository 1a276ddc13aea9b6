"""Measure how the learned signal generalizes to a hand it never saw: leave one corpus out.

Run: .venv/bin/python bench/learned_crossval.py [--examples config/examples]
     [--extra tests/data/heldout] [--thresholds 0.5,0.6,0.7,0.8] [--c 10]
     [--thread 1,2] [--own 1,2] [--with config/vigie.example.yaml]
For each corpus folder under --examples, the model is trained on all the others and scores the
one left out (the model alone). With --with CONFIG, each corpus is also replayed through the
engine with that config, its learned and unlikely rules reading the same model trained
without the corpus, and the row gives the rules and the model together, as a moderator would
see them. --thread and --own set the word n-grams of what the model reads before the
message: someone else's latest line and the author's own (0,0 for both: the message alone).
--extra folders are scored by the model trained on every example corpus, never trained on.
Each row: micro precision and recall, the benign false-positive rate and the recall on
evasion variants at each threshold; a last row pools every corpus left out, with the
precision and recall of each category.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from pathlib import Path

import numpy as np

from bot.config import Config, load_config
from bot.evaluation import Evaluation, evaluate, predictions
from bot.offline import replay
from bot.registry import load_plugins
from plugins.learned.examples import EVENTS, corpora
from plugins.learned.fitting import fit_folder
from plugins.learned.judging import Flagged, predict
from plugins.learned.model import Settings, TextModel
from plugins.learned.store import cache_key

ROOT = Path(__file__).resolve().parents[1]


def _rules(config: Config | None, folder: Path, examples: Path, arrays: dict) -> Flagged:
    """Return the categories the config's rules flag per message of the folder's stream.

    The config's learned rules read `arrays`: the model is put in a scratch cache under the
    key the trigger looks for, so the replay never trains on the corpus it is judged on.
    """
    if config is None:
        return {}
    with tempfile.TemporaryDirectory() as cache:
        path = Path(cache) / f"learned-{cache_key(examples, Settings())}.npz"
        with path.open("wb") as handle:
            np.savez(handle, **arrays)
        config.model = config.model.model_copy(
            update={"examples_dir": str(examples), "cache_dir": cache}
        )
        return predictions(asyncio.run(replay(config, load_plugins(), folder / EVENTS)))


def _micro(found: Evaluation) -> dict[str, float]:
    micro = found.micro
    return {
        "precision": round(micro.precision, 3),
        "recall": round(micro.recall, 3),
        "benign": round(found.benign_fp_rate, 3),
        "evasion": round(found.evasion.recall, 3),
    }


def main() -> None:
    """Print one JSON line per corpus left out, one pooling them, then one per extra corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, default=ROOT / "config" / "examples")
    parser.add_argument("--extra", type=Path, action="append", default=[])
    parser.add_argument("--thresholds", default="0.5,0.6,0.7,0.8")
    parser.add_argument("--with", dest="config", type=Path, help="also replay this config")
    parser.add_argument("--c", type=float, default=Settings().c, help="inverse regularization")
    parser.add_argument("--thread", default="1,2", help="thread word n-grams (0,0: none)")
    parser.add_argument("--own", default="1,2", help="own previous line's n-grams (0,0: none)")
    args = parser.parse_args()
    thresholds = [float(t) for t in args.thresholds.split(",")]
    thread = tuple(int(n) for n in args.thread.split(","))
    own = tuple(int(n) for n in args.own.split(","))
    settings = Settings(c=args.c, thread_ngrams=thread, own_ngrams=own)
    registry = load_plugins()
    config = load_config(args.config, registry, require_secrets=False) if args.config else None
    pooled: dict[float, list[Flagged]] = {t: [{}, {}, {}] for t in thresholds}
    for left in corpora(args.examples):
        with tempfile.TemporaryDirectory() as scratch:
            for corpus in corpora(args.examples):
                if corpus != left:
                    (Path(scratch) / corpus.name).symlink_to(corpus.resolve())
            arrays = fit_folder(Path(scratch), settings)
            rules = _rules(config, left, Path(scratch), arrays)
        model = TextModel(arrays)
        row: dict[str, object] = {"corpus": left.name}
        for threshold in thresholds:
            found = predict(model, left, threshold, rules)
            for pool, part in zip(pooled[threshold], found, strict=True):
                pool.update({f"{left.name}/{k}": v for k, v in part.items()})
            row[f"{threshold:.2f}"] = _micro(evaluate(*found))
        print(json.dumps(row), flush=True)
    row = {"corpus": "pooled"}
    for threshold, found in pooled.items():
        evaluation = evaluate(*found)
        cells: dict[str, object] = dict(_micro(evaluation))
        for name, tally in sorted(evaluation.categories.items()):
            cells[name] = [round(tally.precision, 3), round(tally.recall, 3)]
        row[f"{threshold:.2f}"] = cells
    print(json.dumps(row), flush=True)
    if args.extra:
        model = TextModel(fit_folder(args.examples, settings))
        for folder in args.extra:
            if not (folder / EVENTS).is_file():
                raise SystemExit(f"{folder}: no {EVENTS}")
            found = predict(model, folder, thresholds[-1])
            print(json.dumps({"corpus": f"extra:{folder.name}", **_micro(evaluate(*found))}))


if __name__ == "__main__":
    main()
