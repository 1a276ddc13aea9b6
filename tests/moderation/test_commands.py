"""Each command's happy path and its usage errors, through the FakeAdapter."""

from __future__ import annotations

from datetime import timedelta

from bot.adapters.base import Forbidden
from tests.support.modconfig import RULES


async def test_text_without_the_prefix_is_not_a_command(mbot):
    assert await mbot.command("hello everyone") is None
    assert await mbot.command("!vigieban alice") is None


async def test_help_lists_commands_for_each_prefix_form(mbot):
    for text in ["!vigie help", "!vigie", "vigie: help", "!VIGIE help"]:
        reply = await mbot.command(text)
        assert reply.kind == "help", text
        assert "ban" in reply.text
        assert "report" in reply.text


async def test_help_per_command_shows_usage_and_aliases(mbot):
    reply = await mbot.command("!vigie help mute")
    assert reply.text.startswith("!vigie timeout <user> <duration> [reason]")
    assert "Also: mute" in reply.text
    bad = await mbot.command("!vigie help frobnicate")
    assert not bad.ok
    assert bad.kind == "usage"


async def test_members_see_only_what_they_may_run(mbot):
    reply = await mbot.command("!vigie help", user="alice", room="general")
    assert "report" in reply.text
    assert "ban" not in reply.text


async def test_unknown_command_says_how_to_find_the_right_one(mbot):
    reply = await mbot.command("!vigie frobnicate")
    assert not reply.ok
    assert "unknown command 'frobnicate'" in reply.text
    assert "!vigie help" in reply.text


async def test_warn_creates_a_manual_case_and_warns_privately(mbot):
    reply = await mbot.command("!vigie warn alice stop the insults")
    assert reply.ok
    assert reply.text == "Case #1: Alice (alice) warned (stop the insults)."
    assert mbot.pop_kinds() == ["dm"]
    assert mbot.adapter.dms[-1] == ("demo", "alice", "Warning: stop the insults")
    case = await mbot.bot.executor.storage.get_case("demo", 1)
    assert (case.kind, case.action, case.moderator_id) == ("manual", "warn", "mod")


USAGE_ERRORS = [
    ("!vigie warn", "say whom to warn"),
    ("!vigie warn alice", "a reason is required"),
    ("!vigie warn nobody spam", "unknown member 'nobody'"),
    ("!vigie timeout alice", "say whom to mute and for how long"),
    ("!vigie timeout alice forever spam", "bad duration 'forever'"),
    ("!vigie timeout alice 30d spam", "at most 28d"),
    ("!vigie ban alice --clean soon", "bad clean window 'soon'"),
    ("!vigie ban alice --wipe 1d", "unknown option --wipe"),
    ("!vigie case twelve", "'twelve' is not a case number"),
    ("!vigie clean lots --room general", "'lots' is not a count"),
    ("!vigie clean 5", "say which room"),
    ("!vigie clean 5 --room general --regex (", "bad --regex"),
    ("!vigie slowmode general", "give the room and the delay"),
    ("!vigie raid 42", "a number from 0 to 9"),
    # isdigit() is true of these, int() refuses them.
    ("!vigie raid ²", "a number from 0 to 9"),
    ("!vigie raid " + "7" * 5000, "a number from 0 to 9"),
    ("!vigie rules disable nope", "no rule 'nope'"),
    ("!vigie report", "say which message"),
    ("!vigie report m1 --anon", "anonymous reports are for child safety"),
    ("!vigie report m1 --category weather", "unknown category 'weather'"),
    ("!vigie kick", "say whom to kick"),
    ("!vigie ban", "say whom to ban"),
    ("!vigie unban", "say whose ban to lift"),
    ("!vigie untimeout", "say whom to unmute"),
    ("!vigie note alice", "then the note"),
    ("!vigie case", "give one case number"),
    ("!vigie case 3 4", "give one case number"),
    ("!vigie clean", "say how many messages to delete"),
    ("!vigie slowmode general 1m now", "give the room and the delay"),
    ("!vigie reason 3", "give the case number and the new reason"),
    ("!vigie dismiss", "give the case number"),
    ("!vigie dismiss #x", "'#x' is not a case number"),
    ("!vigie rules frob insults", "say enable, disable, dry-run, live or reset"),
]


async def test_usage_errors_say_what_is_wrong_and_show_the_usage(mbot):
    for text, expected in USAGE_ERRORS:
        reply = await mbot.command(text)
        assert reply is not None, text
        assert not reply.ok, text
        assert reply.kind == "usage", (text, reply.text)
        assert expected in reply.text, (text, reply.text)
    assert mbot.pop() == []


async def test_usage_error_includes_the_command_usage(mbot):
    reply = await mbot.command("!vigie timeout alice")
    assert reply.text.endswith("Usage: !vigie timeout <user> <duration> [reason]")


async def test_reason_required_by_the_community(testbot):
    bot = await testbot(RULES.replace("    on_call:", "    require_reason: true\n    on_call:"))
    bot.member("mod", 50)
    bot.member("alice")
    reply = await bot.command("!vigie kick alice")
    assert reply.kind == "usage"
    assert "a reason is required here" in reply.text
    assert (await bot.command("!vigie kick alice spam")).ok


async def test_timeout_and_untimeout(mbot):
    reply = await mbot.command("!vigie mute alice 10m calm down")
    assert reply.text == "Case #1: Alice (alice) muted for 10m (calm down)."
    (call,) = mbot.pop()
    assert call.kind == "timeout"
    assert call.args["until"] - mbot.now == timedelta(minutes=10)
    reply = await mbot.command("!vigie unmute alice")
    assert reply.text.startswith("Case #2: Alice (alice) unmuted")
    assert mbot.pop_kinds() == ["untimeout"]
    storage = mbot.bot.executor.storage
    first = await storage.get_case("demo", 1)
    assert not first.active
    assert [e.kind for e in await storage.case_events("demo", 1)] == ["lifted"]


async def test_kick_ban_with_duration_and_clean_and_unban(mbot):
    assert (await mbot.command("!vigie kick bob spam")).ok
    reply = await mbot.command("!vigie ban alice 3d --clean 1h selling drugs")
    assert reply.text == "Case #2: Alice (alice) banned for 3d (selling drugs)."
    kick, ban = mbot.pop()
    assert (kick.kind, ban.kind, ban.args["clean"]) == ("kick", "ban", 3600)
    reply = await mbot.command("!vigie unban alice appeal accepted")
    assert reply.text == "Case #3: alice unbanned (appeal accepted)."
    assert mbot.pop_kinds() == ["unban"]


async def test_forceban_needs_its_own_permission_and_takes_any_id(mbot):
    refused = await mbot.command("!vigie forceban @ghost:example.org raid")
    assert refused.kind == "refused"
    assert "power level 100+" in refused.text
    mbot.member("admin", 100, power_level=100)
    reply = await mbot.command("!vigie forceban @ghost:example.org raid", user="admin")
    assert reply.ok, reply.text
    assert mbot.adapter.of("ban")[-1].args["user_id"] == "@ghost:example.org"


async def test_discord_mentions_and_matrix_links_name_members(mbot):
    mbot.member("123456", 0)
    mbot.member("@eve:example.org", 0)
    assert (await mbot.command("!vigie warn <@!123456> stop")).ok
    assert (await mbot.command("!vigie warn https://matrix.to/#/@eve:example.org stop")).ok
    assert [c.args["user_id"] for c in mbot.adapter.of("dm")] == ["123456", "@eve:example.org"]


async def test_note_on_a_member_and_on_a_case(mbot):
    reply = await mbot.command("!vigie note alice seems to sell stuff")
    assert reply.text.startswith("Case #1: Alice (alice) noted")
    assert mbot.pop() == []
    assert (await mbot.command("!vigie note #1 confirmed by another member")).ok
    events = await mbot.bot.executor.storage.case_events("demo", 1)
    assert [(e.kind, e.text) for e in events] == [("note", "confirmed by another member")]
    missing = await mbot.command("!vigie note #9 hello")
    assert missing.kind == "not_found"


async def test_case_cases_and_reason(mbot):
    await mbot.say("t'es un connard", user="alice")
    await mbot.command("!vigie timeout alice 1h again")
    reply = await mbot.command("!vigie case 2")
    assert reply.text.splitlines()[0].startswith("Case #2 · timeout (manual) · active · ends")
    assert "By: mod" in reply.text
    reply = await mbot.command("!vigie reason 2 repeated insults")
    assert reply.text == "Reason of case #2 updated."
    reply = await mbot.command("!vigie case #2")
    assert "Reason: repeated insults" in reply.text
    assert "reason (mod): repeated insults" in reply.text
    listing = await mbot.command("!vigie history alice")
    lines = listing.text.splitlines()
    assert lines[0] == "Latest cases of alice (newest first):"
    assert lines[1].startswith("#2 ")
    assert "timeout by mod" in lines[1]
    assert lines[2].startswith("#1 ")
    assert "warn by vigie" in lines[2]
    assert (await mbot.command("!vigie cases bob")).text == "No cases of bob."
    assert (await mbot.command("!vigie case 99")).kind == "not_found"
    assert (await mbot.command("!vigie reason 99 x")).kind == "not_found"


async def test_clean_by_user_regex_and_age(mbot):
    await mbot.say("buy now at shop", user="bob")
    await mbot.say("hello", user="alice")
    mbot.tick(600)
    await mbot.say("BUY NOW cheap", user="bob")
    await mbot.say("buy now too", user="alice")
    await mbot.say("unrelated", user="bob")
    mbot.pop()
    reply = await mbot.command("!vigie clean 10 --room general --user bob --regex (?i)buy")
    assert reply.text == "Deleted 2 of 2 matching message(s) in general."
    assert [c.args["message_id"] for c in mbot.pop()] == ["m3", "m1"]
    reply = await mbot.command("!vigie purge 10 --room general --since 5m")
    assert reply.text == "Deleted 3 of 3 matching message(s) in general."
    reply = await mbot.command("clean 1", room="general", prefixed=False)
    assert reply.text == "Deleted 1 of 1 matching message(s) in general."


async def test_lockdown_unlock_slowmode_on_discord(testbot):
    bot = await testbot(RULES.replace("platform: matrix", "platform: discord"), "discord")
    bot.member("mod", 50)
    assert await bot.command("!play some music") is None  # another bot's command
    reply = await bot.command("!lockdown --reason raid")
    assert reply.text == "general, random locked: only moderators can post."
    assert bot.adapter.of("lockdown")[-1].args == {
        "rooms": ["general", "random"],
        "enabled": True,
        "reason": "raid",
    }
    assert (await bot.command("!unlock general")).text == "general unlocked."
    assert (await bot.command("!slowmode general 30s")).text.endswith("one message per 30s.")
    assert (await bot.command("!slowmode general 0s")).text == "Slow mode lifted in general."
    assert [c.args["seconds"] for c in bot.adapter.of("slowmode")] == [30, 0]
    assert "bad delay 'soon'" in (await bot.command("!slowmode general soon")).text
    assert "at most 6h" in (await bot.command("!slowmode general 7h")).text


async def test_slowmode_on_a_platform_without_it_is_refused(mbot):
    reply = await mbot.command("!vigie slowmode general 30s")
    assert reply.kind == "refused"
    assert "matrix does not let me set a slow mode" in reply.text


async def test_raid_level_set_shown_and_ended(mbot):
    assert (await mbot.command("!vigie raid")).text == "Raid level: 0 (0 is calm)."
    assert (await mbot.command("!vigie raid 3")).text == "Raid level set to 3 for 30m."
    assert (await mbot.command("!vigie raid")).text == "Raid level: 3 (0 is calm)."
    assert (await mbot.command("!vigie raid off")).text == "Raid over: level 0."


async def test_rules_list_and_switches_survive_a_restart(testbot):
    bot = await testbot(RULES, db="shared")
    bot.member("mod", 50)
    listing = await bot.command("!vigie rules")
    assert "- insults [on] when words -> delete, warn, report" in listing.text
    assert (await bot.command("!vigie rules disable insults")).text == "Rule insults is now off."
    assert not (await bot.say("connard"))[0].hits
    assert (await bot.command("!vigie rules dry-run drugs")).text == "Rule drugs is now dry run."
    plan, _ = await bot.say("beuh")
    assert plan.dry_hits
    again = await testbot(RULES, db="shared")
    assert not (await again.say("connard"))[0].hits
    again.member("mod", 50)
    assert (await again.command("!vigie rules reset insults")).text == "Rule insults is now on."
    assert (await again.say("connard"))[0].hits


async def test_reload_keeps_the_old_rules_when_the_file_is_bad(registry, tmp_path):
    import logging

    from bot.adapters.fake import FakeAdapter
    from bot.app import open_bot
    from bot.clock import ManualClock
    from bot.config import load_config
    from tests.support.testbot import START, TestBot

    path = tmp_path / "vigie.yaml"
    path.write_text(RULES)
    config = load_config(path, registry, env={})
    adapter = FakeAdapter()
    url = f"sqlite:///{tmp_path / 'v.db'}"
    log = logging.getLogger("t")
    async with open_bot(
        config, registry, adapter, storage_url=url, clock=ManualClock(START), logger=log
    ) as opened:
        bot = TestBot(opened, adapter, "demo")
        bot.member("mod", 50)
        path.write_text(RULES.replace("words: [connard]", "words: 12"))
        reply = await bot.command("!vigie reload")
        assert reply is not None
        assert not reply.ok
        assert "reload refused, the rules in force are kept" in reply.text
        assert "vigie.yaml:" in reply.text
        assert (await bot.say("connard"))[0].hits
        path.write_text(RULES.replace("connard", "crétin"))
        reply = await bot.command("!vigie reload")
        assert reply is not None
        assert reply.text == "Config reloaded: 3 rule(s) in demo."
        assert not (await bot.say("connard"))[0].hits
        assert (await bot.say("crétin"))[0].hits


async def test_reload_without_a_file_is_refused_with_the_reason(mbot):
    reply = await mbot.command("!vigie reload")
    assert reply.kind == "refused"
    assert "not started from a config file" in reply.text


async def test_status_summarises_the_community(mbot):
    await mbot.say("connard")
    reply = await mbot.command("!vigie status")
    assert "Rules: 3 on, 0 dry run, 0 off" in reply.text
    assert "Evidence chain: 1 record(s)" in reply.text


async def test_platform_failure_becomes_a_clear_reply(mbot):
    mbot.adapter.fail_next("ban", Forbidden("missing ban permission"))
    reply = await mbot.command("!vigie ban alice spam")
    assert not reply.ok
    assert "Failed: ban: missing ban permission." in reply.text
    assert reply.text.startswith("Case #1:")


async def test_a_bug_never_reaches_the_chat_as_a_traceback(mbot, monkeypatch, caplog):
    async def boom(_community, _ref):
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(mbot.adapter, "resolve_member", boom)
    reply = await mbot.command("!vigie warn alice x")
    assert not reply.ok
    assert reply.text == "internal error: nothing more was done; the details are in the log"
    assert "ZeroDivisionError" in caplog.text


async def test_mod_commands_are_only_read_in_the_mod_channel(mbot):
    reply = await mbot.command("!vigie ban alice spam", room="general")
    assert reply.kind == "refused"
    assert "moderators' channel only" in reply.text
    assert (
        await mbot.command("!vigie case 1", room="dm-with-mod", direct=True)
    ).kind == "not_found"


async def test_apostrophes_and_quotes_in_reasons(mbot):
    reply = await mbot.command("!vigie warn alice t'es pénible, arrête l'insulte")
    assert reply.text == "Case #1: Alice (alice) warned (t'es pénible, arrête l'insulte)."
    reply = await mbot.command('!vigie note alice "deux mots" et « trois petits mots »')
    assert reply.text == "Case #2: Alice (alice) noted (deux mots et trois petits mots)."


async def test_slash_commands_may_pass_words_already_split(mbot):
    reply = await mbot.command(
        "/ban", prefixed=False, args=("ban", "alice", "1d", "--clean", "1h", "t'es nul")
    )
    assert reply.text == "Case #1: Alice (alice) banned for 1d (t'es nul)."


async def test_slash_commands_come_without_a_prefix(mbot):
    mbot.member("123456")
    reply = await mbot.command("warn <@123456> please stop", prefixed=False)
    assert reply.ok


async def test_rules_switch_in_a_community_with_a_regex_rule(testbot):
    config = RULES.replace(
        "    rules:\n",
        '    rules:\n      codes:\n        triggers: [{regex: ["\\\\bcode\\\\s*\\\\d{6}\\\\b"]}]\n'
        "        actions: [report]\n",
        1,
    )
    bot = await testbot(config)
    bot.member("mod", 50)
    assert (await bot.say("mon code 123456"))[0].hits
    assert (await bot.command("!vigie rules disable codes")).text == "Rule codes is now off."
    assert not (await bot.say("mon code 123456"))[0].hits
    assert (await bot.say("connard"))[0].hits
