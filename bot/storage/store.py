"""Storage: the one object the rest of Vigie uses to read and write the database."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Collection, Sequence
from dataclasses import replace
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from alembic.util import CommandError
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage import cases, pending, retention, workflow
from bot.storage import evidence as ledger
from bot.storage.engine import (
    async_url,
    create_engine,
    current_revision,
    missing_sqlite_directory,
    upgrade_to_head,
)
from bot.storage.errors import DRIVER_ERRORS, StorageError, StorageUnavailable, translate
from bot.storage.models import Case, EvidenceHead, KeyValue, PendingActionRow
from bot.storage.records import (
    ActionStatus,
    CaseEvent,
    CaseRecord,
    ChainReport,
    EvidenceRecord,
    Incident,
    NewAction,
    NewCase,
    PendingAction,
)
from bot.storage.workflow import NewUserReport, ReportMessage, UserReport


class Storage:
    """Read and write cases, pending actions, evidence and small values."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        # SQLite has one writer anyway; queueing here beats spinning on its busy lock,
        # and an in-memory database has a single shared connection that must not interleave.
        self._sqlite_lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    @classmethod
    async def open(cls, url: str, *, migrate: bool = True, echo: bool = False) -> Self:
        """Connect to `url` (sqlite:///… or postgresql://…) and migrate it to head."""
        parsed = async_url(url)
        missing = missing_sqlite_directory(parsed)
        if missing is not None:
            # Said up front: clearer than SQLite's "unable to open database file".
            msg = f"cannot open the SQLite database: directory {missing} does not exist"
            raise StorageUnavailable(msg)
        engine = create_engine(parsed, echo=echo)
        try:
            if migrate:
                async with engine.begin() as connection:
                    await connection.run_sync(upgrade_to_head)
        except DRIVER_ERRORS as err:
            await engine.dispose()
            raise translate(err) from err
        except CommandError as err:
            await engine.dispose()
            msg = f"cannot migrate the database (is it newer than this Vigie?): {err}"
            raise StorageError(msg) from err
        return cls(engine)

    async def close(self) -> None:
        """Close every pooled connection."""
        await self._engine.dispose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def dialect(self) -> str:
        """Name the database backend: 'sqlite' or 'postgresql'."""
        return self._engine.dialect.name

    @contextlib.asynccontextmanager
    async def _transaction(self, *, snapshot: bool = False) -> AsyncIterator[AsyncSession]:
        lock = self._sqlite_lock or contextlib.nullcontext()
        async with lock:
            try:
                async with self._sessions() as session, session.begin():
                    if snapshot and self.dialect == "postgresql":
                        # One consistent view for multi-query reads such as verification.
                        options = {"isolation_level": "REPEATABLE READ"}
                        await session.connection(execution_options=options)
                    yield session
            except DRIVER_ERRORS as err:
                raise translate(err) from err

    async def schema_revision(self) -> str | None:
        """Return the Alembic revision the database is at."""
        async with self._transaction() as session:
            connection = await session.connection()
            return await connection.run_sync(current_revision)

    # Cases

    async def record_incident(
        self, case: NewCase, evidence: dict[str, Any] | None, actions: Sequence[NewAction]
    ) -> Incident:
        """Write a case, its evidence and its pending actions in one transaction."""
        async with self._transaction() as session:
            row = await cases.insert_case(session, case)
            record = cases.to_case(row)
            seq = None
            if evidence is not None:
                link = await ledger.append(
                    session, case.community, row.id, evidence, case.created_at
                )
                seq = link.seq
            ids = await pending.insert_actions(
                session, case.community, row.id, actions, case.created_at
            )
        return Incident(case=record, action_ids=ids, evidence_seq=seq)

    async def create_case(self, case: NewCase) -> CaseRecord:
        """Write a case with the community's next number."""
        async with self._transaction() as session:
            return cases.to_case(await cases.insert_case(session, case))

    async def get_case(self, community: str, number: int) -> CaseRecord | None:
        """Return case `number` of the community, or None."""
        async with self._transaction() as session:
            row = await cases.find_case(session, community, number)
            return None if row is None else cases.to_case(row)

    async def get_case_by_id(self, case_id: int) -> CaseRecord | None:
        """Return the case with this database id, or None."""
        async with self._transaction() as session:
            row = await session.get(Case, case_id)
            return None if row is None else cases.to_case(row)

    async def list_cases(
        self,
        community: str,
        user_id: str | None = None,
        limit: int = 50,
        since: datetime | None = None,
    ) -> list[CaseRecord]:
        """Return the community's cases, newest first, optionally for one user."""
        async with self._transaction() as session:
            return await cases.list_cases(session, community, user_id, limit, since)

    async def count_cases(
        self,
        community: str,
        user_id: str,
        action: str | None = None,
        since: datetime | None = None,
        rule: str | None = None,
        *,
        dry_run: bool | None = None,
    ) -> int:
        """Count a user's cases, optionally by action, start time, rule and dry-run flag."""
        async with self._transaction() as session:
            return await cases.count_cases(
                session, community, user_id, action=action, since=since, rule=rule, dry_run=dry_run
            )

    async def add_case_event(
        self,
        community: str,
        number: int,
        kind: str,
        text: str,
        author: str | None = None,
        *,
        at: datetime,
    ) -> CaseEvent:
        """Append an entry to a case's history; raise StorageNotFound for an unknown case."""
        async with self._transaction() as session:
            row = await cases.require_case(session, community, number)
            return await cases.insert_event(
                session, row.id, kind=kind, text=text, author=author, at=at
            )

    async def case_events(self, community: str, number: int) -> list[CaseEvent]:
        """Return a case's history, oldest first; raise StorageNotFound for an unknown case."""
        async with self._transaction() as session:
            row = await cases.require_case(session, community, number)
            return await cases.events_of(session, row.id)

    async def set_reason(
        self, community: str, number: int, reason: str, author: str | None, at: datetime
    ) -> CaseRecord:
        """Replace a case's reason and log the change as a 'reason' event."""
        async with self._transaction() as session:
            record = await cases.update_reason(session, community, number, reason)
            await cases.insert_event(
                session, record.id, kind="reason", text=reason, author=author, at=at
            )
            return record

    async def expiring(self, before: datetime) -> list[CaseRecord]:
        """Return active cases, all communities, whose expiry is at or before `before`."""
        async with self._transaction() as session:
            return await cases.expiring(session, before)

    async def deactivate(
        self,
        case_id: int,
        at: datetime,
        kind: str = "expired",
        text: str = "",
        author: str | None = None,
    ) -> bool:
        """End a case's sanction and log it; return False if it was already inactive."""
        async with self._transaction() as session:
            changed = await cases.deactivate(session, case_id)
            if changed:
                await cases.insert_event(
                    session, case_id, kind=kind, text=text, author=author, at=at
                )
            return changed

    # Pending actions

    async def add_actions(
        self,
        community: str,
        case_id: int | None,
        actions: Sequence[NewAction],
        *,
        at: datetime | None = None,
    ) -> list[int]:
        """Queue platform actions; `at` defaults to each action's first attempt time."""
        async with self._transaction() as session:
            return await pending.insert_actions(session, community, case_id, actions, at)

    async def due_actions(self, now: datetime, limit: int = 100) -> list[PendingAction]:
        """Return pending actions due at `now`, oldest first."""
        async with self._transaction() as session:
            return await pending.due(session, now, limit)

    async def mark_done(self, action_id: int, at: datetime) -> PendingAction:
        """Record that an action succeeded."""
        async with self._transaction() as session:
            return await pending.change(session, action_id, status="done", updated_at=at)

    async def mark_retry(
        self, action_id: int, error: str, next_attempt_at: datetime, at: datetime
    ) -> PendingAction:
        """Record a failed attempt and when to try again."""
        async with self._transaction() as session:
            return await pending.change(
                session,
                action_id,
                attempts=PendingActionRow.attempts + 1,
                last_error=error,
                next_attempt_at=next_attempt_at,
                updated_at=at,
            )

    async def give_up(self, action_id: int, reason: str, at: datetime) -> PendingAction:
        """Stop retrying an action and keep the reason."""
        async with self._transaction() as session:
            return await pending.change(
                session, action_id, status="given_up", last_error=reason, updated_at=at
            )

    async def pending_actions(
        self, community: str | None = None, status: ActionStatus | None = "pending"
    ) -> list[PendingAction]:
        """Return actions by community and status (None for any), in creation order."""
        async with self._transaction() as session:
            return await pending.listing(session, community, status)

    # Evidence

    async def append_evidence(
        self, community: str, case_id: int | None, payload: dict[str, Any], at: datetime
    ) -> EvidenceRecord:
        """Add a record to the evidence chain."""
        async with self._transaction() as session:
            return await ledger.append(session, community, case_id, payload, at)

    async def evidence(
        self, community: str | None = None, case_id: int | None = None
    ) -> list[EvidenceRecord]:
        """Return evidence records, optionally for one community or case, in chain order."""
        async with self._transaction() as session:
            return await ledger.listing(session, community, case_id)

    async def verify_evidence(self) -> ChainReport:
        """Recompute the whole chain and report the first record that does not verify."""
        async with self._transaction(snapshot=True) as session:
            return await ledger.verify(session)

    async def purge_evidence(
        self,
        before: datetime,
        *,
        at: datetime,
        community: str | None = None,
        categories: Collection[str] | None = None,
    ) -> int:
        """Redact payloads older than `before`, keep the chain verifiable, return the count.

        `categories` limits the purge to evidence tied to cases of those categories.
        Each affected community gets a purge marker record appended to the chain.
        """
        async with self._transaction() as session:
            return await ledger.purge(session, before, at, community, categories)

    async def chain_head(self) -> tuple[int, str]:
        """Return the last sequence number and hash, to anchor the chain elsewhere."""
        async with self._transaction() as session:
            head = (await session.scalars(select(EvidenceHead))).one()
            return head.seq, head.hash

    # Small values

    async def get_value(self, key: str) -> str | None:
        """Return the value stored under `key`, or None."""
        async with self._transaction() as session:
            row = await session.get(KeyValue, key)
            return None if row is None else row.value

    async def set_value(self, key: str, value: str, at: datetime) -> None:
        """Store `value` under `key`, replacing any previous value."""
        insert = pg_insert if self.dialect == "postgresql" else sqlite_insert
        statement = insert(KeyValue).values(key=key, value=value, updated_at=at)
        statement = statement.on_conflict_do_update(
            index_elements=[KeyValue.key],
            set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
        )
        async with self._transaction() as session:
            await session.execute(statement)

    # Moderator workflow: report messages, user reports, ladders, dismissals, retention

    async def record_report_message(
        self,
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
        """Remember a report posted in the mod channel, so quick actions find its cases."""
        async with self._transaction() as session:
            return await workflow.insert_report_message(
                session,
                community=community,
                channel=channel,
                message_id=message_id,
                member_id=member_id,
                case_id=case_id,
                user_report_id=user_report_id,
                severity=severity,
                card=card,
                at=at,
            )

    async def report_message(self, community: str, message_id: str) -> ReportMessage | None:
        """Return the report posted as this message, if any."""
        async with self._transaction() as session:
            return await workflow.find_report_message(session, community, message_id)

    async def open_report(
        self, community: str, member_id: str, since: datetime
    ) -> ReportMessage | None:
        """Return the member's newest open incident report opened since a time."""
        async with self._transaction() as session:
            return await workflow.open_report_for(session, community, member_id, since)

    async def attach_to_report(
        self, report_id: int, case_id: int, card: dict[str, Any], at: datetime
    ) -> ReportMessage:
        """Group a case into an existing report and store its new card."""
        async with self._transaction() as session:
            return await workflow.attach_case(session, report_id, case_id, card, at)

    async def update_report(
        self,
        report_id: int,
        *,
        card: dict[str, Any],
        at: datetime,
        status: workflow.ReportStatus | None = None,
    ) -> ReportMessage:
        """Replace a report's card and optionally its status."""
        async with self._transaction() as session:
            return await workflow.update_report(session, report_id, card=card, at=at, status=status)

    async def report_cases(self, report_id: int) -> list[CaseRecord]:
        """Return the cases a report stands for, oldest first."""
        async with self._transaction() as session:
            return await workflow.cases_of_report(session, report_id)

    async def file_user_report(
        self, new: NewUserReport, evidence: dict[str, Any] | None
    ) -> UserReport:
        """Store a user report and, in the same transaction, its evidence record."""
        async with self._transaction() as session:
            report = await workflow.insert_user_report(session, new)
            if evidence is None:
                return report
            link = await ledger.append(session, new.community, None, evidence, new.created_at)
            await workflow.set_user_report_evidence(session, report.id, link.seq)
            return replace(report, evidence_seq=link.seq)

    async def user_report(self, report_id: int) -> UserReport | None:
        """Return a user report by database id."""
        async with self._transaction() as session:
            return await workflow.get_user_report(session, report_id)

    async def open_user_reports(
        self, community: str, reported_user_id: str | None = None
    ) -> list[UserReport]:
        """Return open user reports, optionally about one member."""
        async with self._transaction() as session:
            return await workflow.open_user_reports(session, community, reported_user_id)

    async def decide_user_report(
        self,
        report_id: int,
        *,
        status: workflow.ReportStatus,
        decision: str,
        by: str | None,
        at: datetime,
        case_id: int | None = None,
    ) -> UserReport | None:
        """Record the decision on an open user report; None if it was already decided."""
        async with self._transaction() as session:
            return await workflow.decide_user_report(
                session, report_id, status=status, decision=decision, by=by, at=at, case_id=case_id
            )

    async def user_reports_between(
        self,
        community: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[UserReport]:
        """Return user reports filed in a time range, oldest first."""
        async with self._transaction() as session:
            return await workflow.user_reports_between(session, community, since, until)

    async def count_sanctions(
        self,
        community: str,
        user_id: str,
        action: str,
        since: datetime,
        categories: Collection[str] | None = None,
    ) -> int:
        """Count a member's live (not dry-run, not dismissed) cases of a sanction since a time."""
        async with self._transaction() as session:
            return await workflow.count_sanctions(
                session, community, user_id, action, since=since, categories=categories
            )

    async def dismiss_case(
        self, community: str, number: int, *, text: str, by: str | None, at: datetime
    ) -> CaseRecord:
        """Mark a case as a false positive and log it; raise StorageNotFound if unknown."""
        async with self._transaction() as session:
            return await workflow.dismiss_case(session, community, number, text=text, by=by, at=at)

    async def cases_between(
        self,
        community: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[CaseRecord]:
        """Return cases created in a time range, oldest first."""
        async with self._transaction() as session:
            return await workflow.cases_between(session, community, since, until)

    async def active_cases(self, community: str, user_id: str, action: str) -> list[CaseRecord]:
        """Return a member's active cases of one sanction."""
        async with self._transaction() as session:
            return await workflow.active_cases(session, community, user_id, action)

    async def evidence_due(
        self,
        community: str,
        before: datetime,
        categories: Collection[str] | None,
        exclude: Collection[str] = (),
    ) -> list[int]:
        """Return the evidence records older than `before` of these categories (None: others)."""
        async with self._transaction() as session:
            return await retention.due_seqs(session, community, before, categories, exclude)

    async def purge_by_category(
        self,
        community: str,
        before: datetime,
        categories: Collection[str] | None,
        *,
        exclude: Collection[str] = (),
        label: str,
        at: datetime,
    ) -> int:
        """Redact old evidence of these categories (None: all but `exclude`); keep the chain."""
        async with self._transaction() as session:
            seqs = await retention.due_seqs(session, community, before, categories, exclude)
            return await retention.redact(
                session, community, seqs, before=before, label=label, at=at
            )
