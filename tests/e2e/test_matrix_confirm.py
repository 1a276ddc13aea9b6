"""A ban by reaction on Matrix: confirmed by a reaction on a prompt, even after a restart."""

from __future__ import annotations

import pytest

from tests.support.synapse import MatrixError, eventually

pytestmark = pytest.mark.e2e

HAMMER = "\U0001f528"
REPORT_ONLY = """
      insults:
        triggers: [{words: {terms: [connard], category: hate_harassment}}]
        actions: [report]
"""


async def _bot_events(community, room: str) -> list[dict]:
    bot = community.synapse.accounts["vigie"].user_id
    return [e for e in await community.mod.messages(room, limit=200) if e["sender"] == bot]


async def _reports(community) -> list[dict]:
    return [
        e
        for e in await _bot_events(community, community.management)
        if "Case #" in e["content"].get("body", "")
        and e["content"].get("m.relates_to", {}).get("rel_type") != "m.replace"
    ]


async def _prompts(community, report_id: str) -> list[dict]:
    return [
        e
        for e in await _bot_events(community, community.management)
        if e["type"] == "m.room.message"
        and e["content"].get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id")
        == report_id
        and "to confirm" in e["content"]["body"]
    ]


async def _reactions(community, event_id: str) -> list[str]:
    return [
        e["content"]["m.relates_to"]["key"]
        for e in await _bot_events(community, community.management)
        if e["type"] == "m.reaction" and e["content"]["m.relates_to"]["event_id"] == event_id
    ]


async def _banned_everywhere(community, user_id: str) -> bool:
    for room in community.protected:
        if await community.mod.membership(room, user_id) != "ban":
            return False
    return True


async def test_ban_by_reaction_is_confirmed_on_a_prompt_even_after_a_restart(community, vigie):
    mod, alice, general = community.mod, community.alice, community.protected[0]
    config = community.config_for(REPORT_ONLY)
    async with vigie(config):
        await alice.send(general, "connard")
        report = (await eventually(lambda: _reports(community)))[0]["event_id"]
        await eventually(lambda: _has(_reactions(community, report), HAMMER))
        await mod.react(community.management, report, HAMMER)
        prompt = (await eventually(lambda: _prompts(community, report)))[0]
        # Why a prompt: the homeserver refuses the same reaction twice from one person.
        with pytest.raises(MatrixError) as refused:
            await mod.react(community.management, report, HAMMER)
        assert refused.value.body["errcode"] == "M_DUPLICATE_ANNOTATION"
        assert prompt["content"]["m.mentions"] == {"user_ids": [mod.user_id]}
        await eventually(lambda: _has(_reactions(community, prompt["event_id"]), HAMMER))
        assert await mod.membership(general, alice.user_id) == "join"
    # Vigie restarts between the first press and the confirmation.
    async with vigie(config) as running:
        await mod.react(community.management, prompt["event_id"], HAMMER)
        await eventually(lambda: _banned_everywhere(community, alice.user_id))
        cases = await running.storage.list_cases("test")
        # The done mark goes on the prompt; the report says who handled it.
        await eventually(lambda: _has(_reactions(community, prompt["event_id"]), "☑️"))
        await eventually(lambda: _edited_with(community, report, "handled by"))
    assert sorted((c.kind, c.action) for c in cases) == [("auto", "report"), ("manual", "ban")]
    ban = next(c for c in cases if c.action == "ban")
    assert ban.moderator_id == mod.user_id


async def test_a_reaction_on_a_prompt_counts_only_for_its_own_action(community, vigie):
    mod, alice, general = community.mod, community.alice, community.protected[0]
    async with vigie(community.config_for(REPORT_ONLY)) as running:
        await alice.send(general, "connard")
        report = (await eventually(lambda: _reports(community)))[0]["event_id"]
        await mod.react(community.management, report, HAMMER)
        prompt = (await eventually(lambda: _prompts(community, report)))[0]["event_id"]
        # Another button pressed on the prompt does nothing (not a dismissal of the report).
        await mod.react(community.management, prompt, "✅")
        # The management room is handled in order: once this is answered, so was the reaction.
        asked = await mod.send(community.management, "!vigie help case")
        await eventually(lambda: _answered(community, asked))
        cases = await running.storage.list_cases("test")
    assert [c.action for c in cases] == ["report"]
    assert not cases[0].dismissed
    assert await mod.membership(general, alice.user_id) == "join"


async def _has(found, key: str) -> bool:
    return key in await found


async def _edited_with(community, event_id: str, text: str) -> bool:
    for event in await _bot_events(community, community.management):
        relates = event["content"].get("m.relates_to", {})
        edit = relates.get("rel_type") == "m.replace" and relates.get("event_id") == event_id
        if edit and text in event["content"]["m.new_content"]["body"]:
            return True
    return False


async def _answered(community, event_id: str) -> bool:
    return any(
        e["content"].get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id") == event_id
        for e in await _bot_events(community, community.management)
    )
