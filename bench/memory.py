"""Measure memory: RSS with 1 vs 1,000 communities configured, and across a 100k replay.

Run: .venv/bin/python bench/memory.py [--communities 1000] [--messages 100000] [--members 10000]

Each measurement runs in a fresh interpreter so one does not inflate the next. The 1,000
communities are generated from the example config: each is the example community with rooms,
management room and overrides of its own, so all share the same rules (and identical rules
may share compiled triggers); such a file is over the YAML loader's 200,000-node guard,
which is raised for that measurement only and reported. The replay reuses bench/throughput.py's
stream; the state store's key count is sampled during it, then event time is moved past every
window and the store must shrink. Prints one JSON line per measurement.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import gc
import json
import os
import platform
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from throughput import stream

from bot.app import build_engine, build_services
from bot.config import BUNDLED_CONFIG, load_config_text
from bot.events import Member, MessageCreated
from bot.registry import load_plugins
from bot.state import MemoryState

SAMPLE_EVERY = 1_000
# Past every window and expiring flag of the example config: the longest are escalation
# windows (30 days) and the raid's "joined" flags (30 days).
LATER = timedelta(days=31)


def rss_mb() -> dict[str, float]:
    """Return the current and peak resident set size of this process, in MB."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            found[key] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": found["VmRSS"], "peak_rss_mb": found["VmHWM"]}


def settled_rss() -> dict[str, float]:
    """Collect garbage, then measure."""
    gc.collect()
    return rss_mb()


def key_kinds(state: MemoryState) -> dict[str, int]:
    """Count the keys held by kind (the key less its last part, usually a member id)."""
    keys = [*getattr(state, "_windows", {}), *getattr(state, "_flags", {})]
    return dict(Counter(key.rsplit(":", 1)[0] for key in keys).most_common(8))


def _common() -> dict[str, Any]:
    return {
        "loadavg": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


def many_communities(count: int) -> str:
    """Return the example config with `count` copies of its community, each with own rooms."""
    raw = yaml.safe_load(BUNDLED_CONFIG.read_text())
    (name, template), *_ = raw["communities"].items()
    communities = {}
    for i in range(count):
        community = copy.deepcopy(template)
        community["rooms"] = [f"#c{i}-general:example.org", f"#c{i}-ados:example.org"]
        community["mod_channel"] = f"#c{i}-moderation:example.org"
        for override in community.get("overrides", []):
            if "rooms" in override:
                override["rooms"] = [f"#c{i}-annonces:example.org"]
        communities[f"{name}-{i}"] = community
    raw["communities"] = communities
    return yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)


async def communities_part(count: int) -> dict[str, Any]:
    """Load, compile and exercise `count` communities; return RSS before and after."""
    registry = load_plugins()
    before = settled_rss()
    began = time.perf_counter()
    text = many_communities(count)
    config = load_config_text(text, registry, file="memory.yaml", require_secrets=False)
    engine = build_engine(config, registry, build_services(config))
    for name in config.communities:
        engine.ruleset(name)
    loaded = time.perf_counter() - began
    after_compile = settled_rss()
    start = stream(1, 1, "x")[0].ts
    for i, (name, community) in enumerate(config.communities.items()):
        await engine.handle(
            MessageCreated(
                community=name,
                room=community.rooms[0],
                ts=start + timedelta(seconds=i),
                member=Member(id=f"u{i}"),
                message_id=f"m{i}",
                text="salut, quelqu'un a vu le match hier soir ?",
            )
        )
    return {
        "bench": "memory.communities",
        "communities": count,
        "rss_before_config_mb": before["rss_mb"],
        "rss_compiled_mb": after_compile["rss_mb"],
        "rss_after_one_message_each_mb": settled_rss()["rss_mb"],
        "peak_rss_mb": rss_mb()["peak_rss_mb"],
        "load_and_compile_s": round(loaded, 2),
        **_common(),
    }


async def replay_part(messages: int, members: int) -> dict[str, Any]:
    """Replay a stream through the engine; return RSS and state size during and after."""
    registry = load_plugins()
    config = load_config_text(
        BUNDLED_CONFIG.read_text(), registry, file=str(BUNDLED_CONFIG), require_secrets=False
    )
    community = next(iter(config.communities))
    state = MemoryState()
    engine = build_engine(config, registry, build_services(config, state=state))
    events = stream(messages, members, community)
    for event in events[:200]:  # compile the packs and warm the caches first
        await engine.handle(event)
    before = settled_rss()
    size_peak = 0
    began = time.perf_counter()
    for i, event in enumerate(events):
        await engine.handle(event)
        if i % SAMPLE_EVERY == 0:
            size_peak = max(size_peak, state.size())
    elapsed = time.perf_counter() - began
    size_end = state.size()
    kinds_end = key_kinds(state)
    size_peak = max(size_peak, size_end)
    after = settled_rss()
    last = events[-1].ts
    for i in range(3):  # later traffic: each call sweeps what is due, then a full sweep
        await engine.handle(
            MessageCreated(
                community=community,
                room="room-0",
                ts=last + LATER + timedelta(minutes=2 * i),
                member=Member(id=f"late{i}"),
                message_id=f"late{i}",
                text="bonjour tout le monde",
            )
        )
    expired = settled_rss()
    return {
        "bench": "memory.replay",
        "messages": messages,
        "members": members,
        "events": len(events),
        "replay_s": round(elapsed, 1),
        "rss_before_replay_mb": before["rss_mb"],
        "rss_after_replay_mb": after["rss_mb"],
        "rss_after_expiry_mb": expired["rss_mb"],
        "peak_rss_mb": expired["peak_rss_mb"],
        "state_keys_peak": size_peak,
        "state_keys_end_of_replay": size_end,
        "state_keys_end_by_kind": kinds_end,
        "state_keys_after_expiry": state.size(),
        "state_keys_left_by_kind": key_kinds(state),
        "event_time_advanced_by": str(LATER),
        "stream_events_in_memory": "yes (built up front, counted in the RSS)",
        **_common(),
    }


def run_part(part: str, args: argparse.Namespace) -> None:
    """Run one measurement in this interpreter and print its JSON line."""
    kind, _, value = part.partition(":")
    if kind == "communities":
        result = asyncio.run(communities_part(int(value)))
    else:
        result = asyncio.run(replay_part(args.messages, args.members))
    print(json.dumps(result), flush=True)


def main() -> None:
    """Run each measurement in a fresh interpreter, bounded in time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communities", type=int, default=1_000)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=900.0, help="per measurement (s)")
    args = parser.parse_args()
    if args.part:
        run_part(args.part, args)
        return
    common = ["--messages", str(args.messages), "--members", str(args.members)]
    for part in ("communities:1", f"communities:{args.communities}", "replay"):
        subprocess.run(  # noqa: S603 - this script, our interpreter
            [sys.executable, __file__, "--part", part, *common],
            check=True,
            timeout=args.timeout,
        )


if __name__ == "__main__":
    main()
