"""Measure memory: RSS with 1 vs 1,000 communities configured, and across long replays.

Run: .venv/bin/python -m bench.memory [--communities 1000] [--messages 100000] [--members 10000]

The 1,000 communities are generated from the example config into a file, as an operator
would write them: each is the example community with rooms, moderators' channel and
overrides of its own, so all write the same rules. Each measurement runs in a fresh
interpreter that reads that file, so neither the generation nor one measurement inflates
another. The heap is settled after the first event, as a live bot settles it (bot/heap.py).
RSS is read from /proc after a garbage collection; "before" is after the imports
and plugins, which every process pays whatever its config.

The replay spreads `--messages` messages over every community and their members (joins
first), `--rate` per second of event time, then replays a second batch of as many, later
in event time: windows expire as they go, so the state store and RSS level off rather than
grow with the traffic.
Finally event time moves past every window, and the state must empty. Events are made as
they are replayed, so the stream itself is not counted in the RSS. One JSON line each.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import gc
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from bench import host
from bench.throughput import texts
from bot import heap
from bot.app import build_engine, build_services
from bot.config import BUNDLED_CONFIG, ROOT, Config, load_config
from bot.engine import Engine
from bot.events import Event, Member, MemberJoined, MessageCreated
from bot.registry import load_plugins
from bot.state import MemoryState

SAMPLE_EVERY = 5_000
START = datetime(2026, 3, 1, tzinfo=UTC)
# Past every window and expiring flag of the example config but one: the longest are
# escalation windows (30 days) and the raid's "joined" flags (30 days); a member who said
# being a minor is remembered a year (plugins/packs/minors.py), so those flags stay.
LATER = timedelta(days=31)


def rss_mb() -> dict[str, float]:
    """Return the current and peak resident set size of this process, in MB."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            found[key] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": found["VmRSS"], "peak_rss_mb": found["VmHWM"]}


def settled_rss() -> float:
    """Collect garbage, then return the RSS in MB."""
    gc.collect()
    return rss_mb()["rss_mb"]


#: What varies inside state keys (community, room, member, message), so keys group by kind.
_VARYING = re.compile(r"entraide-\d+|#[^:]+:example\.org|\bu\d+\b|\bb\d-\d+\b|\blate\d\b")


def key_kinds(state: MemoryState) -> dict[str, int]:
    """Count the keys held by kind, such as `<c>:packs:minor:<m>`."""
    keys = [*getattr(state, "_windows", {}), *getattr(state, "_flags", {})]
    kinds = Counter(_VARYING.sub(_placeholder, key) for key in keys)
    return dict(kinds.most_common(12))


def _placeholder(match: re.Match[str]) -> str:
    found = match.group(0)
    if found.startswith("entraide-"):
        return "<c>"
    if found.startswith("#"):
        return "<room>"
    return "<m>" if found.startswith(("u", "late")) else "<msg>"


def _common() -> dict[str, Any]:
    return host.describe()


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
    return yaml.dump(
        raw,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        sort_keys=False,
        allow_unicode=True,
    )


def sharing(config: Config, engine: Engine) -> dict[str, int | None]:
    """Count the distinct rule models and compiled rule sets behind all communities."""
    rulesets = set()
    for name, community in config.communities.items():
        for indices in [(), *((i,) for i in range(len(community.overrides)))]:
            rulesets.add(id(engine.ruleset(name, indices)))
    shared = getattr(config, "shared", None)  # absent before rules were shared
    models = len(shared) if shared is not None else None
    counts: dict[str, int | None] = {"distinct_rule_models": models}
    counts["distinct_rulesets"] = len(rulesets)
    return counts


def load(path: Path) -> tuple[Config, Engine, MemoryState, dict[str, Any]]:
    """Read the config file and build the engine, timing each step."""
    registry = load_plugins()
    before = settled_rss()
    began = time.perf_counter()
    config = load_config(path, registry, require_secrets=False)
    loaded = time.perf_counter()
    state = MemoryState()
    engine = build_engine(config, registry, build_services(config, state=state))
    compiled = time.perf_counter()
    figures = {
        "rss_before_config_mb": before,
        "load_s": round(loaded - began, 2),
        "compile_s": round(compiled - loaded, 2),
        "rss_compiled_mb": settled_rss(),
        **sharing(config, engine),
    }
    return config, engine, state, figures


async def communities_part(path: Path) -> dict[str, Any]:
    """Load, compile and exercise the communities of a file; return RSS and times."""
    config, engine, _, figures = load(path)
    for i, (name, community) in enumerate(config.communities.items()):
        await engine.handle(
            MessageCreated(
                community=name,
                room=community.rooms[0],
                ts=START + timedelta(seconds=i),
                member=Member(id=f"u{i}"),
                message_id=f"m{i}",
                text="salut, quelqu'un a vu le match hier soir ?",
            )
        )
        if i == 0:
            heap.settle()  # as a live bot does after its first event
    return {
        "bench": "memory.communities",
        "communities": len(config.communities),
        **figures,
        "rss_after_one_message_each_mb": settled_rss(),
        "peak_rss_mb": rss_mb()["peak_rss_mb"],
        **_common(),
    }


def joins(config: Config, members: int) -> Iterator[Event]:
    """Make every member join its community (member j belongs to community j mod N)."""
    names = list(config.communities)
    rng = random.Random(7)
    for j in range(members):
        name = names[j % len(names)]
        yield MemberJoined(
            community=name,
            room=config.communities[name].rooms[0],
            ts=START + timedelta(milliseconds=200 * j),
            member=Member(id=f"u{j}", account_created=START - timedelta(days=rng.randint(0, 900))),
        )


def messages(
    config: Config, members: int, count: int, batch: int, gap: timedelta
) -> Iterator[Event]:
    """Make `count` messages `gap` apart by random members; batch 2 follows batch 1."""
    names = list(config.communities)
    pool = texts()
    rng = random.Random(batch)
    start = START + timedelta(milliseconds=200 * members) + gap * count * (batch - 1)
    for i in range(count):
        j = rng.randrange(members)
        name = names[j % len(names)]
        yield MessageCreated(
            community=name,
            room=rng.choice(config.communities[name].rooms),
            ts=start + gap * (i + 1),
            member=Member(id=f"u{j}"),
            message_id=f"b{batch}-{i}",
            text=rng.choice(pool),
        )


async def replay_part(path: Path, count: int, members: int, rate: float) -> dict[str, Any]:
    """Replay two batches over every community; return RSS and state size along the way."""
    config, engine, state, figures = load(path)
    gap = timedelta(seconds=1 / rate)
    for i, event in enumerate(joins(config, members)):
        await engine.handle(event)
        if i == 0:
            heap.settle()  # as a live bot does after its first event
    after_joins = {"rss_mb": settled_rss(), "state_keys": state.size()}
    batches = []
    last = START
    for batch in (1, 2):
        peak = 0
        began = time.perf_counter()
        for i, event in enumerate(messages(config, members, count, batch, gap)):
            await engine.handle(event)
            last = event.ts
            if i % SAMPLE_EVERY == 0:
                peak = max(peak, state.size())
        batches.append(
            {
                "batch": batch,
                "replay_s": round(time.perf_counter() - began, 1),
                "state_keys_peak": max(peak, state.size()),
                "state_keys_end": state.size(),
                "state_keys_by_kind": key_kinds(state),
                "known_members": len(engine.members),
                "rss_mb": settled_rss(),
            }
        )
    name, community = next(iter(config.communities.items()))
    for i in range(3):  # later traffic: each call sweeps what is due, then a full sweep
        await engine.handle(
            MessageCreated(
                community=name,
                room=community.rooms[0],
                ts=last + LATER + timedelta(minutes=2 * i),
                member=Member(id=f"late{i}"),
                message_id=f"late{i}",
                text="bonjour tout le monde",
            )
        )
    return {
        "bench": "memory.replay",
        "communities": len(config.communities),
        "messages_per_batch": count,
        "members": members,
        "messages_per_event_second": rate,
        "event_time_per_batch": str(gap * count),
        **figures,
        "after_joins": after_joins,
        "batches": batches,
        "event_time_advanced_by": str(LATER),
        "state_keys_after_expiry": state.size(),
        "state_keys_left_by_kind": key_kinds(state),
        "rss_after_expiry_mb": settled_rss(),
        "peak_rss_mb": rss_mb()["peak_rss_mb"],
        **_common(),
    }


def run_part(part: str, args: argparse.Namespace) -> None:
    """Run one measurement in this interpreter and print its JSON line."""
    path = Path(args.config_file)
    if part == "communities":
        result = asyncio.run(communities_part(path))
    else:
        result = asyncio.run(replay_part(path, args.messages, args.members, args.rate))
    print(json.dumps(result), flush=True)


def main() -> None:
    """Write the configs, then run each measurement in a fresh interpreter, bounded in time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communities", type=int, default=1_000)
    parser.add_argument("--messages", type=int, default=100_000, help="per replay batch")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument(
        "--rate",
        type=float,
        default=20.0,
        help="messages per second of event time, all communities together (a batch then "
        "spans 83 minutes, past the 30-minute windows)",
    )
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("--config-file", help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=900.0, help="per measurement (s)")
    args = parser.parse_args()
    if args.part:
        run_part(args.part, args)
        return
    common = ["--messages", str(args.messages), "--members", str(args.members)]
    common += ["--rate", str(args.rate)]
    with tempfile.TemporaryDirectory(prefix="vigie-memory-") as folder:
        one = Path(folder) / "one.yaml"
        one.write_text(many_communities(1), encoding="utf-8")
        many = Path(folder) / "many.yaml"
        many.write_text(many_communities(args.communities), encoding="utf-8")
        this = [sys.executable, "-m", "bench.memory"]
        for part, path in (("communities", one), ("communities", many), ("replay", many)):
            subprocess.run(  # noqa: S603 - this module, our interpreter
                [*this, "--part", part, "--config-file", str(path), *common],
                cwd=ROOT,
                check=True,
                timeout=args.timeout,
            )


if __name__ == "__main__":
    main()
