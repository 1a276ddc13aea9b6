"""Moderator-workflow queries: report messages and user reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.case_queries import in_range
from bot.storage.cases import next_number, to_case
from bot.storage.errors import StorageNotFound
from bot.storage.models import Case, ReportCaseRow, ReportMessageRow, UserReportRow, as_utc
from bot.storage.records import CaseRecord

ReportStatus = Literal["open", "actioned", "dismissed"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportMessage:
    """Hold a report posted in the mod channel and what it stands for."""

    id: int
    community: str
    channel: str
    message_id: str
    member_id: str | None
    case_id: int | None
    user_report_id: int | None
    severity: int
    count: int
    status: ReportStatus
    card: dict[str, Any]
    opened_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class NewUserReport:
    """Describe a member's report of a message; the number is allocated by storage."""

    community: str
    room: str
    reason: str
    created_at: datetime
    reporter_id: str | None = None
    anonymous: bool = False
    message_id: str | None = None
    reported_user_id: str | None = None
    category: str | None = None
    excerpt: str | None = None
    link: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UserReport:
    """Hold a stored user report and its decision."""

    id: int
    community: str
    number: int
    reporter_id: str | None
    anonymous: bool
    room: str
    message_id: str | None
    reported_user_id: str | None
    reason: str
    category: str | None
    excerpt: str | None
    link: str | None
    created_at: datetime
    status: ReportStatus
    decision: str | None
    decided_at: datetime | None
    decided_by: str | None
    case_id: int | None
    evidence_seq: int | None


def to_report_message(row: ReportMessageRow) -> ReportMessage:
    """Copy a report-message row into its record."""
    return ReportMessage(
        id=row.id,
        community=row.community,
        channel=row.channel,
        message_id=row.message_id,
        member_id=row.member_id,
        case_id=row.case_id,
        user_report_id=row.user_report_id,
        severity=row.severity,
        count=row.count,
        status=cast(ReportStatus, row.status),
        card=dict(row.card),
        opened_at=as_utc(row.opened_at),
        updated_at=as_utc(row.updated_at),
    )


def to_user_report(row: UserReportRow) -> UserReport:
    """Copy a user-report row into its record."""
    return UserReport(
        id=row.id,
        community=row.community,
        number=row.number,
        reporter_id=row.reporter_id,
        anonymous=row.anonymous,
        room=row.room,
        message_id=row.message_id,
        reported_user_id=row.reported_user_id,
        reason=row.reason,
        category=row.category,
        excerpt=row.excerpt,
        link=row.link,
        created_at=as_utc(row.created_at),
        status=cast(ReportStatus, row.status),
        decision=row.decision,
        decided_at=as_utc(row.decided_at),
        decided_by=row.decided_by,
        case_id=row.case_id,
        evidence_seq=row.evidence_seq,
    )


# Report messages


async def insert_report_message(
    session: AsyncSession,
    *,
    community: str,
    channel: str,
    message_id: str,
    member_id: str | None,
    case_id: int | None,
    user_report_id: int | None,
    severity: int,
    card: dict[str, Any],
    at: datetime,
) -> ReportMessage:
    """Remember a posted report and link it to its first case."""
    row = ReportMessageRow(
        community=community,
        channel=channel,
        message_id=message_id,
        member_id=member_id,
        case_id=case_id,
        user_report_id=user_report_id,
        severity=severity,
        count=1,
        status="open",
        card=card,
        opened_at=at,
        updated_at=at,
    )
    session.add(row)
    await session.flush()
    if case_id is not None:
        session.add(ReportCaseRow(report_id=row.id, case_id=case_id))
        await session.flush()
    return to_report_message(row)


async def find_report_message(
    session: AsyncSession, community: str, message_id: str
) -> ReportMessage | None:
    """Return the report posted as this message, if any."""
    statement = select(ReportMessageRow).where(
        ReportMessageRow.community == community, ReportMessageRow.message_id == message_id
    )
    row = (await session.scalars(statement)).one_or_none()
    return None if row is None else to_report_message(row)


async def open_report_for(
    session: AsyncSession, community: str, member_id: str, since: datetime
) -> ReportMessage | None:
    """Return the member's newest open report opened at or after `since`."""
    statement = (
        select(ReportMessageRow)
        .where(
            ReportMessageRow.community == community,
            ReportMessageRow.member_id == member_id,
            ReportMessageRow.status == "open",
            ReportMessageRow.user_report_id.is_(None),
            ReportMessageRow.opened_at >= since,
        )
        .order_by(ReportMessageRow.opened_at.desc(), ReportMessageRow.id.desc())
        .limit(1)
    )
    row = (await session.scalars(statement)).one_or_none()
    return None if row is None else to_report_message(row)


async def attach_case(
    session: AsyncSession, report_id: int, case_id: int, card: dict[str, Any], at: datetime
) -> ReportMessage:
    """Add a case to a grouped report and store its new card."""
    session.add(ReportCaseRow(report_id=report_id, case_id=case_id))
    row = await _report_row(session, report_id)
    row.count += 1
    row.card = card
    row.updated_at = at
    await session.flush()
    return to_report_message(row)


async def update_report(
    session: AsyncSession,
    report_id: int,
    *,
    card: dict[str, Any],
    at: datetime,
    status: ReportStatus | None = None,
) -> ReportMessage:
    """Replace a report's card, and its status when given."""
    row = await _report_row(session, report_id)
    row.card = card
    row.updated_at = at
    if status is not None:
        row.status = status
    await session.flush()
    return to_report_message(row)


async def _report_row(session: AsyncSession, report_id: int) -> ReportMessageRow:
    row = await session.get(ReportMessageRow, report_id)
    if row is None:
        msg = f"no report message with id {report_id}"
        raise StorageNotFound(msg)
    return row


async def cases_of_report(session: AsyncSession, report_id: int) -> list[CaseRecord]:
    """Return the cases a report stands for, oldest first."""
    statement = (
        select(Case)
        .join(ReportCaseRow, ReportCaseRow.case_id == Case.id)
        .where(ReportCaseRow.report_id == report_id)
        .order_by(Case.number)
    )
    return [to_case(row) for row in await session.scalars(statement)]


# User reports


async def insert_user_report(session: AsyncSession, new: NewUserReport) -> UserReport:
    """Store a user report with the community's next report number."""
    # Report numbers use their own counter, beside the case counter of the same community.
    number = await next_number(session, f"{new.community}\x1fuser-reports")
    row = UserReportRow(
        community=new.community,
        number=number,
        reporter_id=None if new.anonymous else new.reporter_id,
        anonymous=new.anonymous,
        room=new.room,
        message_id=new.message_id,
        reported_user_id=new.reported_user_id,
        reason=new.reason,
        category=new.category,
        excerpt=new.excerpt,
        link=new.link,
        created_at=new.created_at,
        status="open",
    )
    session.add(row)
    await session.flush()
    return to_user_report(row)


async def set_user_report_evidence(session: AsyncSession, report_id: int, seq: int) -> None:
    """Remember which evidence record holds the reported message."""
    await session.execute(
        update(UserReportRow).where(UserReportRow.id == report_id).values(evidence_seq=seq)
    )


async def get_user_report(session: AsyncSession, report_id: int) -> UserReport | None:
    """Return a user report by database id."""
    row = await session.get(UserReportRow, report_id)
    return None if row is None else to_user_report(row)


async def open_user_reports(
    session: AsyncSession, community: str, reported_user_id: str | None = None
) -> list[UserReport]:
    """Return the open user reports of a community, optionally about one member."""
    statement = select(UserReportRow).where(
        UserReportRow.community == community, UserReportRow.status == "open"
    )
    if reported_user_id is not None:
        statement = statement.where(UserReportRow.reported_user_id == reported_user_id)
    statement = statement.order_by(UserReportRow.number)
    return [to_user_report(row) for row in await session.scalars(statement)]


async def decide_user_report(
    session: AsyncSession,
    report_id: int,
    *,
    status: ReportStatus,
    decision: str,
    by: str | None,
    at: datetime,
    case_id: int | None = None,
) -> UserReport | None:
    """Record the decision on an open report; None if it was already decided."""
    statement = (
        update(UserReportRow)
        .where(UserReportRow.id == report_id, UserReportRow.status == "open")
        .values(status=status, decision=decision, decided_by=by, decided_at=at, case_id=case_id)
        .returning(UserReportRow)
    )
    row = (await session.scalars(statement)).one_or_none()
    return None if row is None else to_user_report(row)


async def user_reports_between(
    session: AsyncSession,
    community: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[UserReport]:
    """Return user reports filed in a time range, oldest first."""
    statement = in_range(select(UserReportRow), UserReportRow, community, since, until)
    return [to_user_report(row) for row in await session.scalars(statement)]
