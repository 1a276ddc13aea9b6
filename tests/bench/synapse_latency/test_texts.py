"""The latency bench's everyday messages: none is removed, however fast they come."""

import random
from datetime import UTC, datetime, timedelta

from bench.synapse_latency.texts import benign
from bot.registry import Registry
from tests.support.bundled import bundled
from tests.support.messages import make_message


async def test_a_minute_of_everyday_messages_at_twenty_a_second_fires_no_rule(
    registry: Registry,
) -> None:
    found = bundled(registry)
    rng = random.Random(3)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    fired = []
    # As the bench sends them: 132 members in turn, one room; 400 texts only, so without
    # their reference word three members would post the same one within the minute.
    for n in range(1_200):
        event = make_message(
            benign(rng, n),
            community=found.community,
            room="general",
            ts=start + timedelta(seconds=n / 20),
            member=f"member{n % 132}",
            message_id=f"b{n}",
        )
        plan = await found.engine.handle(event)
        fired += [f"{h.rule}: {event.text}" for h in plan.hits]
    assert fired == []
