"""Measure engine throughput in replay: messages per second, per-message latency, peak RSS.

Run: .venv/bin/python -m bench.throughput [--messages 10000] [--members 1000] [--config FILE]
     .venv/bin/python -m bench.throughput --matrix   (10k and 100k messages x 1k and 10k members)

The texts come from the dev corpus when it is beside the project, else from the demo stream;
authors, rooms and times are spread synthetically so windows and member state grow. Each
message gets a per-message reference word appended (" zx<consonants>", see `reference`),
so no two texts of a stream are the same: a cache keyed by message text cannot inflate the
figures, as it would with texts drawn as-is from a small pool. No rule reacts to such a
word: tests/test_bench.py checks that every message is flagged by the same rules with and
without it, copies of one text aside (the duplicates and copies triggers no longer see any),
and that it sways at most a few of the verdicts the learned model weighs in (its rules, its
doubts). Every member joins first, then 200 messages warm the caches the way a live bot
would be warm, and the heap is settled as a live bot settles it after its first event
(bot/heap.py; --no-settle leaves it); only the messages after them are timed.

Latencies are per call of Engine.handle (max: the slowest one, a full collection's pause
when the heap is not settled); messages per second is measured messages divided by
the wall time of the timed loops, and per CPU second by their process time (steadier when
other jobs share the machine). The same calls are also timed in CPU time (`cpu_*`: what the
engine itself spends, without the waits of a machine other jobs share), and each message
over `SLOW` is put down to one cause (`slow`): a collection of the garbage collector during
it (`gc`), the machine running something else while it waited (`preempted`: its CPU time is
under `SLOW`), or its own work (`work`). Events are built 5,000 at a time between timed
stretches, so neither building them nor a whole stream held in memory counts in the time or
the peak RSS.
--matrix runs each size in a fresh interpreter (peak RSS is per process) and prints one JSON
line each.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path

from bench import host
from bot import heap
from bot.app import build_engine, build_services
from bot.config import BUNDLED_CONFIG, ROOT, load_config
from bot.events import Member, MemberJoined, MessageCreated
from bot.registry import load_plugins

CORPUS = ROOT.parent / "shared" / "corpus" / "dev" / "events.jsonl"
DEMO = ROOT / "config" / "demo" / "events.jsonl"
WARM = 200
#: Events built ahead of each timed stretch: building them is not timed, nor held all at once.
CHUNK = 5_000
#: A message slower than this is put down to a cause (see `Pauses` and `causes`).
SLOW = 2e-3
MATRIX = ((10_000, 1_000), (10_000, 10_000), (100_000, 1_000), (100_000, 10_000))
# A reference is spelled in consonants, alternating two sets so no letter repeats: no
# digit-only prefilter, number, word or stretched letter comes out of it.
_EVEN, _ODD = "bdfgklmnpr", "cjqstvwxzh"


def source() -> Path:
    """Return the stream whose texts are replayed: the shared dev corpus, else the demo."""
    return CORPUS if CORPUS.exists() else DEMO


def texts() -> list[str]:
    """Return the message texts to replay."""
    lines = source().read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if '"type":"message"' in line]


def reference(n: int) -> str:
    """Spell `n` as a lowercase word no lexicon holds ("zx" then one consonant per digit)."""
    return "zx" + "".join((_ODD if i % 2 else _EVEN)[int(d)] for i, d in enumerate(str(n)))


def vary(text: str, n: int) -> str:
    """Make a pool text unique to message `n` with a reference word no rule reacts to."""
    return f"{text} {reference(n)}"


def events(
    count: int, members: int, community: str, *, unique: bool = True
) -> Iterator[MessageCreated | MemberJoined]:
    """Yield a stream: every member joins, then `count` messages 5 ms apart.

    With `unique`, each text gets its reference number (see `vary`).
    """
    rng = random.Random(7)
    pool = texts()
    start = datetime(2026, 3, 1, tzinfo=UTC)
    rooms = [f"room-{i}" for i in range(8)]
    for i in range(members):
        yield MemberJoined(
            community=community,
            room=rooms[i % 8],
            ts=start,
            member=Member(id=f"u{i}", account_created=start - timedelta(days=rng.randint(0, 900))),
        )
    for i in range(count):
        room = rng.choice(rooms)
        author = rng.randrange(members)
        text = rng.choice(pool)
        yield MessageCreated(
            community=community,
            room=room,
            ts=start + timedelta(milliseconds=5 * (i + 1)),
            member=Member(id=f"u{author}"),
            message_id=f"b{i}",
            text=vary(text, i) if unique else text,
        )


def stream(count: int, members: int, community: str) -> list[MessageCreated | MemberJoined]:
    """Return the whole stream of `events` as a list."""
    return list(events(count, members, community))


class Pauses:
    """Add up the garbage collector's pauses, to tell which messages one fell in."""

    def __init__(self) -> None:
        self.total = 0.0
        self._began = 0.0

    def __call__(self, phase: str, _info: dict[str, int]) -> None:
        """Time one collection (a `gc.callbacks` entry)."""
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._began


def causes(timings: list[tuple[float, float, float]]) -> dict[str, int]:
    """Count the messages over SLOW by cause, from (wall, cpu, gc pause) of each."""
    found = {"gc": 0, "preempted": 0, "work": 0}
    for wall, cpu, paused in timings:
        if wall <= SLOW:
            continue
        if paused and cpu - paused <= SLOW:
            found["gc"] += 1
        elif cpu <= SLOW:
            found["preempted"] += 1
        else:
            found["work"] += 1
    return found


async def run(args: argparse.Namespace) -> dict[str, object]:
    """Replay the stream through the engine and return the figures."""
    registry = load_plugins()
    config = load_config(args.config or BUNDLED_CONFIG, registry, require_secrets=False)
    community = next(iter(config.communities))
    engine = build_engine(config, registry, build_services(config))
    replayed = events(args.messages + WARM, args.members, community)
    for event in islice(replayed, args.members + WARM):
        await engine.handle(event)
    if not args.no_settle:
        heap.settle()  # as a live bot does after its first event
    timings: list[tuple[float, float, float]] = []
    flagged = 0
    elapsed = cpu = 0.0
    clock, cpu_clock = time.perf_counter, time.thread_time
    pauses = Pauses()
    gc.callbacks.append(pauses)
    try:
        while chunk := list(islice(replayed, CHUNK)):
            began, cpu_began = clock(), time.process_time()
            for event in chunk:
                paused = pauses.total
                before, cpu_before = clock(), cpu_clock()
                plan = await engine.handle(event)
                spent = cpu_clock() - cpu_before
                timings.append((clock() - before, spent, pauses.total - paused))
                flagged += bool(plan.hits)
            elapsed += clock() - began
            cpu += time.process_time() - cpu_began
    finally:
        gc.callbacks.remove(pauses)
    latencies = sorted(t[0] for t in timings)
    cpu_latencies = sorted(t[1] for t in timings)

    def pct(p: float, among: list[float]) -> float:
        return among[min(len(among) - 1, int(p * len(among)))] * 1e6

    return {
        # Which texts were replayed: figures of two streams do not compare.
        "stream": source().parent.name,
        "messages": args.messages,
        "members": args.members,
        "flagged": flagged,
        "msgs_per_s": round(len(latencies) / elapsed),
        "msgs_per_cpu_s": round(len(latencies) / cpu),
        "p50_us": round(pct(0.50, latencies), 1),
        "p99_us": round(pct(0.99, latencies), 1),
        "p999_us": round(pct(0.999, latencies), 1),
        "max_us": round(latencies[-1] * 1e6, 1),
        "mean_us": round(statistics.fmean(latencies) * 1e6, 1),
        "cpu_p50_us": round(pct(0.50, cpu_latencies), 1),
        "cpu_p99_us": round(pct(0.99, cpu_latencies), 1),
        "cpu_p999_us": round(pct(0.999, cpu_latencies), 1),
        "slow": causes(timings),
        # Collections that fell in a timed call, and the time they took there.
        "gc_messages": sum(1 for t in timings if t[2]),
        "gc_ms": round(sum(t[2] for t in timings) * 1e3, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        **host.describe(),
    }


def matrix(
    config: Path | None, *, settle: bool = True, sizes: tuple[tuple[int, int], ...] = MATRIX
) -> None:
    """Run every stream size (messages, members) in a fresh interpreter, printing each line."""
    for messages, members in sizes:
        command = [sys.executable, "-m", "bench.throughput", "--messages", str(messages)]
        command += ["--members", str(members)]
        if config is not None:
            command += ["--config", str(config)]
        if not settle:
            command.append("--no-settle")
        subprocess.run(command, cwd=ROOT, check=True)  # noqa: S603 - this module, our interpreter


def main() -> None:
    """Parse arguments, run, print one JSON object per run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=1_000)
    parser.add_argument("--config", type=Path)
    parser.add_argument(
        "--no-settle", action="store_true", help="leave the heap unfrozen (bot/heap.py)"
    )
    parser.add_argument(
        "--matrix", action="store_true", help="10k and 100k messages with 1k and 10k members"
    )
    args = parser.parse_args()
    if args.matrix:
        matrix(args.config, settle=not args.no_settle)
        return
    print(json.dumps(asyncio.run(run(args))), flush=True)


if __name__ == "__main__":
    main()
