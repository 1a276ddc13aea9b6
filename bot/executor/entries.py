"""Journal entries of the automatic path: a case, its evidence and its calls, as plain JSON."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime
from typing import Any

from bot.calls import Call, call_from
from bot.executor.retry import IN_FLIGHT_LEASE, Attempt
from bot.storage import NewAction, NewCase

_CASE_TIMES = ("created_at", "expires_at")


def case_json(case: NewCase) -> dict[str, Any]:
    """Return a case to record as JSON-ready data."""
    data = asdict(case)
    for name in _CASE_TIMES:
        if data[name] is not None:
            data[name] = data[name].isoformat()
    return data


def case_from(data: dict[str, Any]) -> NewCase:
    """Rebuild the case an entry holds."""
    known = {f.name for f in fields(NewCase)}
    values = {k: v for k, v in data.items() if k in known}
    for name in _CASE_TIMES:
        if values.get(name) is not None:
            values[name] = datetime.fromisoformat(values[name])
    return NewCase(**values)


def call_json(call: Call, dedupe: str) -> dict[str, Any]:
    """Return a call not tried yet, as an entry holds it."""
    return {
        "kind": call.kind,
        "payload": call.payload(),
        "dedupe": dedupe,
        "status": "pending",
        "attempts": 0,
        "error": None,
        "next_at": None,
    }


def call_of(data: dict[str, Any]) -> Call:
    """Rebuild a call an entry holds."""
    return call_from(data["kind"], data["payload"])


def note_attempt(data: dict[str, Any], attempt: Attempt) -> None:
    """Record a try's result in the entry's call."""
    data["status"] = attempt.status
    data["attempts"] += attempt.status != "done"
    data["error"] = attempt.error
    data["next_at"] = attempt.next_at.isoformat() if attempt.next_at else None


def untried(data: dict[str, Any]) -> bool:
    """Tell whether a call was never tried, or its try was cut short by a crash."""
    return data["status"] == "pending" and data["next_at"] is None


def actions_of(body: dict[str, Any], now: datetime) -> list[NewAction]:
    """Return the pending-action rows an entry's calls and report make, with their results."""
    rows = []
    for data in body["calls"]:
        next_at = datetime.fromisoformat(data["next_at"]) if data["next_at"] else now
        rows.append(
            NewAction(
                kind=data["kind"],
                payload=data["payload"],
                next_attempt_at=next_at,
                dedupe_key=data["dedupe"],
                status=data["status"],
                attempts=data["attempts"],
                last_error=data["error"],
            )
        )
    report = body.get("report")
    if report is not None:
        # Posted right after the write; should that fail, the retry pass takes it later.
        rows.append(
            NewAction(
                kind=report["kind"],
                payload=report["payload"],
                next_attempt_at=now + IN_FLIGHT_LEASE,
                dedupe_key=report["dedupe"],
            )
        )
    return rows
