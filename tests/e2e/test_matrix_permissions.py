"""Who may do what in a management room, against a real Synapse.

A member who is not a moderator cannot run a command or press a report's button, whichever
way the message comes (an edit, a reply, a thread, a borrowed display name); a moderator
cannot act on a peer or a superior; the bot's answers ping nobody; the bot answers to its
display name.
"""

from __future__ import annotations

import functools

import pytest

from tests.support.synapse import eventually

pytestmark = pytest.mark.e2e

HAMMER = "\U0001f528"
BIN = "\U0001f5d1\ufe0f"
REPORT_ONLY = """
      insults:
        triggers: [{words: {terms: [connard], category: hate_harassment}}]
        actions: [report]
"""
BAN_ALICE = "!vigie ban @alice:localhost dehors"


def _bot(community) -> str:
    return community.synapse.accounts["vigie"].user_id


async def _answer(community, event_id: str) -> dict:
    found = await eventually(
        lambda: community.mod.replies(community.management, _bot(community), event_id)
    )
    return found[-1]


async def _set_level(user, room: str, user_id: str, level: int) -> None:
    content = await user.state(room, "m.room.power_levels")
    content.setdefault("users", {})[user_id] = level
    await user.put_state(room, "m.room.power_levels", content)


async def _reports(community) -> list[dict]:
    return [
        e
        for e in await community.mod.messages(community.management)
        if e["sender"] == _bot(community) and "Case #" in e["content"].get("body", "")
    ]


async def test_a_member_cannot_command_or_press_whatever_the_way(community, vigie, synapse):
    mod, alice, management = community.mod, community.alice, community.management
    general = community.protected[0]
    stranger = synapse.user("stranger")
    await mod.invite(management, stranger.user_id)
    await stranger.join(management)
    async with vigie(community.config_for(REPORT_ONLY)) as running:
        bad = await alice.send(general, "connard")
        report = (await eventually(lambda: _reports(community)))[0]["event_id"]
        said = await mod.send(management, "bonjour à tous")
        # Plainly, then under the moderator's display name: refused, and told why.
        plain = await stranger.send(management, BAN_ALICE)
        await stranger.set_display_name(management, "mod")
        spoofed = await stranger.send(management, BAN_ALICE)
        # As a reply to the moderator, and inside a thread the moderator started.
        reply = await stranger.send(
            management, BAN_ALICE, **{"m.relates_to": {"m.in_reply_to": {"event_id": said}}}
        )
        thread = {"rel_type": "m.thread", "event_id": said, "is_falling_back": True}
        threaded = await stranger.send(management, BAN_ALICE, **{"m.relates_to": thread})
        refused = [plain, spoofed, reply, threaded]
        # Edits: of the moderator's message, of their own, and the moderator's own edit.
        edit = {"rel_type": "m.replace", "event_id": said}
        new = {"msgtype": "m.text", "body": BAN_ALICE}
        # (A hostile client writes the command itself, without the usual "* " of an edit.)
        silent = [
            await stranger.send(management, BAN_ALICE, **{"m.relates_to": edit}),
            await stranger.send(
                management,
                BAN_ALICE,
                **{"m.new_content": new, "m.relates_to": {**edit, "event_id": plain}},
            ),
            await mod.send(management, BAN_ALICE, **{"m.new_content": new, "m.relates_to": edit}),
            # A quote of a moderator's command (a reply fallback) is not a command.
            await stranger.send(management, f"> <{mod.user_id}> {BAN_ALICE}\n\nvoilà"),
        ]
        # The report's buttons, pressed by the member.
        await stranger.react(management, report, HAMMER)
        await stranger.react(management, report, BIN)
        # Events of the room are handled in order: once this is answered, so is all above.
        await _answer(community, await mod.send(management, "!vigie help ban"))
        answers = [await _answer(community, event_id) for event_id in refused]
        unanswered = [
            await mod.replies(management, _bot(community), event_id) for event_id in silent
        ]
        cases = await running.storage.list_cases("test")
    for answer in answers:
        assert "you may not use `ban`" in answer["content"]["body"]
    assert unanswered == [[], [], [], []]
    assert [c.action for c in cases] == ["report"]
    assert not await alice.is_redacted(general, bad)
    for room in community.protected:
        assert await mod.membership(room, alice.user_id) == "join"


async def test_a_moderator_cannot_act_on_a_peer_or_a_superior(community, vigie, synapse):
    mod, management = community.mod, community.management
    bob, stranger = synapse.user("bob"), synapse.user("stranger")
    for room in [management, *community.protected]:
        for user in (bob, stranger):
            await mod.invite(room, user.user_id)
            await user.join(room)
            await _set_level(mod, room, user.user_id, 50)
    async with vigie():
        on_peer = await bob.send(management, "!vigie ban @stranger:localhost rivalité")
        on_creator = await bob.send(management, "!vigie kick @mod:localhost coup d'état")
        on_member = await bob.send(management, "!vigie kick @alice:localhost calme-toi")
        peer, creator = await _answer(community, on_peer), await _answer(community, on_creator)
        await _answer(community, on_member)
        for room in community.protected:
            await eventually(functools.partial(_left, mod, room, community.alice.user_id))
    assert "their rank (50) is not below yours (50)" in peer["content"]["body"]
    assert "you cannot kick @mod:localhost: their rank" in creator["content"]["body"]
    for room in community.protected:
        assert await mod.membership(room, stranger.user_id) == "join"
        assert await mod.membership(room, mod.user_id) == "join"


async def _left(user, room: str, target: str) -> bool:
    return await user.membership(room, target) == "leave"


async def test_answers_ping_nobody_and_the_bot_answers_to_its_name(community, vigie, synapse):
    mod, management = community.mod, community.management
    stranger = synapse.user("stranger")
    await mod.invite(management, stranger.user_id)
    await stranger.join(management)
    async with vigie():
        # A report quotes a mass mention: it reaches moderators, and pings nobody.
        await community.alice.send(community.protected[0], "connard @room")
        report = (await eventually(lambda: _reports(community)))[0]
        # Its display name (any case), or a pill as clients write a mention, stands for the prefix.
        by_name = await mod.send(management, "VIGIE: warn @alice:localhost attention @room")
        pill = f'<a href="https://matrix.to/#/{_bot(community)}">vigie</a>: help warn'
        by_pill = await mod.send(
            management, "vigie: help warn", format="org.matrix.custom.html", formatted_body=pill
        )
        talk = await mod.send(management, "vigie est bien réveillée ce soir")
        warned, helped = await _answer(community, by_name), await _answer(community, by_pill)
        await _answer(community, await mod.send(management, "!vigie help"))
        unanswered = await mod.replies(management, _bot(community), talk)
    assert "@\u200broom" in warned["content"]["body"]
    assert "@room" not in warned["content"]["body"]
    assert warned["content"]["m.mentions"] == {}
    assert "warn <user> <reason>" in helped["content"]["body"]
    assert unanswered == []
    # The homeserver's own push rules agree: the report notifies, and highlights no one.
    for user in (mod, stranger):
        notes = [n for n in await user.notifications() if n["event"]["sender"] == _bot(community)]
        assert report["event_id"] in [n["event"]["event_id"] for n in notes]
        for note in notes:
            assert not any(_highlights(action) for action in note["actions"]), note


def _highlights(action: object) -> bool:
    return (
        isinstance(action, dict)
        and action.get("set_tweak") == "highlight"
        and action.get("value", True)
    )
