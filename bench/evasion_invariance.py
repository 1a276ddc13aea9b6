"""Measure how much detection survives disguise: each harmful message rewritten by one trick.

Run: .venv/bin/python -m bench.evasion_invariance [--corpus config/examples/dev ...]
     [--config FILE] [--tricks leet,separators,...]

For each corpus, the stream is replayed as written, then once per trick (bench/disguise.py)
with every labelled harmful message disguised and everything else as written. A harmful
message counts as caught when one of its labelled categories is flagged; the row says how
many of the messages caught as written are still caught once disguised. A low share names a
trick the normalizer does not undo. Benign messages are left as written: this measures
recall under disguise, not false alarms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
from pathlib import Path

from bench.disguise import TRICKS, disguise
from bot.config import BUNDLED_CONFIG, ROOT, Config, load_config
from bot.evaluation import predictions
from bot.offline import replay
from bot.registry import Registry, load_plugins
from bot.replay import read_labels

EVENTS, LABELS = "events.jsonl", "labels.jsonl"
SEED = 11


def caught(
    config: Config, registry: Registry, events: Path, labels: dict[str, frozenset[str]]
) -> set[str]:
    """Return the harmful messages of a stream flagged with one of their labels."""
    found = predictions(asyncio.run(replay(config, registry, events)))
    return {m for m, want in labels.items() if want and found.get(m, frozenset()) & want}


def disguised(events: Path, labels: dict[str, frozenset[str]], trick: str, out: Path) -> None:
    """Write the stream with every harmful message disguised by `trick`."""
    rng = random.Random(SEED)
    with events.open(encoding="utf-8") as source, out.open("w", encoding="utf-8") as sink:
        for line in source:
            event = json.loads(line)
            if event.get("type") == "message" and labels.get(event.get("id", "")):
                event["text"] = disguise(event["text"], trick, rng)
            sink.write(json.dumps(event, ensure_ascii=False) + "\n")


def measure(
    config: Config, registry: Registry, folders: list[Path], tricks: list[str]
) -> dict[str, tuple[int, int]]:
    """Return, per trick, how many of the messages caught as written are caught disguised."""
    plain = {f: caught(config, registry, f / EVENTS, read_labels(f / LABELS)) for f in folders}
    kept: dict[str, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory(prefix="vigie-disguise-") as work:
        for trick in tricks:
            still = total = 0
            for folder in folders:
                labels = read_labels(folder / LABELS)
                out = Path(work) / f"{folder.name}-{trick}.jsonl"
                disguised(folder / EVENTS, labels, trick, out)
                still += len(plain[folder] & caught(config, registry, out, labels))
                total += len(plain[folder])
            kept[trick] = (still, total)
    return kept


def main() -> None:
    """Print one JSON line per trick: kept, caught as written, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, action="append", help="corpus folder (default: the dev corpus)"
    )
    parser.add_argument("--config", type=Path, default=BUNDLED_CONFIG)
    parser.add_argument("--tricks", default=",".join(TRICKS))
    args = parser.parse_args()
    folders = args.corpus or [ROOT / "config" / "examples" / "dev"]
    registry = load_plugins()
    config = load_config(args.config, registry, require_secrets=False)
    for trick, (still, total) in measure(config, registry, folders, args.tricks.split(",")).items():
        row = {"trick": trick, "kept": still, "caught_as_written": total}
        print(json.dumps({**row, "share": round(still / total, 3)}), flush=True)


if __name__ == "__main__":
    main()
