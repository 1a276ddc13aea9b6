"""The latency bench's senders: members paced by the config never trip its burst rule."""

from datetime import UTC, datetime, timedelta

from bench.synapse_latency.sender import flood_pacing
from bot.registry import Registry
from tests.support.bundled import bundled
from tests.support.messages import make_message


async def test_latency_members_paced_by_the_config_never_trip_its_burst_rule(
    registry: Registry,
) -> None:
    found = bundled(registry)
    interval, window = flood_pacing(found.config)
    assert window > 0
    engine, community = found.engine, found.community
    start = datetime(2026, 1, 1, tzinfo=UTC)
    topics = ["le match", "la pluie", "ce film", "mon chat", "la rentrée", "le concert"]
    for n in range(12):
        event = make_message(
            f"bonjour, tu as vu {topics[n % len(topics)]} numéro {n} ?",
            community=community,
            room="general",
            ts=start + timedelta(seconds=n * interval),
            member="paced",
            message_id=f"p{n}",
        )
        assert not (await engine.handle(event)).hits, n
    # A fifth faster than that pace, the burst rule fires: the pace is not arbitrary.
    fired = False
    for n in range(12):
        event = make_message(
            f"bonjour, tu as vu {topics[n % len(topics)]} numéro {n} ?",
            community=community,
            room="general",
            ts=start + timedelta(hours=1, seconds=n * (interval * 0.8)),
            member="hurried",
            message_id=f"h{n}",
        )
        fired = fired or bool((await engine.handle(event)).hits)
    assert fired
