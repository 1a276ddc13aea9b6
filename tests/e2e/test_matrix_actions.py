"""Matrix actions against a real Synapse: mute by power levels, kick and unban, what the bot
cannot do, encrypted rooms, and rate limits that lose nothing."""

from __future__ import annotations

import asyncio
import functools
import logging

import pytest

from bot.adapters.matrix.throttle import MESSAGES
from tests.support.synapse import MatrixError, clear_ratelimit, eventually, override_ratelimit, q

pytestmark = pytest.mark.e2e

PL = "m.room.power_levels"


async def _level(user, room: str, user_id: str) -> int:
    content = await user.state(room, PL)
    return int((content.get("users") or {}).get(user_id, content.get("users_default", 0)))


async def _muted(user, room: str, user_id: str) -> bool:
    content = await user.state(room, PL)
    return await _level(user, room, user_id) < int(content.get("events_default", 0))


async def _set_level(user, room: str, user_id: str, level: int) -> None:
    content = await user.state(room, PL)
    content.setdefault("users", {})[user_id] = level
    await user.put_state(room, PL, content)


async def _refused(user, room: str) -> bool:
    """Tell whether Synapse refuses the user's next message in the room."""
    try:
        await user.send(room, "je peux parler ?")
    except MatrixError as err:
        return err.status == 403
    return False


async def _bot_notices(community, text: str) -> list[dict]:
    bot = community.synapse.accounts["vigie"].user_id
    return [
        e
        for e in await community.mod.messages(community.management)
        if e["sender"] == bot and text in e["content"].get("body", "")
    ]


async def _membership_is(community, room: str, user_id: str, expected: str) -> bool:
    return await community.mod.membership(room, user_id) == expected


async def test_automatic_timeout_mutes_by_power_level_and_expiry_restores(community, vigie):
    alice = community.alice
    for room in community.protected:
        await _set_level(community.mod, room, alice.user_id, 5)
    rules = """
      insults:
        triggers: [{words: {terms: [connard], category: hate_harassment}}]
        actions: [delete, {timeout: 3s}]
"""
    async with vigie(community.config_for(rules)):
        await alice.send(community.protected[0], "connard")
        for room in community.protected:
            await eventually(functools.partial(_muted, community.mod, room, alice.user_id))
            assert await _refused(alice, room)
        # The bot's tick lifts the timeout when it expires: the old level comes back.
        for room in community.protected:
            await eventually(
                functools.partial(_level_is, community, room, alice.user_id, 5), within=10
            )
        await alice.send(community.protected[1], "merci")


async def _level_is(community, room: str, user_id: str, expected: int) -> bool:
    return await _level(community.mod, room, user_id) == expected


async def test_moderator_timeout_and_untimeout_from_the_management_room(community, vigie):
    alice, general = community.alice, community.protected[0]
    async with vigie():
        await community.mod.send(community.management, "!vigie timeout @alice:localhost 1h flood")
        for room in community.protected:
            await eventually(functools.partial(_muted, community.mod, room, alice.user_id))
        assert await _refused(alice, general)
        await community.mod.send(community.management, "!vigie untimeout @alice:localhost")
        for room in community.protected:
            await eventually(functools.partial(_not_muted, community, room, alice.user_id))
    # Alice had no level of her own: the default applies again, none is written for her.
    assert alice.user_id not in (await community.mod.state(general, PL)).get("users", {})
    await alice.send(general, "me revoilà")


async def _not_muted(community, room: str, user_id: str) -> bool:
    return not await _muted(community.mod, room, user_id)


async def test_moderator_kick_and_unban_change_membership(community, vigie, synapse):
    mod = community.mod
    general, ados = community.protected
    alice, bob = community.alice, synapse.user("bob")
    await mod.invite(general, bob.user_id)
    await bob.join(general)
    await mod.call(
        "POST",
        f"/_matrix/client/v3/rooms/{q(general)}/ban",
        {"user_id": bob.user_id, "reason": "à la main"},
    )
    async with vigie() as running:
        await mod.send(community.management, "!vigie kick @alice:localhost trop de bruit")
        for room in (general, ados):
            await eventually(
                functools.partial(_membership_is, community, room, alice.user_id, "leave")
            )
        await mod.send(community.management, "!vigie unban @bob:localhost erreur")
        await eventually(lambda: _membership_is(community, general, bob.user_id, "leave"))
        await asyncio.sleep(0.5)  # two ticks: a call run twice would fail now, not later
        failed = await running.storage.pending_actions("test", "given_up")
    assert failed == []
    kicked = await mod.state(general, "m.room.member", alice.user_id)
    assert "trop de bruit" in kicked["reason"]
    await mod.invite(general, bob.user_id)  # unbanned for real: he may be invited back
    await bob.join(general)


async def test_bot_says_what_it_cannot_do_where_its_level_is_low(community, vigie, registry):
    bot = community.synapse.accounts["vigie"].user_id
    weak = await community.mod.create_room(name="Faible", invite=[bot])
    community.protected.append(weak)
    async with vigie(community.config(registry)):
        notices = await eventually(lambda: _bot_notices(community, "I cannot:"))
    assert len(notices) == 1
    body = notices[0]["content"]["body"]
    assert f"In {weak} I cannot:" in body
    assert "delete messages (needs 50, I have 0)" in body
    assert "ban (needs 50, I have 0)" in body
    assert "Give me power level" in body


async def test_encrypted_room_is_announced_once_as_unreadable(community, vigie, registry):
    bot, alice = community.synapse.accounts["vigie"].user_id, community.alice
    encryption = {"type": "m.room.encryption", "state_key": "", "content": _MEGOLM}
    secret = await community.mod.create_room(
        name="Chiffré", invite=[bot, alice.user_id], admins=[bot], extra_state=[encryption]
    )
    await alice.join(secret)
    community.protected.append(secret)
    general, config = community.protected[0], community.config(registry)
    async with vigie(config):
        await eventually(lambda: _bot_notices(community, "end-to-end encrypted"))
        await alice.send_content(secret, _ciphertext(), "m.room.encrypted")
        # The bot reads on past what it cannot decrypt: a later violation is still redacted.
        bad = await alice.send(general, "connard")
        await eventually(lambda: alice.is_redacted(general, bad))
    async with vigie(config):  # a restart does not say it again
        await alice.send_content(secret, _ciphertext(), "m.room.encrypted")
        bad = await alice.send(general, "espèce de connard")
        await eventually(lambda: alice.is_redacted(general, bad))
    notices = await _bot_notices(community, "end-to-end encrypted")
    assert len(notices) == 1
    assert secret in notices[0]["content"]["body"]
    assert "cannot read" in notices[0]["content"]["body"]


_MEGOLM = {"algorithm": "m.megolm.v1.aes-sha2"}


def _ciphertext() -> dict:
    return {
        **_MEGOLM,
        "sender_key": "c2VuZGVyIGtleQ",
        "ciphertext": "Y2lwaGVydGV4dA",
        "session_id": "c2Vzc2lvbg",
        "device_id": "ALICE",
    }


async def test_rate_limits_lose_no_action_and_repeat_none(community, vigie, synapse, caplog):
    alice, general = community.alice, community.protected[0]
    bot = synapse.accounts["vigie"].user_id
    # Synapse exempts redactions of others' messages from this limit (rc_admin_redaction is
    # lifted for the session): the warnings the bot posts are what gets limited here.
    rules = """
      insults:
        triggers: [{words: {terms: [connard], category: hate_harassment}}]
        actions: [delete, warn]
"""
    caplog.set_level(logging.INFO)
    async with vigie(community.config_for(rules)) as running:
        await override_ratelimit(synapse, bot, per_second=2, burst_count=1)
        try:
            sent = [await alice.send(general, f"connard numéro {i}") for i in range(4)]
            for event_id in sent:
                await eventually(functools.partial(alice.is_redacted, general, event_id), within=15)
            # Cases are written from the journal once each member's calls are made.
            assert await running.bot.executor.settle(15)
            await eventually(lambda: _nothing_pending(running), within=15)
        finally:
            await clear_ratelimit(synapse, bot)
        given_up = await running.storage.pending_actions("test", "given_up")
        cases = await running.storage.list_cases("test")
    assert "M_LIMIT_EXCEEDED" in caplog.text  # the limit was hit, and honoured
    assert running.adapter.client.throttle.limited[MESSAGES] > 0
    assert given_up == []
    assert sorted(c.message_id for c in cases) == sorted(sent)
    events = await community.mod.messages(general, limit=200)
    redacted = [e["redacts"] for e in events if e["type"] == "m.room.redaction"]
    assert sorted(redacted) == sorted(sent)  # each message redacted exactly once
    warnings = [e for e in events if e["sender"] == bot and e["type"] == "m.room.message"]
    assert len(warnings) == len(sent)  # one warning each: none lost, none repeated


async def _nothing_pending(running) -> bool:
    return await running.storage.pending_actions("test") == []
