"""The latency benchmark: CPU accounting (children when asked) and members paced by the config."""

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))

from synapse_latency import cpu_seconds, flood_pacing

from bot.app import build_engine, build_services
from bot.config import BUNDLED_CONFIG, load_config
from bot.events import Member, MessageCreated
from bot.registry import load_plugins

BURN = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\n"

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def test_a_child_burning_cpu_counts_only_when_children_are_asked_for() -> None:
    child = subprocess.Popen([sys.executable, "-c", BURN + "time.sleep(30)"])
    try:
        deadline = time.monotonic() + 20
        while (cpu_seconds(child.pid) or 0.0) < 0.3 and time.monotonic() < deadline:
            time.sleep(0.05)
        alone = cpu_seconds(child.pid)
        with_children = cpu_seconds(os.getpid(), children=True)
        without = cpu_seconds(os.getpid())
        assert alone is not None
        assert alone >= 0.3
        assert with_children is not None
        assert without is not None
        assert with_children - without >= 0.3
    finally:
        child.kill()
        child.wait()


def test_a_process_that_is_gone_has_no_figure() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert cpu_seconds(child.pid) is None


async def test_latency_members_paced_by_the_config_never_trip_its_burst_rule() -> None:
    registry = load_plugins()
    config = load_config(BUNDLED_CONFIG, registry, require_secrets=False)
    interval, window = flood_pacing(config)
    assert window > 0
    engine = build_engine(config, registry, build_services(config))
    community = next(iter(config.communities))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    topics = ["le match", "la pluie", "ce film", "mon chat", "la rentrée", "le concert"]
    for n in range(12):
        event = MessageCreated(
            community=community,
            room="general",
            ts=start + timedelta(seconds=n * interval),
            member=Member(id="paced"),
            message_id=f"p{n}",
            text=f"bonjour, tu as vu {topics[n % len(topics)]} numéro {n} ?",
        )
        assert not (await engine.handle(event)).hits, n
    # A fifth faster than that pace, the burst rule fires: the pace is not arbitrary.
    fired = False
    for n in range(12):
        event = MessageCreated(
            community=community,
            room="general",
            ts=start + timedelta(hours=1, seconds=n * (interval * 0.8)),
            member=Member(id="hurried"),
            message_id=f"h{n}",
            text=f"bonjour, tu as vu {topics[n % len(topics)]} numéro {n} ?",
        )
        fired = fired or bool((await engine.handle(event)).hits)
    assert fired
