"""Measure how the learned signal generalizes to a hand it never saw: leave one corpus out.

Run: .venv/bin/python bench/learned_crossval.py [--examples config/examples]
     [--extra tests/data/heldout] [--thresholds 0.5,0.6,0.7,0.8] [--c 10]
     [--with /path/to/config-without-learned-rules.yaml]
For each corpus folder under --examples, the model is trained on all the others and scores the
one left out (the model alone). With --with CONFIG, each corpus is also replayed through the
engine with that config (say, the example config without its learned rules) and the row
gives the rules and the model together, as a moderator would see them. --extra folders are
scored by the model trained on every example corpus, never trained on. Each row: micro
precision and recall, the benign false-positive rate and the recall on evasion variants at
each threshold.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from bot.config import load_config
from bot.evaluation import predictions
from bot.offline import replay
from bot.registry import load_plugins
from plugins.learned.examples import EVENTS, corpora
from plugins.learned.fitting import fit_folder, fit_without
from plugins.learned.judging import judge
from plugins.learned.model import Settings, TextModel

ROOT = Path(__file__).resolve().parents[1]


Rules = dict[str, frozenset[str]]


def _rules(config: Path | None, folder: Path) -> Rules:
    """Return the categories the config's rules flag per message of the folder's stream."""
    if config is None:
        return {}
    registry = load_plugins()
    loaded = load_config(config, registry, require_secrets=False)
    return predictions(asyncio.run(replay(loaded, registry, folder / EVENTS)))


def _row(
    name: str, model: TextModel, folder: Path, thresholds: list[float], config: Path | None
) -> dict[str, object]:
    row: dict[str, object] = {"corpus": name}
    rules = _rules(config, folder)
    for threshold in thresholds:
        found = judge(model, folder, threshold, rules)
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
    parser.add_argument("--with", dest="config", type=Path, help="also replay this config")
    parser.add_argument("--c", type=float, default=Settings().c, help="inverse regularization")
    args = parser.parse_args()
    thresholds = [float(t) for t in args.thresholds.split(",")]
    settings = Settings(c=args.c)
    for left in corpora(args.examples):
        model = TextModel(fit_without(args.examples, left, settings))
        print(json.dumps(_row(left.name, model, left, thresholds, args.config)), flush=True)
    if args.extra:
        model = TextModel(fit_folder(args.examples, settings))
        for folder in args.extra:
            if not (folder / EVENTS).is_file():
                raise SystemExit(f"{folder}: no {EVENTS}")
            row = _row(f"extra:{folder.name}", model, folder, thresholds, args.config)
            print(json.dumps(row))


if __name__ == "__main__":
    main()
