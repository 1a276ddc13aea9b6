"""SQLAlchemy tables; the schema itself is created by the Alembic migrations."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar, overload

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints keep future Alembic migrations (and SQLite batch mode) deterministic.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as UTC and always hand back aware UTC datetimes."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Reject naive datetimes and normalise to UTC (naive UTC on SQLite)."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            msg = f"naive datetime {value!r}: storage needs timezone-aware datetimes"
            raise ValueError(msg)
        value = value.astimezone(UTC)
        # SQLite keeps no offset; all stored values are UTC so text order is time order.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Attach UTC to what SQLite returns and convert PostgreSQL values to UTC."""
        del dialect
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


@overload
def as_utc(value: datetime) -> datetime: ...
@overload
def as_utc(value: None) -> None: ...
def as_utc(value: datetime | None) -> datetime | None:
    """Return an aware datetime in UTC; rows keep the caller's zone until reloaded."""
    return None if value is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declare the shared metadata."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class Counter(Base):
    """Hold the last case number handed out per community."""

    __tablename__ = "counters"

    community: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class Case(Base):
    """Store a moderation case."""

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("community", "number", name="uq_cases_community_number"),
        CheckConstraint("kind IN ('auto', 'manual', 'platform')", name="kind"),
        Index("ix_cases_community_user_created", "community", "user_id", "created_at"),
        Index("ix_cases_active_expires", "active", "expires_at"),
    )

    # Display names, message ids and dedupe keys come from the platforms with no
    # length we can trust, so they are TEXT: a long name must not lose a case.
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    community: Mapped[str] = mapped_column(String(255))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(255))
    user_name: Mapped[str | None] = mapped_column(Text)
    moderator_id: Mapped[str | None] = mapped_column(String(255))
    reason: Mapped[str | None] = mapped_column(Text)
    rule: Mapped[str | None] = mapped_column(String(255))
    category: Mapped[str | None] = mapped_column(String(64))
    room: Mapped[str | None] = mapped_column(String(255))
    message_id: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(Boolean)
    dry_run: Mapped[bool] = mapped_column(Boolean)
    hidden: Mapped[bool] = mapped_column(Boolean)
    # 0002: a case dismissed as a false positive counts in no ladder.
    dismissed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class CaseEventRow(Base):
    """Store one entry of a case's history."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(32))
    author: Mapped[str | None] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)


class PendingActionRow(Base):
    """Store a platform action until it is done or given up."""

    __tablename__ = "pending_actions"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'done', 'given_up')", name="status"),
        Index("ix_pending_actions_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    community: Mapped[str] = mapped_column(String(255))
    case_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    dedupe_key: Mapped[str | None] = mapped_column(Text, unique=True)


class EvidenceRow(Base):
    """Store one link of the hash chain; `payload` is canonical JSON text."""

    __tablename__ = "evidence"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    community: Mapped[str] = mapped_column(String(255), index=True)
    case_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("cases.id", ondelete="RESTRICT"), index=True
    )
    at: Mapped[datetime] = mapped_column(index=True)
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    purged_at: Mapped[datetime | None]


class EvidenceHead(Base):
    """Hold the single chain head row that serialises appends."""

    __tablename__ = "evidence_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class KeyValue(Base):
    """Store small named values such as a sync token."""

    __tablename__ = "kv"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class UserReportRow(Base):
    """Store a member's report of a message (DSA Art. 16 notice)."""

    __tablename__ = "user_reports"
    __table_args__ = (
        UniqueConstraint("community", "number", name="uq_user_reports_community_number"),
        CheckConstraint("status IN ('open', 'actioned', 'dismissed')", name="status"),
        Index("ix_user_reports_community_reported", "community", "reported_user_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    community: Mapped[str] = mapped_column(String(255))
    number: Mapped[int] = mapped_column(Integer)
    reporter_id: Mapped[str | None] = mapped_column(String(255))
    anonymous: Mapped[bool] = mapped_column(Boolean)
    room: Mapped[str] = mapped_column(String(255))
    message_id: Mapped[str | None] = mapped_column(Text)
    reported_user_id: Mapped[str | None] = mapped_column(String(255))
    reason: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(64))
    excerpt: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(255))
    case_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("cases.id", ondelete="SET NULL"))
    evidence_seq: Mapped[int | None] = mapped_column(BigInteger)


class ReportMessageRow(Base):
    """Store a report posted in the mod channel, so its quick actions survive a restart."""

    __tablename__ = "report_messages"
    __table_args__ = (
        UniqueConstraint("community", "message_id", name="uq_report_messages_community"),
        CheckConstraint("status IN ('open', 'actioned', 'dismissed')", name="status"),
        Index("ix_report_messages_member_opened", "community", "member_id", "opened_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    community: Mapped[str] = mapped_column(String(255))
    channel: Mapped[str] = mapped_column(String(255))
    message_id: Mapped[str] = mapped_column(Text)
    member_id: Mapped[str | None] = mapped_column(String(255))
    case_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("cases.id", ondelete="SET NULL"))
    user_report_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("user_reports.id", ondelete="SET NULL")
    )
    severity: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    card: Mapped[dict[str, Any]] = mapped_column(JSON)
    opened_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ReportCaseRow(Base):
    """Link a report message to every case it stands for (grouped floods)."""

    __tablename__ = "report_cases"

    report_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("report_messages.id", ondelete="CASCADE"), primary_key=True
    )
    case_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class JournalApplied(Base):
    """Remember each journal entry written to the database, so a replay writes it once."""

    __tablename__ = "journal_applied"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("cases.id", ondelete="SET NULL"))
    applied_at: Mapped[datetime]
