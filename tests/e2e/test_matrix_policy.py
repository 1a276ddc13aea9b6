"""Policy lists against a real Synapse: a rule bans across rooms, server rules set the ACL."""

from __future__ import annotations

import pytest
from support.synapse import eventually

pytestmark = pytest.mark.e2e


async def _reply_with(community, text: str) -> dict | None:
    bot = community.synapse.accounts["vigie"].user_id
    for event in reversed(await community.mod.messages(community.management)):
        if event["sender"] == bot and text in event["content"].get("body", ""):
            return event
    return None


async def test_policy_list_rules_ban_across_rooms_and_set_the_server_acl(community, vigie, synapse):
    mod, general, ados = community.mod, *community.protected
    bob, stranger = synapse.user("bob"), synapse.user("stranger")
    for room in (general, ados):
        await mod.invite(room, bob.user_id)
        await bob.join(room)
    await mod.invite(general, stranger.user_id)
    await stranger.join(general)
    # A list someone else keeps, with a glob rule under the legacy mjolnir type.
    bot = synapse.accounts["vigie"].user_id
    external = await mod.create_room(name="Liste externe", invite=[bot])
    await mod.put_state(
        external,
        "org.matrix.mjolnir.rule.user",
        {"entity": "@stranger:*", "recommendation": "m.ban", "reason": "raids"},
        "r1",
    )
    async with vigie():
        await mod.send(community.management, "!vigie list create spam")
        await eventually(lambda: _reply_with(community, "Created the policy list spam"))
        await mod.send(community.management, "!vigie ban spam @bob:localhost harcèlement")
        for room in (general, ados):
            await eventually(lambda r=room: _is(bob, r, "ban", seen_by=mod))
        await mod.send(community.management, "!vigie ban spam evil.example relais de spam")
        for room in (general, ados):
            await eventually(lambda r=room: _denies(mod, r, "evil.example"))
        await mod.send(community.management, f"!vigie watch {external} externe")
        await eventually(lambda: _is(stranger, general, "ban", seen_by=mod))
        # Dry run: says what would happen, does nothing.
        await mod.send(community.management, "!vigie policies --dry-run")
        await eventually(lambda: _reply_with(community, "Dry run, nothing done"))
    acl = await mod.state(general, "m.room.server_acl")
    assert acl["allow"] == ["*"]
    assert "localhost" not in acl["deny"]
    ban = await mod.state(general, "m.room.member", bob.user_id)
    assert "harcèlement" in ban["reason"]


async def _is(user, room: str, membership: str, *, seen_by=None) -> bool:
    return await seen_by.membership(room, user.user_id) == membership


async def _denies(user, room: str, server: str) -> bool:
    acl = await user.state(room, "m.room.server_acl")
    return server in acl.get("deny", [])
