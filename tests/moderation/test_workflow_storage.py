"""The workflow queries on SQLite and PostgreSQL: reports, user reports, ladders, retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage import NewCase, NewUserReport

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


def case(user="u", action="warn", category="spam", at=T0, **more):
    return NewCase(
        community="c",
        kind="auto",
        action=action,
        user_id=user,
        category=category,
        created_at=at,
        **more,
    )


async def test_reports_user_reports_ladders_and_retention(workflow_storage):
    storage = workflow_storage
    first = await storage.record_incident(case(), {"text": "a"}, [])
    second = await storage.record_incident(case(category="child_safety"), {"text": "b"}, [])
    report = await storage.record_report_message(
        community="c",
        channel="mods",
        message_id="r1",
        member_id="u",
        case_id=first.case.id,
        user_report_id=None,
        severity=2,
        card={"severity": "medium"},
        at=T0,
    )
    assert (await storage.open_report("c", "u", T0 - timedelta(minutes=1))).id == report.id
    grouped = await storage.attach_to_report(report.id, second.case.id, {"n": 2}, T0)
    assert (grouped.count, grouped.card) == (2, {"n": 2})
    assert [c.number for c in await storage.report_cases(report.id)] == [1, 2]
    closed = await storage.update_report(report.id, card={"n": 3}, at=T0, status="actioned")
    assert closed.status == "actioned"
    assert await storage.open_report("c", "u", T0 - timedelta(minutes=1)) is None
    assert (await storage.report_message("c", "r1")).card == {"n": 3}

    filed = await storage.file_user_report(
        NewUserReport(
            community="c",
            room="g",
            reason="r",
            created_at=T0,
            reporter_id="x",
            reported_user_id="u",
            category="spam",
        ),
        {"text": "reported"},
    )
    assert (filed.number, filed.evidence_seq) == (1, 3)
    assert [r.id for r in await storage.open_user_reports("c", "u")] == [filed.id]
    decided = await storage.decide_user_report(
        filed.id, status="actioned", decision="ban", by="m", at=T0, case_id=first.case.id
    )
    assert decided.status == "actioned"
    again = await storage.decide_user_report(
        filed.id, status="dismissed", decision="x", by="m", at=T0
    )
    assert again is None

    assert await storage.count_sanctions("c", "u", "warn", since=T0 - timedelta(days=1)) == 2
    await storage.dismiss_case("c", 1, text="fp", by="m", at=T0)
    assert await storage.count_sanctions("c", "u", "warn", since=T0 - timedelta(days=1)) == 1
    assert len(await storage.cases_between("c", T0, T0 + timedelta(seconds=1))) == 2

    later = T0 + timedelta(days=10)
    assert await storage.evidence_due("c", later, ["spam"]) == [1, 3]
    assert await storage.evidence_due("c", later, None, exclude=["spam", "child_safety"]) == []
    assert await storage.purge_by_category("c", later, ["spam"], label="spam", at=later) == 2
    assert (await storage.verify_evidence()).ok
    assert await storage.evidence_due("c", later, None, exclude=["spam"]) == [2]
