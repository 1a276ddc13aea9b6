"""Policy lists against a real Synapse: a rule bans across rooms, server rules set the ACL."""

from __future__ import annotations

import functools

import pytest

from tests.support.synapse import eventually

pytestmark = pytest.mark.e2e


async def _reply_with(community, text: str) -> dict | None:
    bot = community.synapse.accounts["vigie"].user_id
    for event in reversed(await community.mod.messages(community.management)):
        if event["sender"] == bot and text in event["content"].get("body", ""):
            return event
    return None


async def test_policy_list_rules_ban_across_rooms_and_set_the_server_acl(community, vigie, synapse):
    mod = community.mod
    general, ados = community.protected
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
            await eventually(functools.partial(_is, bob, room, "ban", seen_by=mod))
        await mod.send(community.management, "!vigie ban spam evil.example relais de spam")
        for room in (general, ados):
            await eventually(functools.partial(_denies, mod, room, "evil.example"))
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


async def _ban_ts(user, room: str, target: str) -> int:
    for event in reversed(await user.messages(room, limit=200)):
        if (
            event["type"] == "m.room.member"
            and event.get("state_key") == target
            and event["content"].get("membership") == "ban"
        ):
            return int(event["origin_server_ts"])
    raise AssertionError(f"no ban of {target} in {room}")


async def _ask(community, command: str, answer: str) -> dict:
    """Send a command in the management room and wait for the bot's answer to it."""
    asked = await community.mod.send(community.management, command)
    bot = community.synapse.accounts["vigie"].user_id

    async def answered() -> dict | None:
        for event in await community.mod.messages(community.management):
            relates = event["content"].get("m.relates_to", {})
            if event["sender"] == bot and relates.get("m.in_reply_to", {}).get("event_id") == asked:
                return event
        return None

    reply = await eventually(answered)
    assert answer in reply["content"]["body"], reply["content"]["body"]
    return reply


async def test_policy_bans_leave_one_case_each_largest_room_first_and_dry_runs_only_record(
    community, vigie, synapse
):
    mod = community.mod
    general, ados = community.protected
    bob, stranger = synapse.user("bob"), synapse.user("stranger")
    bot = synapse.accounts["vigie"].user_id
    # Ados is the larger room: its ban must come first.
    for user in (bob, stranger):
        await mod.invite(ados, user.user_id)
        await user.join(ados)
    await mod.invite(general, bob.user_id)
    await bob.join(general)
    external = await mod.create_room(name="Liste externe", invite=[bot])
    async with vigie() as running:
        await _ask(community, "!vigie list create spam", "Created the policy list spam")
        await _ask(community, "!vigie ban spam @bob:localhost harcèlement", "Added to spam")
        for room in (general, ados):
            await eventually(functools.partial(_is, bob, room, "ban", seen_by=mod))
        # A second list naming him by a glob, and the rules applied again: nothing more.
        await mod.put_state(
            external,
            "m.policy.rule.user",
            {"entity": "@bob:*", "recommendation": "m.ban", "reason": "spam"},
            "bob",
        )
        await _ask(community, f"!vigie watch {external} externe", "Watching")
        await _ask(community, "!vigie policies", "Nothing to do")
        cases = await running.storage.list_cases("test")
        evidence = await running.storage.evidence("test", cases[0].id)
        # Lifted by hand, bob is what a dry run finds to do: it records, and bans no one.
        await _ask(community, "!vigie unban @bob:localhost erreur", "unbanned")
        await eventually(lambda: _is(bob, general, "leave", seen_by=mod))
        await _ask(community, "!vigie policies --dry-run", "1 policy actions")
        notice = await eventually(lambda: _reply_with(community, "Dry run, nothing done"))
        await _ask(community, "!vigie policies --dry-run", "Nothing to do")
        assert await mod.membership(general, bob.user_id) == "leave"
    assert [(c.action, c.user_id, c.dry_run) for c in cases] == [("ban", bob.user_id, False)]
    assert cases[0].reason == "policy list spam: harcèlement"
    facts = evidence[0].payload
    assert (facts["policy_list"], facts["policy_entity"]) == ("spam", bob.user_id)
    assert await _ban_ts(mod, ados, bob.user_id) < await _ban_ts(mod, general, bob.user_id)
    assert f"would ban {bob.user_id} (dry-run case #" in notice["content"]["body"]
    # Vigie down: a rule is written meanwhile. The start applies every rule: the new one, and
    # the one bob was unbanned from by hand (the lists still ban him), once each.
    await mod.put_state(
        external,
        "m.policy.rule.user",
        {"entity": stranger.user_id, "recommendation": "m.ban", "reason": "raids"},
        "stranger",
    )
    async with vigie() as running:
        await eventually(lambda: _is(stranger, ados, "ban", seen_by=mod))
        await eventually(lambda: _is(bob, general, "ban", seen_by=mod))
        await _ask(community, "!vigie policies", "Nothing to do")
        cases = await running.storage.list_cases("test")
    kinds = sorted((c.user_id, c.action, c.dry_run, c.active) for c in cases)
    assert kinds == [
        (bob.user_id, "ban", False, False),  # lifted by the unban
        (bob.user_id, "ban", False, True),  # banned again at the start
        (bob.user_id, "ban", True, False),  # the dry run's record
        (bob.user_id, "unban", False, False),
        (stranger.user_id, "ban", False, True),
    ]
    assert next(c for c in cases if c.user_id == stranger.user_id).reason == (
        "policy list externe: raids"
    )
