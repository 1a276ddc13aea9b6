"""Case and case-event queries, run inside a session Storage has opened."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import cast

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.errors import StorageNotFound
from bot.storage.models import Case, CaseEventRow, Counter, as_utc
from bot.storage.records import CaseEvent, CaseKind, CaseRecord, NewCase


def to_case(row: Case) -> CaseRecord:
    """Copy a case row into its frozen record."""
    return CaseRecord(
        id=row.id,
        community=row.community,
        number=row.number,
        kind=cast(CaseKind, row.kind),
        action=row.action,
        user_id=row.user_id,
        user_name=row.user_name,
        moderator_id=row.moderator_id,
        reason=row.reason,
        rule=row.rule,
        category=row.category,
        room=row.room,
        message_id=row.message_id,
        created_at=as_utc(row.created_at),
        expires_at=as_utc(row.expires_at),
        active=row.active,
        dry_run=row.dry_run,
        hidden=row.hidden,
        dismissed=bool(row.dismissed),
    )


def to_event(row: CaseEventRow) -> CaseEvent:
    """Copy a case-event row into its frozen record."""
    return CaseEvent(
        id=row.id,
        case_id=row.case_id,
        at=as_utc(row.at),
        kind=row.kind,
        author=row.author,
        text=row.text,
    )


async def next_number(session: AsyncSession, community: str) -> int:
    """Allocate the community's next case number in the caller's transaction."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    # One upsert both creates the counter and bumps it; the row lock it takes is
    # held to commit, so concurrent writers queue and a rollback returns the number.
    statement = (
        insert(Counter)
        .values(community=community, value=1)
        .on_conflict_do_update(
            index_elements=[Counter.community], set_={"value": Counter.value + 1}
        )
        .returning(Counter.value)
    )
    return (await session.execute(statement)).scalar_one()


async def insert_case(session: AsyncSession, new: NewCase) -> Case:
    """Insert a case with a freshly allocated number."""
    number = await next_number(session, new.community)
    row = Case(number=number, **asdict(new))
    session.add(row)
    await session.flush()
    return row


async def find_case(session: AsyncSession, community: str, number: int) -> Case | None:
    """Return the case row with this number in the community, if any."""
    statement = select(Case).where(Case.community == community, Case.number == number)
    return (await session.scalars(statement)).one_or_none()


async def require_case(session: AsyncSession, community: str, number: int) -> Case:
    """Return the case row or raise StorageNotFound."""
    row = await find_case(session, community, number)
    if row is None:
        msg = f"no case #{number} in community {community!r}"
        raise StorageNotFound(msg)
    return row


async def insert_event(
    session: AsyncSession, case_id: int, *, kind: str, text: str, author: str | None, at: datetime
) -> CaseEvent:
    """Append an entry to a case's history."""
    row = CaseEventRow(case_id=case_id, at=at, kind=kind, author=author, text=text)
    session.add(row)
    await session.flush()
    return to_event(row)


async def events_of(session: AsyncSession, case_id: int) -> list[CaseEvent]:
    """Return a case's history, oldest first."""
    statement = (
        select(CaseEventRow)
        .where(CaseEventRow.case_id == case_id)
        .order_by(CaseEventRow.at, CaseEventRow.id)
    )
    return [to_event(row) for row in await session.scalars(statement)]


def case_conditions(
    community: str, user_id: str | None, since: datetime | None
) -> list[ColumnElement[bool]]:
    """Build the filters to a community, optionally a user and a start time."""
    conditions = [Case.community == community]
    if user_id is not None:
        conditions.append(Case.user_id == user_id)
    if since is not None:
        conditions.append(Case.created_at >= since)
    return conditions


async def list_cases(
    session: AsyncSession, community: str, user_id: str | None, limit: int, since: datetime | None
) -> list[CaseRecord]:
    """Return the community's cases, newest first."""
    statement = (
        select(Case)
        .where(*case_conditions(community, user_id, since))
        .order_by(Case.number.desc())
        .limit(limit)
    )
    return [to_case(row) for row in await session.scalars(statement)]


async def count_cases(
    session: AsyncSession,
    community: str,
    user_id: str,
    *,
    action: str | None,
    since: datetime | None,
    rule: str | None,
    dry_run: bool | None,
) -> int:
    """Count a user's cases, optionally by action, rule, start time and dry-run flag."""
    conditions = case_conditions(community, user_id, since)
    if action is not None:
        conditions.append(Case.action == action)
    if rule is not None:
        conditions.append(Case.rule == rule)
    if dry_run is not None:
        conditions.append(Case.dry_run.is_(dry_run))
    statement = select(func.count(Case.id)).where(*conditions)
    return int((await session.execute(statement)).scalar_one())


async def update_reason(
    session: AsyncSession, community: str, number: int, reason: str
) -> CaseRecord:
    """Replace a case's reason and return the updated case."""
    statement = (
        update(Case)
        .where(Case.community == community, Case.number == number)
        .values(reason=reason)
        .returning(Case)
    )
    row = (await session.scalars(statement)).one_or_none()
    if row is None:
        msg = f"no case #{number} in community {community!r}"
        raise StorageNotFound(msg)
    return to_case(row)


async def expiring(session: AsyncSession, before: datetime) -> list[CaseRecord]:
    """Return active cases whose expiry is at or before `before`, soonest first."""
    statement = (
        select(Case)
        .where(Case.active.is_(True), Case.expires_at.is_not(None), Case.expires_at <= before)
        .order_by(Case.expires_at, Case.id)
    )
    return [to_case(row) for row in await session.scalars(statement)]


async def deactivate(session: AsyncSession, case_id: int) -> bool:
    """Clear a case's active flag; tell whether it was active (so only one caller logs it)."""
    statement = (
        update(Case).where(Case.id == case_id, Case.active.is_(True)).values(active=False)
    ).returning(Case.id)
    if (await session.execute(statement)).first() is not None:
        return True
    if await session.get(Case, case_id) is None:
        msg = f"no case with id {case_id}"
        raise StorageNotFound(msg)
    return False
