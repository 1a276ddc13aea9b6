"""Measure one process of a deployment: engine on a shared state, and the whole bot on a database.

Run: .venv/bin/python -m bench.cluster_throughput --state redis://127.0.0.1:6379/0
         [--storage postgresql://user@host:port/db] [--messages 5000] [--members 1000]

Replays bench/throughput.py's stream (the dev corpus's texts, synthetic authors and rooms)
twice: through the engine alone with the given state store (windows and cooldowns in Redis),
its rooms split into `--lanes` lanes handled side by side as the adapters do; then through the
whole bot (engine, executor, cases and evidence in `--storage`, a recording adapter instead of
a platform), one event after the other. Prints one JSON object per pass.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from bench.throughput import stream
from bot.adapters.fake import FakeAdapter
from bot.app import build_engine, build_services, open_bot
from bot.clock import ManualClock
from bot.config import BUNDLED_CONFIG, load_config
from bot.events import Event, MessageCreated
from bot.registry import load_plugins
from bot.state_factory import close_state, open_state


def _with_prefix(url: str) -> str:
    """Give the run keys of its own, so runs never count each other's messages."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}prefix=bench{uuid.uuid4().hex[:8]}"


def lanes(events: Sequence[Event], count: int) -> list[list[Event]]:
    """Split events by room into `count` lanes, in order within each (as the adapters do)."""
    split: list[list[Event]] = [[] for _ in range(count)]
    for event in events:
        split[int(event.room.rsplit("-", 1)[-1]) % count].append(event)
    return split


async def engine_pass(args: argparse.Namespace) -> dict[str, object]:
    """Replay through the engine alone, its state in the given store."""
    registry = load_plugins()
    config = load_config(args.config or BUNDLED_CONFIG, registry, require_secrets=False)
    community = next(iter(config.communities))
    state = await open_state(_with_prefix(args.state))
    try:
        engine = build_engine(config, registry, build_services(config, state=state))
        events = stream(args.messages, args.members, community)
        flagged = 0

        async def lane(mine: list[Event]) -> None:
            nonlocal flagged
            for event in mine:
                plan = await engine.handle(event)
                flagged += isinstance(event, MessageCreated) and bool(plan.hits)

        began = time.perf_counter()
        await asyncio.gather(*(lane(mine) for mine in lanes(events, args.lanes)))
        elapsed = time.perf_counter() - began
    finally:
        await close_state(state)
    return {
        "pass": "engine",
        "lanes": args.lanes,
        "state": args.state.split("://", 1)[0],
        "events": len(events),
        "flagged": flagged,
        "events_per_s": round(len(events) / elapsed),
    }


async def bot_pass(args: argparse.Namespace) -> dict[str, object]:
    """Replay through the whole bot: engine, executor and storage, a recording adapter."""
    registry = load_plugins()
    config = load_config(args.config or BUNDLED_CONFIG, registry, require_secrets=False)
    config.model.state = _with_prefix(args.state)
    community = next(iter(config.communities))
    events = stream(args.messages, args.members, community)
    adapter = FakeAdapter(config.communities[community].platform)
    log = logging.getLogger("vigie.bench")
    log.setLevel(logging.ERROR)
    async with open_bot(
        config, registry, adapter, storage_url=args.storage, clock=ManualClock(), logger=log
    ) as bot:
        began = time.perf_counter()
        cases = 0
        for event in events:
            _plan, outcome = await bot.handle(event)
            cases += outcome is not None and outcome.case_number is not None
        elapsed = time.perf_counter() - began
    return {
        "pass": "bot",
        "state": args.state.split("://", 1)[0],
        "storage": args.storage.split(":", 1)[0],
        "events": len(events),
        "cases": cases,
        "platform_calls": len(adapter.calls),
        "events_per_s": round(len(events) / elapsed),
    }


def main() -> None:
    """Parse arguments, run both passes, print one JSON object per pass."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", default="memory://")
    parser.add_argument("--storage", default=f"sqlite:///{Path('bench-cluster.db').resolve()}")
    parser.add_argument("--messages", type=int, default=5_000)
    parser.add_argument("--members", type=int, default=1_000)
    parser.add_argument(
        "--lanes", type=int, default=1, help="rooms handled side by side by the engine pass"
    )
    parser.add_argument("--config", type=Path)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(engine_pass(args))))
    print(json.dumps(asyncio.run(bot_pass(args))))


if __name__ == "__main__":
    main()
