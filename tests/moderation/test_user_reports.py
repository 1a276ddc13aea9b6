"""User reports (DSA Art. 16): filed, acknowledged, decided, and the reporter told."""

from __future__ import annotations

from bot.events import Member, ReportFiled


async def test_report_by_reply_is_acknowledged_privately_and_reaches_the_mods(mbot):
    reply = await mbot.command(
        "!vigie report sells weed in DMs",
        user="bob",
        room="general",
        reply_to="m42",
        reply_to_author="alice",
        reply_to_text="dm me for beuh @everyone",
        link="https://matrix.to/#/!general:x/$m42",
    )
    assert reply.ok
    assert reply.ephemeral
    assert reply.delete_invocation
    assert reply.text.startswith("[demo] Your report #1 about a message in general was received")
    card = mbot.adapter.reports[-1]
    assert card.user_report == 1
    assert card.member_id == "alice"
    assert card.summaries == ("sells weed in DMs",)
    text = card.render_text()
    assert "User report #1 by bob" in text
    assert "@\u200beveryone" in text
    storage = mbot.bot.executor.storage
    (record,) = await storage.evidence(community="demo")
    assert record.payload["text"] == "dm me for beuh @everyone"
    assert record.payload["reporter_id"] == "bob"


async def test_report_by_link_on_discord_and_matrix(mbot):
    link = "https://discord.com/channels/1/22/333"
    assert (await mbot.command(f"!vigie report {link} spam", user="bob", room="general")).ok
    matrix = "https://matrix.to/#/!room:x/$ev?via=x"
    assert (await mbot.command(f"!vigie report {matrix} scam", user="bob", room="general")).ok
    first, second = mbot.adapter.reports
    assert (first.room, first.message_id) == ("22", "333")
    assert (second.room, second.message_id) == ("!room:x", "$ev")


async def test_reporter_is_told_the_decision_of_a_quick_action(mbot):
    await mbot.command(
        "!vigie report grooming", user="bob", room="general", reply_to="m9", reply_to_author="alice"
    )
    report_id = mbot.adapter.report_ids[-1]
    mbot.pop()
    reply = await mbot.press(report_id, "timeout")
    assert reply.ok, reply.text
    kinds = mbot.pop_kinds()
    assert kinds == ["timeout", "dm", "report_edit"]
    (_, reporter, text) = mbot.adapter.dms[-1]
    assert reporter == "bob"
    assert text.startswith("[demo] Decision on your report #1: action taken: timeout (case #1).")
    assert text.endswith("Contest: write to appel@example.org")


async def test_dismissed_report_tells_the_reporter_no_violation_was_found(mbot):
    await mbot.command("!vigie report m3 rude", user="bob", room="general")
    mbot.pop()
    await mbot.press(mbot.adapter.report_ids[-1], "dismiss")
    assert mbot.adapter.dms[-1][2].startswith("[demo] Decision on your report #1: no violation")


async def test_a_sanction_by_command_decides_open_reports_about_the_member(mbot):
    for reporter in ("bob", "mod2"):
        await mbot.command(
            "!vigie report scam",
            user=reporter,
            room="general",
            reply_to="m5",
            reply_to_author="alice",
        )
    mbot.pop()
    await mbot.command("!vigie ban alice scam")
    assert mbot.pop_kinds() == ["ban", "dm", "dm"]
    assert {dm[1] for dm in mbot.adapter.dms} == {"bob", "mod2"}
    assert await mbot.bot.executor.storage.open_user_reports("demo") == []


async def test_child_safety_reports_may_be_anonymous(mbot):
    reply = await mbot.command(
        "!vigie report m7 asks kids for photos --anon --category child_safety",
        user="bob",
        room="general",
    )
    assert reply.text.startswith("Report #1 received, anonymously")
    card = mbot.adapter.reports[-1]
    assert card.extra == {"reported_by": "anonymous"}
    assert card.pings == ("@oncall",)
    assert card.severity == "high"
    storage = mbot.bot.executor.storage
    (report,) = await storage.open_user_reports("demo")
    assert report.reporter_id is None
    (record,) = await storage.evidence(community="demo")
    assert record.payload["reporter_id"] is None
    await mbot.press(mbot.adapter.report_ids[-1], "delete")
    assert mbot.adapter.dms == []


async def test_native_report_event_is_filed_and_acknowledged_by_dm(mbot):
    event = ReportFiled(
        community="demo",
        room="general",
        ts=mbot.tick(),
        member=Member(id="bob"),
        message_id="m77",
        reported_member=Member(id="alice"),
        reason="harassment",
        text="you are nothing",
    )
    await mbot.bot.handle(event)
    assert mbot.pop_kinds() == ["report", "dm"]
    assert mbot.adapter.dms[-1][1] == "bob"
    assert "Your report #1" in mbot.adapter.dms[-1][2]


async def test_members_can_report_from_any_room_but_not_moderate(mbot):
    assert (await mbot.command("!vigie report m1 spam", user="alice", room="random")).ok
    refused = await mbot.command("!vigie case 1", user="alice", room="random")
    assert refused.kind == "refused"
