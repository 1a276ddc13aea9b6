"""Journal entries reach the database once, however often they are written again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage import NewAction, NewCase, Storage

AT = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


def entry(i: int) -> tuple[NewCase, dict, list[NewAction]]:
    case = NewCase(community="demo", kind="auto", action="timeout", user_id="u", created_at=AT)
    actions = [
        NewAction(
            kind="delete",
            payload={"message_id": f"m{i}"},
            next_attempt_at=AT,
            dedupe_key=f"k{i}/delete",
            status="done",
        ),
        NewAction(
            kind="timeout",
            payload={"user_id": "u"},
            next_attempt_at=AT + timedelta(seconds=4),
            dedupe_key=f"k{i}/timeout",
            attempts=1,
            last_error="rate limited",
        ),
    ]
    return case, {"message_id": f"m{i}"}, actions


async def test_an_entry_written_twice_is_stored_once(storage: Storage) -> None:
    case, evidence, actions = entry(1)
    notes = [("escalated", "escalated to timeout: 3rd warn")]
    first = await storage.apply_entry("k1", case, evidence, actions, notes, at=AT)
    again = await storage.apply_entry("k1", case, evidence, actions, notes, at=AT)
    assert first.fresh
    assert not again.fresh
    assert again.case == first.case
    # Only the call still to be retried stays pending, with its first attempt counted.
    assert first.pending == again.pending == {"k1/timeout": first.pending["k1/timeout"]}
    (pending,) = await storage.pending_actions()
    assert (pending.kind, pending.attempts, pending.last_error) == ("timeout", 1, "rate limited")
    assert [a.kind for a in await storage.pending_actions(status="done")] == ["delete"]
    assert len(await storage.evidence()) == 1
    assert [(e.kind, e.author) for e in await storage.case_events("demo", 1)] == [
        ("escalated", "vigie")
    ]
    second = await storage.apply_entry("k2", *entry(2), at=AT)
    assert second.case.number == 2
    assert (await storage.verify_evidence()).ok
