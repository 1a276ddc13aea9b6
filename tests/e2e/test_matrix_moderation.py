"""Vigie against a real Synapse: violations redacted and reported, restarts, invites."""

from __future__ import annotations

import functools
import time

import pytest

from tests.support.synapse import eventually

pytestmark = pytest.mark.e2e


async def _bot_messages(community, room_id: str) -> list[dict]:
    bot = community.synapse.accounts["vigie"].user_id
    events = await community.mod.messages(room_id)
    return [e for e in events if e["sender"] == bot and e["type"] == "m.room.message"]


async def _reports(community) -> list[dict]:
    return [
        e
        for e in await _bot_messages(community, community.management)
        if "Case #" in e["content"].get("body", "")
    ]


async def test_violation_is_redacted_and_reported_as_html(community, vigie):
    general = community.protected[0]
    async with vigie():
        started = time.monotonic()
        ok = await community.alice.send(general, "salut tout le monde")
        bad = await community.alice.send(general, "t'es qu'un connard @room")
        await eventually(lambda: community.alice.is_redacted(general, bad))
        elapsed = time.monotonic() - started
        reports = await eventually(lambda: _reports(community))
    assert not await community.alice.is_redacted(general, ok)
    content = reports[0]["content"]
    assert content["format"] == "org.matrix.custom.html"
    assert "connard" in content["formatted_body"]
    assert "@\u200broom" in content["body"]  # the mass mention is defused in the quote
    assert content["m.mentions"] == {"user_ids": []}
    assert elapsed < 5


async def test_restart_misses_nothing_and_repeats_nothing(community, vigie):
    general, ados = community.protected
    alice = community.alice
    async with vigie():
        first = await alice.send(general, "espèce de connard")
        await eventually(lambda: alice.is_redacted(general, first))
        await eventually(lambda: _reports(community))
    # Vigie is down: violations keep coming, in both rooms, more than one sync page of them.
    missed = [(general, await alice.send(general, f"connard numéro {i}")) for i in range(4)]
    missed.append((ados, await alice.send(ados, "fils de pute")))
    clean = await alice.send(general, "bonne soirée")
    # A timeline page smaller than the gap: the adapter must page back to catch up.
    async with vigie(timeline_limit=2) as running:
        for room, event_id in missed:
            await eventually(functools.partial(alice.is_redacted, room, event_id))
        assert await running.bot.executor.settle()  # cases follow the redactions
        cases = await running.storage.list_cases("test")
    assert not await alice.is_redacted(general, clean)
    # One case per violation: the one handled before the restart was not handled again.
    assert sorted(c.message_id for c in cases) == sorted([first] + [e for _, e in missed])
    numbers = [_case_number(r) for r in await _reports(community) if not _is_edit(r)]
    assert len(numbers) == len(set(numbers))  # no report posted twice


def _is_edit(event: dict) -> bool:
    return event["content"].get("m.relates_to", {}).get("rel_type") == "m.replace"


def _case_number(event: dict) -> int:
    head = event["content"]["body"].split("Case #", 1)[1]
    return int(head.split(" ", 1)[0])


async def _reports_at_least(community, count: int) -> list[dict] | None:
    reports = await _reports(community)
    return reports if len(reports) >= count else None


async def test_invite_from_unlisted_user_is_refused(community, vigie, synapse):
    stranger = synapse.user("stranger")
    bot = synapse.accounts["vigie"].user_id
    async with vigie():
        room = await stranger.create_room(name="Piège", invite=[bot])
        await eventually(lambda: _membership_is(stranger, room, bot, "leave"))
        notices = await eventually(lambda: _notices_with(community, "refused an invite"))
    assert stranger.user_id in notices[0]["content"]["body"]


async def test_invite_from_listed_moderator_is_accepted(community, vigie, synapse):
    bot = synapse.accounts["vigie"].user_id
    async with vigie():
        room = await community.mod.create_room(name="Nouveau salon", invite=[bot])
        await eventually(lambda: _membership_is(community.mod, room, bot, "join"))


async def _membership_is(user, room: str, target: str, expected: str) -> bool:
    return await user.membership(room, target) == expected


async def _notices_with(community, text: str) -> list[dict] | None:
    found = [
        e
        for e in await _bot_messages(community, community.management)
        if text in e["content"].get("body", "")
    ]
    return found or None


async def test_moderator_command_bans_across_rooms_and_replies_in_html(community, vigie, synapse):
    mod = community.mod
    general, ados = community.protected
    bob = synapse.user("bob")
    for room in (general, ados):
        await mod.invite(room, bob.user_id)
        await bob.join(room)
    async with vigie():
        await mod.send(community.management, "!vigie ban @bob:localhost spam répété")
        for room in (general, ados):
            await eventually(functools.partial(_membership_is, mod, room, bob.user_id, "ban"))
        reply = await eventually(lambda: _replies(community))
    assert reply[-1]["content"]["format"] == "org.matrix.custom.html"


async def test_reaction_on_a_report_runs_the_quick_action(community, vigie):
    general = community.protected[0]
    rules = """
      insults:
        triggers: [{words: {terms: [connard], category: hate_harassment}}]
        actions: [report]
"""
    async with vigie(community.config_for(rules)):
        bad = await community.alice.send(general, "connard")
        report = (await eventually(lambda: _reports(community)))[0]
        assert not await community.alice.is_redacted(general, bad)
        await community.mod.react(community.management, report["event_id"], "🗑️")
        await eventually(lambda: community.alice.is_redacted(general, bad))


async def _replies(community) -> list[dict] | None:
    found = [
        e
        for e in await _bot_messages(community, community.management)
        if e["content"].get("m.relates_to", {}).get("m.in_reply_to")
    ]
    return found or None
