"""Measure engine throughput in replay: messages per second, per-message latency, peak RSS.

Run: .venv/bin/python bench/throughput.py [--messages 10000] [--members 1000] [--config FILE]
The texts come from the dev corpus when it is beside the project, else from the demo stream;
authors, rooms and times are spread synthetically so windows and member state grow.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import resource
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import build_engine, build_services
from bot.config import BUNDLED_CONFIG, ROOT, load_config
from bot.events import Member, MemberJoined, MessageCreated
from bot.registry import load_plugins

CORPUS = ROOT.parent / "shared" / "corpus" / "dev" / "events.jsonl"
DEMO = ROOT / "config" / "demo" / "events.jsonl"


def texts() -> list[str]:
    """Return the message texts to replay."""
    source = CORPUS if CORPUS.exists() else DEMO
    lines = source.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if '"type":"message"' in line]


def stream(count: int, members: int, community: str) -> list[MessageCreated | MemberJoined]:
    """Build a stream: every member joins, then `count` messages 5 ms apart."""
    rng = random.Random(7)
    pool = texts()
    start = datetime(2026, 3, 1, tzinfo=UTC)
    rooms = [f"room-{i}" for i in range(8)]
    events: list[MessageCreated | MemberJoined] = [
        MemberJoined(
            community=community,
            room=rooms[i % 8],
            ts=start,
            member=Member(id=f"u{i}", account_created=start - timedelta(days=rng.randint(0, 900))),
        )
        for i in range(members)
    ]
    for i in range(count):
        events.append(
            MessageCreated(
                community=community,
                room=rng.choice(rooms),
                ts=start + timedelta(milliseconds=5 * (i + 1)),
                member=Member(id=f"u{rng.randrange(members)}"),
                message_id=f"b{i}",
                text=rng.choice(pool),
            )
        )
    return events


async def run(args: argparse.Namespace) -> dict[str, object]:
    """Replay the stream through the engine and return the figures."""
    registry = load_plugins()
    config = load_config(args.config or BUNDLED_CONFIG, registry, require_secrets=False)
    community = next(iter(config.communities))
    engine = build_engine(config, registry, build_services(config))
    events = stream(args.messages, args.members, community)
    for event in events[:200]:  # warm the caches the way a live bot would be warm
        await engine.handle(event)
    latencies: list[float] = []
    flagged = 0
    clock = time.perf_counter
    began = clock()
    for event in events:
        before = clock()
        plan = await engine.handle(event)
        if isinstance(event, MessageCreated):
            latencies.append(clock() - before)
            flagged += bool(plan.hits)
    elapsed = clock() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1e6

    return {
        "messages": args.messages,
        "members": args.members,
        "flagged": flagged,
        "msgs_per_s": round(len(events) / elapsed),
        "p50_us": round(pct(0.50), 1),
        "p99_us": round(pct(0.99), 1),
        "p999_us": round(pct(0.999), 1),
        "mean_us": round(statistics.fmean(latencies) * 1e6, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


def main() -> None:
    """Parse arguments, run, print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=1_000)
    parser.add_argument("--config", type=Path)
    print(json.dumps(asyncio.run(run(parser.parse_args()))))


if __name__ == "__main__":
    main()
