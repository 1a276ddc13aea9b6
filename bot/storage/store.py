"""Storage: the one object the rest of Vigie uses to read and write the database."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Collection, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from alembic.util import CommandError
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage import cases, pending
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
