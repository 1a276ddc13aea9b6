"""Members' reports through the client `report` endpoint, read from Synapse's admin API."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.adapters.base import Forbidden
from bot.adapters.matrix.client import MatrixClient
from bot.adapters.matrix.event_reports import EventReports
from bot.adapters.matrix.rooms import RoomDirectory
from bot.adapters.values import StoredValues
from bot.clock import SystemClock
from tests.support.synapse import eventually, q


async def _report(user, room_id: str, event_id: str, reason: str) -> None:
    path = f"/_matrix/client/v3/rooms/{q(room_id)}/report/{q(event_id)}"
    await user.call("POST", path, {"reason": reason})


async def _user_reports(community) -> list[dict]:
    bot = community.synapse.accounts["vigie"].user_id
    return [
        e
        for e in await community.mod.messages(community.management)
        if e["sender"] == bot
        and e["type"] == "m.room.message"
        and "user report #" in e["content"].get("body", "")
        and e["content"].get("m.relates_to", {}).get("rel_type") != "m.replace"
    ]


@pytest.mark.e2e
async def test_member_report_reaches_the_management_room_once(community, vigie, synapse):
    mod, alice, bob = community.mod, community.alice, synapse.user("bob")
    general = community.protected[0]
    await mod.invite(general, bob.user_id)
    await bob.join(general)
    async with vigie() as running:
        poller = running.adapter.event_reports
        assert poller.state == "on"  # the session's bot account is a server admin
        bad = await bob.send(general, "viens voir mon site de crypto, gros gains garantis")
        await _report(alice, general, bad, "arnaque aux cryptos")
        # A report about a room no community protects is not passed on.
        aside = await mod.send(community.management, "note interne")
        await _report(mod, community.management, aside, "hors sujet")
        await poller.poll()  # the interval (30 s) never elapses here: the test drives it
        cards = await eventually(lambda: _user_reports(community))
        assert await poller.poll() == 0  # nothing new: the report is not posted again
        await asyncio.sleep(0.3)
        assert len(await _user_reports(community)) == 1
    body = cards[0]["content"]["body"]
    assert bob.user_id in body
    assert alice.user_id in body
    assert "arnaque aux cryptos" in body
    assert "gros gains garantis" in body
    # A restart reads from the stored last report: nothing repeated, nothing new.
    async with vigie() as running:
        assert await running.adapter.event_reports.poll() == 0
    assert len(await _user_reports(community)) == 1


@pytest.mark.e2e
async def test_a_member_account_is_refused_and_polling_stops(synapse):
    alice = synapse.accounts["alice"]
    client = MatrixClient(synapse.url, alice.user_id)
    try:
        await client.login_token(alice.access_token)
        poller = _poller(client)
        await poller.start(_no_sink, asyncio.Event())
        assert poller.state == "off"
        assert await poller.poll() == 0
    finally:
        await client.close()


class _Refusing:
    """A client whose admin calls are all refused, as Synapse does for non-admins."""

    user_id = "@vigie:example.org"

    def __init__(self) -> None:
        self.calls = 0

    async def raw(self, method: str, path: str, body: dict | None = None) -> dict:
        self.calls += 1
        raise Forbidden(f"{method} {path}: M_FORBIDDEN You are not a server admin")


async def test_403_turns_polling_off_quietly(caplog):
    client = _Refusing()
    poller = _poller(client)
    with caplog.at_level(logging.DEBUG, logger="vigie.test.reports"):
        await poller.start(_no_sink, asyncio.Event())
        for _ in range(3):
            assert await poller.poll() == 0
    assert poller.state == "off"
    assert client.calls == 1  # asked once, never again
    assert poller._task is None  # no polling task left running
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "server admin" in warnings[0].getMessage()


def _poller(client) -> EventReports:
    return EventReports(
        client,
        RoomDirectory({}),
        lambda _room: frozenset(),
        StoredValues(None, "", SystemClock()),
        logging.getLogger("vigie.test.reports"),
        interval=30,
    )


async def _no_sink(event) -> None:
    raise AssertionError(f"nothing should be passed on: {event}")
