"""Escalation ladders from the case history in storage: counted, cascaded, kept in the case."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import ConfigError
from tests.support.modconfig import RULES

LADDERS = RULES.replace(
    "    appeals:",
    "    ladders:\n"
    "      - {count: warn, after: 3, within: 7d, then: timeout 1d}\n"
    "      - {count: timeout, after: 2, within: 30d, then: ban}\n"
    "    appeals:",
)


async def test_third_warning_in_a_week_becomes_a_one_day_timeout(testbot):
    bot = await testbot(LADDERS)
    bot.member("mod", 50)
    await bot.say("connard", user="alice")  # automatic warning
    await bot.command("!vigie warn alice first manual warning")
    bot.pop()
    reply = await bot.command("!vigie warn alice third time")
    assert reply.text.startswith("Case #3: alice muted for 1d (third time).")
    assert "Escalated by the ladders: 3rd warn within 7d -> timeout 1d." in reply.text
    (call,) = bot.pop()
    assert call.kind == "timeout"
    assert call.args["until"] - bot.now == timedelta(days=1)
    storage = bot.bot.executor.storage
    case = await storage.get_case("demo", 3)
    assert case.action == "timeout"
    assert case.expires_at - case.created_at == timedelta(days=1)
    (event,) = await storage.case_events("demo", 3)
    assert (event.kind, event.text) == (
        "escalated",
        "escalated to timeout: 3rd warn within 7d -> timeout 1d",
    )
    shown = await bot.command("!vigie case 3")
    assert "escalated (vigie): escalated to timeout" in shown.text


async def test_warnings_older_than_the_window_do_not_count(testbot):
    bot = await testbot(LADDERS)
    await bot.say("connard", user="alice")
    await bot.say("connard", user="alice")
    bot.tick(8 * 86400)
    _, outcome = await bot.say("connard", user="alice")
    assert outcome.escalation is None
    assert bot.pop_kinds()[-2:] == ["warn", "report"]


async def test_automatic_escalation_cascades_and_shows_on_the_report(testbot):
    bot = await testbot(LADDERS)
    await bot.say("beuh", user="alice")  # timeout 1h (1st timeout)
    await bot.say("connard", user="alice")  # warn 1
    await bot.say("connard", user="alice")  # warn 2
    bot.pop()
    bot.tick(3600)
    # warn 3 -> timeout 1d (ladder 1), which is the 2nd timeout in 30 days -> ban (ladder 2)
    _, outcome = await bot.say("connard", user="alice")
    assert outcome.escalation == "3rd warn within 7d -> timeout 1d; 2nd timeout within 30d -> ban"
    assert "ban" in bot.pop_kinds()
    card = bot.adapter.reports[-1]
    assert card.actions == ("delete", "ban")
    assert "Escalated by the ladders: 3rd warn within 7d" in card.render_text()
    case = await bot.bot.executor.storage.get_case("demo", outcome.case_number)
    assert case.action == "ban"


async def test_ladders_survive_a_restart(testbot):
    first = await testbot(LADDERS, db="shared")
    await first.say("connard", user="alice")
    await first.say("connard", user="alice")
    second = await testbot(LADDERS, db="shared", start=first.now + timedelta(hours=1))
    second._ids = 100  # new message ids after the restart
    _, outcome = await second.say("connard", user="alice")
    assert outcome.escalation == "3rd warn within 7d -> timeout 1d"


async def test_dismissed_cases_do_not_count(testbot):
    bot = await testbot(LADDERS)
    bot.member("mod", 50)
    await bot.say("connard", user="alice")
    await bot.say("connard", user="alice")
    reply = await bot.command("!vigie dismiss #1 not an insult here")
    assert reply.text == "Case #1 dismissed as a false positive."
    _, outcome = await bot.say("connard", user="alice")
    assert outcome.escalation is None


def test_bad_ladders_are_refused_at_load(make_config):
    bad = LADDERS.replace("then: timeout 1d", "then: timeout")
    with pytest.raises(ConfigError, match=r"ladders\.0\.then: .*needs a duration"):
        make_config(bad)
    bad = LADDERS.replace("then: ban}", "then: jail}")
    with pytest.raises(ConfigError, match=r"ladders\.1\.then"):
        make_config(bad)
