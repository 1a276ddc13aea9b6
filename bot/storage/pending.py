"""Pending platform actions: the retry queue that keeps failed actions visible."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.errors import StorageNotFound
from bot.storage.models import PendingActionRow, as_utc
from bot.storage.records import ActionStatus, NewAction, PendingAction


def to_action(row: PendingActionRow) -> PendingAction:
    """Copy a pending-action row into its frozen record."""
    return PendingAction(
        id=row.id,
        community=row.community,
        case_id=row.case_id,
        kind=row.kind,
        payload=dict(row.payload),
        status=cast(ActionStatus, row.status),
        attempts=row.attempts,
        next_attempt_at=as_utc(row.next_attempt_at),
        last_error=row.last_error,
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
        dedupe_key=row.dedupe_key,
    )


async def insert_actions(
    session: AsyncSession,
    community: str,
    case_id: int | None,
    actions: Sequence[NewAction],
    at: datetime | None,
) -> list[int]:
    """Queue actions; a reused dedupe_key makes the flush (and the transaction) fail."""
    rows = [
        PendingActionRow(
            community=community,
            case_id=case_id,
            kind=action.kind,
            payload=dict(action.payload),
            status=action.status,
            attempts=action.attempts,
            next_attempt_at=action.next_attempt_at,
            last_error=action.last_error,
            created_at=at or action.next_attempt_at,
            updated_at=at or action.next_attempt_at,
            dedupe_key=action.dedupe_key,
        )
        for action in actions
    ]
    session.add_all(rows)
    await session.flush()
    return [row.id for row in rows]


async def due(session: AsyncSession, now: datetime, limit: int) -> list[PendingAction]:
    """Return pending actions whose next attempt is due, oldest first."""
    statement = (
        select(PendingActionRow)
        .where(PendingActionRow.status == "pending", PendingActionRow.next_attempt_at <= now)
        .order_by(PendingActionRow.next_attempt_at, PendingActionRow.id)
        .limit(limit)
    )
    return [to_action(row) for row in await session.scalars(statement)]


async def listing(
    session: AsyncSession, community: str | None, status: ActionStatus | None
) -> list[PendingAction]:
    """Return actions filtered by community and status, in creation order."""
    statement = select(PendingActionRow).order_by(PendingActionRow.id)
    if community is not None:
        statement = statement.where(PendingActionRow.community == community)
    if status is not None:
        statement = statement.where(PendingActionRow.status == status)
    return [to_action(row) for row in await session.scalars(statement)]


async def change(session: AsyncSession, action_id: int, **values: Any) -> PendingAction:
    """Update one action and return it, or raise StorageNotFound."""
    statement = (
        update(PendingActionRow)
        .where(PendingActionRow.id == action_id)
        .values(**values)
        .returning(PendingActionRow)
    )
    row = (await session.scalars(statement)).one_or_none()
    if row is None:
        msg = f"no pending action with id {action_id}"
        raise StorageNotFound(msg)
    return to_action(row)


async def release(session: AsyncSession, dedupe_keys: Sequence[str], now: datetime) -> int:
    """Bring forward the first attempt of actions still leased (never tried, due later)."""
    statement = (
        update(PendingActionRow)
        .where(
            PendingActionRow.dedupe_key.in_(list(dedupe_keys)),
            PendingActionRow.status == "pending",
            PendingActionRow.attempts == 0,
            PendingActionRow.next_attempt_at > now,
        )
        .values(next_attempt_at=now)
    )
    result = await session.execute(statement)
    # An UPDATE returns a CursorResult, but AsyncSession.execute is typed as returning a plain
    # Result, which has no rowcount.
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
