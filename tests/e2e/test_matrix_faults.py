"""Faults against a Synapse of its own: low rate limits under a flood, and the server restarted.

This module runs its own Synapse (the `synapse` fixture below replaces the session one here):
its limits on the bot's messages and redactions are low, so a flood meets M_LIMIT_EXCEEDED on
both; the members' own accounts are exempt, so only the bot is held back.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import uuid
from collections import Counter
from collections.abc import Iterator

import aiohttp
import pytest

from bot.adapters.matrix.throttle import REDACTIONS
from tests.support.synapse import SynapseSession, bot_limited_session, eventually

pytestmark = pytest.mark.e2e

#: Per second, and burst: the bot's messages (reports, edits, warnings) and its redactions of
#: others' messages (Synapse counts those apart as "admin redactions").
LIMITS = {
    "rc_message": {"per_second": 10, "burst_count": 5},
    "rc_admin_redaction": {"per_second": 2, "burst_count": 1},
}
DELETE_AND_REPORT = """
      insults:
        triggers: [{words: {terms: [connard], category: hate_harassment}}]
        actions: [delete, report]
"""


@pytest.fixture(scope="module")
def synapse() -> Iterator[SynapseSession]:
    with bot_limited_session(LIMITS) as session:
        yield session


async def _nothing_pending(running) -> bool:
    return await running.storage.pending_actions("test") == []


async def _all_recorded(running, violations: int) -> None:
    """Wait for a case per violation and nothing pending.

    A case is written after its deletion, in the background: a redacted message may not have
    its case yet, and nothing is pending for it until the case is written.
    """

    async def recorded() -> bool:
        cases = await running.storage.list_cases("test", limit=100)
        return len(cases) >= violations and await _nothing_pending(running)

    await eventually(recorded, within=60)


async def _redacted(user, room: str, event_id: str) -> bool:
    return await user.is_redacted(room, event_id)


async def test_a_flood_under_low_limits_redacts_each_violation_exactly_once(
    community, vigie, caplog
):
    caplog.set_level(logging.INFO)
    alice, (general, ados) = community.alice, community.protected
    flood = 12
    async with vigie(community.config_for(DELETE_AND_REPORT)) as running:
        rooms = [general if i % 3 else ados for i in range(flood)]
        ids = await asyncio.gather(
            *(alice.send(room, f"connard numéro {i}") for i, room in enumerate(rooms))
        )
        sent = list(zip(rooms, ids, strict=True))
        for room, event_id in sent:
            await eventually(functools.partial(_redacted, alice, room, event_id), within=60)
        await _all_recorded(running, flood)
        given_up = await running.storage.pending_actions("test", "given_up")
        cases = await running.storage.list_cases("test", limit=100)
        limited = dict(running.adapter.client.throttle.limited)
    assert "M_LIMIT_EXCEEDED" in caplog.text  # the limits were hit, and honoured
    assert limited.get(REDACTIONS, 0) > 0
    assert given_up == []
    assert sorted(c.message_id for c in cases) == sorted(e for _, e in sent)
    redacted: Counter[str] = Counter()
    for room in (general, ados):
        events = await community.mod.messages(room, limit=500)
        redacted.update(e["redacts"] for e in events if e["type"] == "m.room.redaction")
    assert redacted == Counter(e for _, e in sent)  # each one redacted, and only once


async def _post(user, room: str, text: str, txn: str) -> str:
    """Post a message, trying again while the server is away (same transaction: no double)."""
    while True:
        try:
            return await user.send(room, text, txn=txn)
        except (aiohttp.ClientError, OSError):
            await asyncio.sleep(0.1)


async def _stream(user, rooms: list[str], first: int, count: int) -> list[tuple[str, str, bool]]:
    """Post `count` messages across the rooms, every third a violation; say which was which."""
    run = uuid.uuid4().hex
    sent = []
    for i in range(first, first + count):
        bad = i % 3 == 0
        text = f"connard numéro {i}" if bad else f"message tranquille {i}"
        room = rooms[i % len(rooms)]
        sent.append((room, await _post(user, room, text, f"{run}-{i}"), bad))
        await asyncio.sleep(0.05)
    return sent


async def test_synapse_stopped_and_restarted_mid_stream_misses_nothing_and_repeats_nothing(
    community, vigie, synapse, caplog
):
    caplog.set_level(logging.INFO)
    alice, server, rooms = community.alice, synapse.server, community.protected
    config = community.config_for(DELETE_AND_REPORT)
    async with vigie(config) as running:
        # Synapse goes away in the middle of a stream of messages, and comes back.
        stream = asyncio.create_task(_stream(alice, rooms, 0, 18))
        await asyncio.sleep(0.4)
        await asyncio.to_thread(server.pause)
        await asyncio.sleep(1.0)
        await asyncio.to_thread(server.resume)
        sent = await stream
        await _all_redacted(alice, sent)
    # Away again; Vigie stops meanwhile and starts before Synapse is back.
    await asyncio.to_thread(server.pause)
    back = asyncio.create_task(_resume_then_post(server, alice, rooms, len(sent)))
    async with vigie(config, ready_within=90) as running:
        sent += await back
        await _all_redacted(alice, sent)
        await _all_recorded(running, len([bad for _, _, bad in sent if bad]))
        given_up = await running.storage.pending_actions("test", "given_up")
        cases = await running.storage.list_cases("test", limit=100)
    assert "sync failed" in caplog.text  # Vigie saw Synapse go, and waited to reconnect
    assert "cannot log in" in caplog.text  # and started while it was away
    assert given_up == []
    violations = [event_id for _, event_id, bad in sent if bad]
    assert sorted(c.message_id for c in cases) == sorted(violations)  # one case each
    redacted: Counter[str] = Counter()
    for room in rooms:
        events = await community.mod.messages(room, limit=500)
        redacted.update(e["redacts"] for e in events if e["type"] == "m.room.redaction")
    assert redacted == Counter(violations)  # every violation redacted once, nothing else


async def _resume_then_post(server, user, rooms: list[str], first: int) -> list:
    await asyncio.sleep(1.0)
    await asyncio.to_thread(server.resume)
    return await _stream(user, rooms, first, 9)


async def _all_redacted(user, sent: list[tuple[str, str, bool]]) -> None:
    for room, event_id, bad in sent:
        if bad:
            await eventually(functools.partial(_redacted, user, room, event_id), within=60)
