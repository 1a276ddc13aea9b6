"""Who may run what, on whom; every refusal says why."""

from __future__ import annotations

import pytest

from tests.support.modconfig import RULES


async def test_members_may_not_run_moderator_commands_and_are_told_who_may(mbot):
    reply = await mbot.command("!vigie ban bob spam", user="alice", room="general")
    assert reply.kind == "refused"
    assert reply.text == "you may not use `ban` here: it is for moderators"
    assert mbot.pop() == []


async def test_permissions_per_command_by_role_user_and_power_level(testbot):
    config = RULES.replace(
        "      forceban: {power_level: 100}",
        "      forceban: {power_level: 100}\n"
        "      ban: {roles: [Admins], users: [mod2]}\n"
        "      status: everyone",
    )
    bot = await testbot(config)
    bot.member("mod", 50)
    bot.member("mod2", 50)
    bot.member("boss", 90, roles=frozenset({"Admins"}))
    bot.member("alice")
    refused = await bot.command("!vigie ban alice spam", user="mod")
    assert refused.text == "you may not use `ban` here: it is for roles Admins or users mod2"
    assert (await bot.command("!vigie ban alice spam", user="boss")).ok
    assert (await bot.command("!vigie unban alice", user="mod2")).ok
    assert (await bot.command("!vigie status", user="alice")).ok


async def test_no_action_on_a_member_ranked_at_or_above_the_moderator(mbot):
    reply = await mbot.command("!vigie timeout mod2 1h", user="mod")
    assert reply.kind == "refused"
    assert reply.text == "you cannot mute mod2: their rank (50) is not below yours (50)"
    reply = await mbot.command("!vigie kick mod", user="junior")
    assert reply.text == "you cannot kick mod: their rank (50) is not below yours (40)"
    assert (await mbot.command("!vigie warn junior be nicer", user="mod")).ok


async def test_no_action_on_the_bot_or_oneself(mbot):
    reply = await mbot.command("!vigie ban vigie-bot test")
    assert reply.text == "I will not ban my own account"
    reply = await mbot.command("!vigie warn mod test")
    assert reply.text == "you cannot warn yourself"


async def test_rank_is_checked_for_forceban_unban_and_clean_too(mbot):
    mbot.member("admin", 100, power_level=100)
    mbot.adapter.set_rank("demo", "@boss:x", 100)
    reply = await mbot.command("!vigie forceban @boss:x spam", user="admin")
    assert "their rank (100) is not below yours (100)" in reply.text
    reply = await mbot.command("!vigie clean 5 --room general --user mod2")
    assert reply.kind == "refused"
    assert "cannot clean the messages of mod2" in reply.text


async def test_quick_actions_check_permissions_and_ranks(mbot):
    await mbot.say("beuh", user="alice")
    message_id = mbot.adapter.report_ids[-1]
    reply = await mbot.press(message_id, "ban", user="bob")
    assert reply.kind == "refused"
    assert "it is for moderators" in reply.text


async def test_quick_delete_is_rank_checked_like_clean(mbot):
    async def report_on(author: str, message: str) -> str:
        await mbot.command(
            "!vigie report insults",
            user="bob",
            room="general",
            reply_to=message,
            reply_to_author=author,
        )
        return mbot.adapter.report_ids[-1]

    on_mod2 = await report_on("mod2", "m1")
    mbot.pop()
    for user, theirs_mine in (
        ("junior", "(50) is not below yours (40)"),
        ("mod", "(50) is not below yours (50)"),
    ):
        reply = await mbot.press(on_mod2, "delete", user=user)
        assert (reply.kind, reply.text) == (
            "refused",
            f"you cannot delete the messages of mod2: their rank {theirs_mine}",
        )
    on_bot = await report_on("vigie-bot", "m2")
    reply = await mbot.press(on_bot, "delete", user="mod")
    assert reply.text == "I will not delete the messages of my own account"
    assert [c for c in mbot.pop() if c.kind == "delete"] == []
    on_alice = await report_on("alice", "m3")
    reply = await mbot.press(on_alice, "delete", user="junior")
    assert reply.text == "Deleted 1 message(s).", reply.text
    assert "delete" in mbot.pop_kinds()


async def test_moderators_are_never_punished_automatically(testbot):
    config = RULES.replace(
        "        actions: [delete, {timeout: 1h}, report]",
        "        conditions: {exempt_moderators: false}\n"
        "        actions: [delete, {timeout: 1h}, report]",
    )
    bot = await testbot(config)
    plan, outcome = await bot.say("beuh", user="mod")
    assert plan.punishment is not None
    assert outcome.protected
    assert bot.pop_kinds() == ["delete", "report"]
    storage = bot.bot.executor.storage
    case = await storage.get_case("demo", outcome.case_number)
    assert case.action == "delete"
    (event,) = await storage.case_events("demo", case.number)
    assert event.kind == "protected"
    assert "moderator" in event.text


SANCTION_VERBS = {
    "warn": ("warn", "be nicer"),
    "timeout": ("mute", "1h"),
    "mute": ("mute", "1h"),
    "kick": ("kick", "out"),
    "ban": ("ban", "spam"),
}


@pytest.mark.parametrize("command", sorted(SANCTION_VERBS))
async def test_no_sanction_on_a_peer_a_superior_the_owner_or_the_bot(mbot, command):
    mbot.member("owner", 1_000_000)  # a Discord guild owner ranks above every role
    verb, rest = SANCTION_VERBS[command]
    expected = {
        "mod2": f"you cannot {verb} mod2: their rank (50) is not below yours (40)",
        "mod": f"you cannot {verb} mod: their rank (50) is not below yours (40)",
        "owner": f"you cannot {verb} owner: their rank (1000000) is not below yours (40)",
        "vigie-bot": f"I will not {verb} my own account",
    }
    for target, text in expected.items():
        reply = await mbot.command(f"!vigie {command} {target} {rest}", user="junior")
        assert (reply.kind, reply.text) == ("refused", text)
    assert mbot.adapter.calls == []
    assert await mbot.bot.executor.storage.list_cases("demo") == []


async def test_a_moderators_display_name_gives_no_rights(mbot):
    mbot.member("impostor", 0, display_name="Modo")  # mod's display name, another id
    reply = await mbot.command("!vigie ban bob spam", user="impostor")
    assert reply.text == "you may not use `ban` here: it is for moderators"
    assert mbot.adapter.calls == []
