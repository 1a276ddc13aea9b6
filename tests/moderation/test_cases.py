"""Cases: one numbering for automatic, manual and platform cases; expiry across restarts."""

from __future__ import annotations

from datetime import timedelta

from bot.events import Member, MemberLeft
from tests.support.modconfig import RULES


def left(bot, user, *, banned_by=None, kicked_by=None, room="general", reason=None):
    return MemberLeft(
        community="demo",
        room=room,
        ts=bot.tick(),
        member=Member(id=user),
        banned_by=banned_by,
        kicked_by=kicked_by,
        reason=reason,
    )


async def test_one_numbering_across_automatic_manual_and_platform_cases(mbot):
    _, auto = await mbot.say("connard", user="alice")
    manual = await mbot.command("!vigie warn bob stop")
    await mbot.bot.handle(left(mbot, "carol", banned_by="mod2", reason="spam bot"))
    _, again = await mbot.say("beuh", user="alice")
    assert auto.case_number == 1
    assert manual.text.startswith("Case #2:")
    assert again.case_number == 4
    cases = await mbot.bot.executor.storage.list_cases("demo")
    assert [(c.number, c.kind, c.action) for c in reversed(cases)] == [
        (1, "auto", "warn"),
        (2, "manual", "warn"),
        (3, "platform", "ban"),
        (4, "auto", "timeout"),
    ]


async def test_platform_ban_becomes_a_case_once_and_the_mods_are_told(mbot):
    for room in ("general", "random"):  # Matrix: one leave per room
        await mbot.bot.handle(left(mbot, "carol", banned_by="mod2", room=room))
    (case,) = await mbot.bot.executor.storage.list_cases("demo")
    assert (case.kind, case.action, case.moderator_id) == ("platform", "ban", "mod2")
    assert case.reason == "ban done in the platform's own interface"
    (message,) = mbot.adapter.messages
    assert message[1:] == (
        "mods",
        f"Case #{case.number}: carol banned by mod2 outside Vigie "
        "(ban done in the platform's own interface).",
    )


async def test_the_bots_own_bans_and_plain_leaves_make_no_platform_case(mbot):
    await mbot.command("!vigie ban alice spam")
    await mbot.bot.handle(left(mbot, "alice", banned_by="vigie-bot"))
    await mbot.bot.handle(left(mbot, "bob"))
    await mbot.bot.handle(left(mbot, "dan", kicked_by="mod2"))
    cases = await mbot.bot.executor.storage.list_cases("demo")
    assert [(c.kind, c.action, c.user_id) for c in cases] == [
        ("platform", "kick", "dan"),
        ("manual", "ban", "alice"),
    ]


async def test_timed_sanctions_are_lifted_when_due(mbot):
    await mbot.command("!vigie ban alice 2h spam")
    await mbot.command("!vigie timeout bob 30m flood")
    mbot.pop()
    assert await mbot.advance(60 * 29) == 0
    await mbot.advance(120)
    assert [(c.kind, c.args["user_id"]) for c in mbot.pop()] == [("untimeout", "bob")]
    await mbot.advance(2 * 3600)
    assert [(c.kind, c.args["user_id"]) for c in mbot.pop()] == [("unban", "alice")]
    storage = mbot.bot.executor.storage
    ban = await storage.get_case("demo", 1)
    assert not ban.active
    assert [e.kind for e in await storage.case_events("demo", 1)] == ["expired"]
    await mbot.advance(3600)
    assert mbot.pop() == []


async def test_expiry_is_resumed_after_a_restart(testbot):
    first = await testbot(RULES, db="shared")
    first.member("mod", 50)
    first.member("alice")
    await first.command("!vigie ban alice 1h spam")
    await first.say("beuh", user="bob")  # automatic 1h timeout
    assert [c.kind for c in first.pop()] == ["ban", "delete", "timeout", "report"]
    # The process stops; the next one starts two hours later and lifts both at once.
    later = first.now + timedelta(hours=2)
    second = await testbot(RULES, db="shared", start=later)
    assert sorted((c.kind, c.args["user_id"]) for c in second.pop()) == [
        ("unban", "alice"),
        ("untimeout", "bob"),
    ]
    await second.advance(3600)
    assert second.pop() == []


async def test_lifted_early_is_not_lifted_again(mbot):
    await mbot.command("!vigie timeout alice 1h x")
    await mbot.command("!vigie untimeout alice")
    mbot.pop()
    await mbot.advance(7200)
    assert mbot.pop() == []


async def test_sanctioned_members_are_told_why_and_how_to_contest(testbot):
    bot = await testbot(RULES.replace("    appeals:", "    notify_members: true\n    appeals:"))
    bot.member("mod", 50)
    await bot.say("beuh", user="alice")
    assert bot.pop_kinds() == ["delete", "dm", "timeout", "report"]
    _, user, text = bot.adapter.dms[-1]
    assert user == "alice"
    assert text.splitlines() == [
        "[demo] You were muted for 1h, automatically, by the community's rules.",
        "Reason: listed word: beuh",
        "Contest: write to appel@example.org",
    ]
    await bot.command("!vigie ban alice 1d dealing")
    assert bot.pop_kinds() == ["dm", "ban"]
    assert bot.adapter.dms[-1][2].startswith("[demo] You were banned for 1d, by a moderator.")
