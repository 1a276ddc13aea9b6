"""A first start (no sync token yet) moderates what was said since the bot joined, not before."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import pytest

from tests.support.synapse import eventually

if TYPE_CHECKING:
    from tests.e2e.conftest import Community, VigieFactory

pytestmark = pytest.mark.e2e


async def _reports(community: Community) -> list[dict]:
    """Return the case reports the bot posted in the management room (edits left out)."""
    bot = community.synapse.accounts["vigie"].user_id
    return [
        e
        for e in await community.mod.messages(community.management, limit=200)
        if e["sender"] == bot
        and e["type"] == "m.room.message"
        and "Case #" in e["content"].get("body", "")
        and e["content"].get("m.relates_to", {}).get("rel_type") != "m.replace"
    ]


async def test_first_start_moderates_what_followed_the_bots_join(
    community: Community, vigie: VigieFactory
) -> None:
    general, alice = community.protected[0], community.alice
    before = await alice.send(general, "connard, dit avant l'arrivée de Vigie")
    # The bot account joins by hand before Vigie ever ran: its storage holds no sync token.
    await community.synapse.user("vigie").join(general)
    after = await alice.send(general, "espèce de connard")
    async with vigie() as running:
        await eventually(lambda: alice.is_redacted(general, after))
        assert await running.bot.executor.settle()
        await eventually(lambda: _reports(community))
        await asyncio.sleep(1)  # room for a second report, were one to come
        cases = await running.storage.list_cases("test")
        reports = await _reports(community)
    assert [c.message_id for c in cases] == [after]
    assert len(reports) == 1
    assert "Case #1" in reports[0]["content"]["body"]
    assert not await alice.is_redacted(general, before)
    # A restart (the token saved) takes up from there: nothing is handled a second time.
    async with vigie() as running:
        assert await running.bot.executor.settle()
        assert [c.message_id for c in await running.storage.list_cases("test")] == [after]
    assert len(await _reports(community)) == 1
