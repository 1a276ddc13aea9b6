"""Measure how the learned signal generalizes to a hand it never saw: leave one corpus out.

Run: .venv/bin/python -m bench.learned_crossval [--examples config/examples]
     [--extra tests/data/heldout] [--thresholds 0.5,0.6,0.7,0.8] [--c 10]
     [--chars 2,5] [--words 1,2] [--word-min-df 1,1] [--thread 1,2] [--own 1,2]
     [--benign 0.016,0.02] [--with config/vigie.example.yaml] [--folds 8] [--flags FILE]
For each corpus folder under --examples, the model is trained on all the others and scores the
one left out (the model alone). With --folds K, the corpora are dealt into K groups instead
(the i-th corpus by name into group i mod K) and each group is left out of one model trained
on the other groups: K fits rather than one per corpus, for a quicker, slightly harsher look
(each model learns from a K-th fewer hands). With --with CONFIG, each corpus is also
replayed through the engine with that config, its learned and unlikely rules reading the same
model trained without the corpus, and the row gives the rules and the model together, as a
moderator would see them. --thread and --own set the word n-grams of what the model reads
before the message: someone else's latest line and the author's own (0,0 for both: the
message alone).
--chars and --words set the message's character and word n-grams, --word-min-df the fewest
examples a single word and a longer word n-gram must be in to be kept.
--extra folders are scored by the model trained on every example corpus, never trained on.
With --with and --flags FILE, each message a rule flagged in the replays is written to FILE,
one JSON line per message: its corpus, id and each flag as [rule, category, score, whether
the learned rule fired only after the thread]; "(thread)" names an earlier message a case
took. Replaying with low learned thresholds and doubts, then applying others to this file,
sweeps them without a replay each (docs/learned.md).
Each row: micro precision and recall, the benign false-positive rate and the recall on
evasion variants at each threshold; a last row pools every corpus left out, with the
precision and recall of each category. Vocabularies move the probabilities, so settings are
compared at a matched benign rate: for each --benign rate, the pooled precision, recall and
evasion recall are interpolated between the two thresholds whose benign rates bracket it. A
"size" row gives the terms of each part and the bytes of the model trained on every corpus.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import tracemalloc
from dataclasses import asdict
from operator import itemgetter
from pathlib import Path
from typing import TextIO

import numpy as np

from bot.actions import Plan
from bot.config import Config, load_config
from bot.evaluation import THREAD, Evaluation, evaluate, predictions
from bot.offline import replay
from bot.registry import load_plugins
from plugins.learned.examples import EVENTS, corpora
from plugins.learned.fitting import fit_folder
from plugins.learned.judging import Flagged, predict
from plugins.learned.model import Settings, TextModel
from plugins.learned.store import cache_key
from plugins.learned.trigger import AFTER_THREAD

ROOT = Path(__file__).resolve().parents[1]


def _rules(
    config: Config | None, folder: Path, examples: Path, arrays: dict
) -> list[tuple[str, Plan]]:
    """Return the plan of the config's rules for each message of the folder's stream."""
    # The config's learned rules read `arrays`: the model is put in a scratch cache under the
    # key the trigger looks for, so the replay never trains on the corpus it is judged on.
    if config is None:
        return []
    with tempfile.TemporaryDirectory() as cache:
        path = Path(cache) / f"learned-{cache_key(examples, Settings())}.npz"
        with path.open("wb") as handle:
            np.savez(handle, **arrays)
        config.model = config.model.model_copy(
            update={"examples_dir": str(examples), "cache_dir": cache}
        )
        return asyncio.run(replay(config, load_plugins(), folder / EVENTS))


def _fit_and_replay(
    folders: list[Path], left_out: list[Path], settings: Settings, config: Config | None
) -> tuple[dict, dict[Path, list[tuple[str, Plan]]]]:
    """Fit a model without the corpora left out; replay each of them through the config."""
    with tempfile.TemporaryDirectory() as scratch:
        for corpus in folders:
            if corpus not in left_out:
                (Path(scratch) / corpus.name).symlink_to(corpus.resolve())
        arrays = fit_folder(Path(scratch), settings)
        plans = {left: _rules(config, left, Path(scratch), arrays) for left in left_out}
    return arrays, plans


def _write_flags(dump: TextIO | None, plans: dict[Path, list[tuple[str, Plan]]]) -> None:
    """Write the flags of each corpus's replay, one JSON line per flagged message."""
    if dump is None:
        return
    for left, made in plans.items():
        dump.writelines(f"{json.dumps(row)}\n" for row in flag_rows(left.name, made))
    dump.flush()


def flag_rows(corpus: str, plans: list[tuple[str, Plan]]) -> list[dict[str, object]]:
    """Return each flagged message's flags: rule, category, score, fired after the thread."""
    flags: dict[str, list[list[object]]] = {}
    for message_id, plan in plans:
        for hit in plan.hits:
            match = hit.match
            score, after_thread = round(match.score, 3), AFTER_THREAD in match.signals
            flags.setdefault(message_id, []).append(
                [hit.rule, str(match.category), score, after_thread]
            )
        for item in plan.related:
            flags.setdefault(item.message_id, []).append([THREAD, str(item.category), 1.0, False])
    return [{"corpus": corpus, "id": key, "flags": found} for key, found in flags.items()]


def _micro(found: Evaluation) -> dict[str, float]:
    micro = found.micro
    return {
        "precision": round(micro.precision, 3),
        "recall": round(micro.recall, 3),
        "benign": round(found.benign_fp_rate, 3),
        "evasion": round(found.evasion.recall, 3),
    }


def _pair(text: str) -> tuple[int, int]:
    low, high = (int(n) for n in text.split(","))
    return low, high


def matched(pooled: dict[float, Evaluation], rate: float) -> dict[str, float] | None:
    """Return the pooled figures interpolated to a benign rate; None outside the thresholds."""
    # By rate alone: two thresholds can flag as many benign messages (the rules flag most).
    rows = sorted(((f.benign_fp_rate, _micro(f)) for f in pooled.values()), key=itemgetter(0))
    rates = [benign for benign, _ in rows]
    if not rates[0] <= rate <= rates[-1]:
        return None
    cells = {"benign": rate}
    for key in ("precision", "recall", "evasion"):
        cells[key] = round(float(np.interp(rate, rates, [row[key] for _, row in rows])), 3)
    return cells


def size(arrays: dict[str, np.ndarray]) -> dict[str, object]:
    """Return the terms of each part, the bytes of a model's arrays and of the model loaded."""
    terms = {k.removesuffix(".terms"): len(v) for k, v in arrays.items() if k.endswith(".terms")}
    tracemalloc.start()
    model = TextModel(arrays)
    loaded = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del model
    return {
        "terms": terms,
        "arrays_mb": round(sum(a.nbytes for a in arrays.values()) / 1e6, 1),
        "loaded_mb": round(loaded / 1e6, 1),
    }


def groups(folders: list[Path], folds: int) -> list[list[Path]]:
    """Deal the corpora into `folds` groups to leave out in turn (0: each corpus alone)."""
    count = min(folds, len(folders)) or len(folders)
    return [folders[fold::count] for fold in range(count)]


def _arguments() -> tuple[argparse.Namespace, Settings]:
    """Parse the command line into its arguments and the model's settings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, default=ROOT / "config" / "examples")
    parser.add_argument("--extra", type=Path, action="append", default=[])
    parser.add_argument("--thresholds", default="0.5,0.6,0.7,0.8")
    parser.add_argument("--with", dest="config", type=Path, help="also replay this config")
    parser.add_argument("--c", type=float, default=Settings().c, help="inverse regularization")
    default = Settings()
    parser.add_argument("--chars", type=_pair, default=default.char_ngrams, help="e.g. 2,5")
    parser.add_argument("--words", type=_pair, default=default.word_ngrams, help="e.g. 1,2")
    parser.add_argument(
        "--word-min-df", type=_pair, default=default.word_min_df, help="single words, pairs"
    )
    parser.add_argument("--thread", type=_pair, default=default.thread_ngrams, help="0,0: none")
    parser.add_argument("--own", type=_pair, default=default.own_ngrams, help="0,0: none")
    parser.add_argument("--benign", default="0.016,0.02", help="benign rates to match")
    parser.add_argument(
        "--folds", type=int, default=0, help="groups of corpora left out in turn (0: each alone)"
    )
    parser.add_argument("--flags", type=Path, help="with --with: write each message's flags here")
    args = parser.parse_args()
    if args.folds < 0:
        parser.error("--folds: 0 (each corpus alone) or a number of groups")
    if args.flags and not args.config:
        parser.error("--flags needs --with: the flags are the config's rules")
    settings = Settings(
        c=args.c,
        char_ngrams=args.chars,
        word_ngrams=args.words,
        word_min_df=args.word_min_df,
        thread_ngrams=args.thread,
        own_ngrams=args.own,
    )
    return args, settings


def main() -> None:
    """Print one JSON line per corpus left out, one pooling them, then one per extra corpus."""
    args, settings = _arguments()
    thresholds = [float(t) for t in args.thresholds.split(",")]
    print(json.dumps({"settings": asdict(settings)}), flush=True)
    registry = load_plugins()
    config = load_config(args.config, registry, require_secrets=False) if args.config else None
    pooled: dict[float, list[Flagged]] = {t: [{}, {}, {}] for t in thresholds}
    folders = corpora(args.examples)
    dump = args.flags.open("w", encoding="utf-8") if args.flags else None
    for left_out in groups(folders, args.folds):
        arrays, plans = _fit_and_replay(folders, left_out, settings, config)
        model = TextModel(arrays)
        flagged: dict[Path, Flagged] = {left: predictions(plans[left]) for left in left_out}
        _write_flags(dump, plans)
        for left in left_out:
            row: dict[str, object] = {"corpus": left.name}
            for threshold in thresholds:
                found = predict(model, left, threshold, flagged[left])
                for pool, part in zip(pooled[threshold], found, strict=True):
                    pool.update({f"{left.name}/{k}": v for k, v in part.items()})
                row[str(threshold)] = _micro(evaluate(*found))
            print(json.dumps(row), flush=True)
    row = {"corpus": "pooled"}
    evaluations = {threshold: evaluate(*found) for threshold, found in pooled.items()}
    for threshold, evaluation in evaluations.items():
        cells: dict[str, object] = dict(_micro(evaluation))
        for name, tally in sorted(evaluation.categories.items()):
            cells[name] = [round(tally.precision, 3), round(tally.recall, 3)]
        row[str(threshold)] = cells
    print(json.dumps(row), flush=True)
    if dump is not None:
        dump.close()
    rates = [float(rate) for rate in args.benign.split(",") if rate]
    print(json.dumps({"matched": [matched(evaluations, rate) for rate in rates]}), flush=True)
    everything = fit_folder(args.examples, settings)
    print(json.dumps({"size": size(everything)}), flush=True)
    if args.extra:
        model = TextModel(everything)
        for folder in args.extra:
            if not (folder / EVENTS).is_file():
                raise SystemExit(f"{folder}: no {EVENTS}")
            found = predict(model, folder, thresholds[-1])
            print(json.dumps({"corpus": f"extra:{folder.name}", **_micro(evaluate(*found))}))


if __name__ == "__main__":
    main()
