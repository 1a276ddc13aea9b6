"""Reports: grouped floods, neutralised mentions, quick actions that survive a restart."""

from __future__ import annotations

from datetime import timedelta

from bot.moderation.reports import QUICK_EMOJI, quick_action_for
from tests.support.modconfig import RULES

FLOOD = RULES.replace("triggers: [{words: [connard]}]", "triggers: [{words: [connard, spam]}]")


async def test_a_flood_gives_one_report_updated_in_place(testbot):
    bot = await testbot(FLOOD)
    for _ in range(30):
        await bot.say("spam spam @everyone", user="alice")
    kinds = bot.pop_kinds()
    assert kinds.count("report") == 1
    assert kinds.count("report_edit") == 29
    assert kinds.count("delete") == 30
    (report_id,) = bot.adapter.report_ids
    card = bot.adapter.edited[report_id]
    assert card.group_count == 30
    assert card.group_cases == tuple(range(1, 31))
    assert len(card.group_lines) == 5
    text = card.render_text()
    assert "Grouped: 30 incidents from this member (#1, #2" in text
    assert "@everyone" not in text
    assert "@\u200beveryone" in text


async def test_grouping_is_per_member_per_window_and_severity(testbot):
    bot = await testbot(FLOOD)
    await bot.say("spam", user="alice")
    await bot.say("spam", user="bob")
    await bot.say("spam", user="alice")
    bot.tick(61)
    await bot.say("spam", user="alice")  # the window is over: a new report
    await bot.say("notre secret", user="alice")  # more severe: its own report
    assert len(bot.adapter.reports) == 4
    assert [c.member_id for c in bot.adapter.reports] == ["alice", "bob", "alice", "alice"]
    assert bot.adapter.reports[-1].pings == ("@oncall",)


async def test_report_shows_who_where_rule_signals_spans_action_and_history(mbot):
    await mbot.command("!vigie note alice watch her")
    await mbot.say("t'es un connard <@&123> @here", user="alice", display_name="Alice")
    card = mbot.adapter.reports[-1]
    text = card.render_text()
    assert card.case_number == 2
    assert "Who: Alice (alice) · Where: general" in text
    assert "> t'es un »connard« <\u200b@&123> @\u200bhere" in text
    assert "Rules: insults" in text
    assert "Action: delete, warn" in text
    assert "History: #1 note (manual)" in text
    assert "Quick actions: ban, timeout, delete, dismiss" in text


async def test_reactions_map_to_quick_actions():
    assert quick_action_for("\U0001f528") == "ban"
    assert quick_action_for("\U0001f5d1") == "delete"
    assert quick_action_for(QUICK_EMOJI["dismiss"]) == "dismiss"
    assert quick_action_for("\U0001f600") is None


async def test_quick_ban_needs_confirmation_and_survives_a_restart(testbot):
    first = await testbot(RULES, db="shared")
    await first.say("beuh", user="alice")
    (report_id,) = first.adapter.report_ids
    first.member("mod", 50)
    reply = await first.press(report_id, "ban")
    assert reply.kind == "confirm"
    assert "again within 2 minutes" in reply.text
    # Restart: the report, its cases and the pending confirmation are in the database.
    second = await testbot(RULES, db="shared", start=first.now + timedelta(seconds=30))
    second.member("mod", 50)
    reply = await second.press(report_id, "ban")
    assert reply.ok, reply.text
    assert reply.text.startswith("Case #2: alice banned (report on case #1: listed word: beuh).")
    assert second.pop_kinds() == ["ban", "report_edit"]
    card = second.adapter.edited[report_id]
    assert card.status == "handled by mod: ban, case #2"
    assert card.quick_actions == ()
    again = await second.press(report_id, "timeout")
    assert again.text == "Already handled: handled by mod: ban, case #2"


async def test_confirmation_expires(mbot):
    await mbot.say("beuh", user="alice")
    report_id = mbot.adapter.report_ids[-1]
    assert (await mbot.press(report_id, "ban")).kind == "confirm"
    mbot.tick(300)
    assert (await mbot.press(report_id, "ban")).kind == "confirm"


async def test_quick_timeout_delete_and_dismiss(mbot):
    await mbot.say("connard", user="alice")
    await mbot.say("connard", user="alice")  # grouped into the same report
    await mbot.say("connard", user="bob")
    alice_report, bob_report = mbot.adapter.report_ids
    mbot.pop()
    reply = await mbot.press(alice_report, "timeout")
    assert reply.text.startswith("Case #4: alice muted for 1h")
    assert mbot.pop_kinds() == ["timeout", "report_edit"]
    reply = await mbot.press(bob_report, "delete")
    assert reply.text == "Deleted 1 message(s)."
    assert [c.kind for c in mbot.pop()] == ["delete", "report_edit"]


async def test_dismiss_lifts_the_sanction_and_takes_the_case_out_of_the_ladders(mbot):
    _, outcome = await mbot.say("beuh", user="alice")  # automatic 1h timeout
    report_id = mbot.adapter.report_ids[-1]
    mbot.pop()
    reply = await mbot.press(report_id, "dismiss")
    assert reply.text == "Dismissed as a false positive; lifted: timeout of case #1."
    assert mbot.pop_kinds() == ["untimeout", "report_edit"]
    case = await mbot.bot.executor.storage.get_case("demo", outcome.case_number)
    assert case.dismissed
    assert not case.active
    assert mbot.adapter.edited[report_id].status == "dismissed by mod (false positive)"


async def test_press_on_an_unknown_message_is_explained(mbot):
    reply = await mbot.press("not-a-report", "ban")
    assert reply.kind == "not_found"
    assert reply.ephemeral
