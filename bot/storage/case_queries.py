"""Case queries of the moderator workflow: ladder counts, dismissals, time ranges."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.cases import insert_event, to_case
from bot.storage.errors import StorageNotFound
from bot.storage.models import Case
from bot.storage.records import CaseRecord


async def count_sanctions(
    session: AsyncSession,
    community: str,
    user_id: str,
    action: str,
    *,
    since: datetime,
    categories: Collection[str] | None = None,
) -> int:
    """Count a member's live cases of one sanction since a time (ladder input)."""
    statement = select(func.count(Case.id)).where(
        Case.community == community,
        Case.user_id == user_id,
        Case.action == action,
        Case.created_at >= since,
        Case.dry_run.is_(False),
        Case.dismissed.is_(False),
    )
    if categories is not None:
        statement = statement.where(Case.category.in_(list(categories)))
    return int((await session.execute(statement)).scalar_one())


async def dismiss_case(
    session: AsyncSession, community: str, number: int, *, text: str, by: str | None, at: datetime
) -> CaseRecord:
    """Mark a case as a false positive: inactive, out of the ladders, logged."""
    statement = (
        update(Case)
        .where(Case.community == community, Case.number == number)
        .values(dismissed=True, active=False)
        .returning(Case)
    )
    row = (await session.scalars(statement)).one_or_none()
    if row is None:
        msg = f"no case #{number} in community {community!r}"
        raise StorageNotFound(msg)
    await insert_event(session, row.id, kind="dismissed", text=text, author=by, at=at)
    return to_case(row)


async def cases_between(
    session: AsyncSession,
    community: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[CaseRecord]:
    """Return cases created in a time range, oldest first."""
    statement = in_range(select(Case), Case, community, since, until)
    return [to_case(row) for row in await session.scalars(statement)]


async def active_cases(
    session: AsyncSession, community: str, user_id: str, action: str
) -> list[CaseRecord]:
    """Return a member's active cases of one sanction (the timeout or ban to lift)."""
    statement = (
        select(Case)
        .where(
            Case.community == community,
            Case.user_id == user_id,
            Case.action == action,
            Case.active.is_(True),
        )
        .order_by(Case.number)
    )
    return [to_case(row) for row in await session.scalars(statement)]


def in_range(
    statement: Select[Any],
    table: Any,
    community: str | None,
    since: datetime | None,
    until: datetime | None,
) -> Select[Any]:
    """Narrow a query to a community and a half-open time range, oldest first."""
    statement = statement.order_by(table.created_at, table.id)
    if community is not None:
        statement = statement.where(table.community == community)
    if since is not None:
        statement = statement.where(table.created_at >= since)
    if until is not None:
        statement = statement.where(table.created_at < until)
    return statement
