"""Store and read cases and their history, and record whole incidents at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import cases, pending
from bot.storage import evidence as ledger
from bot.storage.database import Database
from bot.storage.models import Case
from bot.storage.records import CaseEvent, CaseRecord, Incident, NewAction, NewCase


class CaseStore(Database):
    """Read and write cases and their events."""

    async def record_incident(
        self, case: NewCase, evidence: dict[str, Any] | None, actions: Sequence[NewAction]
    ) -> Incident:
        """Write a case, its evidence and its pending actions in one transaction."""
        async with self._transaction() as session:
            row, seq, ids = await insert_incident(session, case, evidence, actions)
            record = cases.to_case(row)
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


async def insert_incident(
    session: AsyncSession,
    case: NewCase,
    evidence: dict[str, Any] | None,
    actions: Sequence[NewAction],
) -> tuple[Case, int | None, list[int]]:
    """Insert a case, its evidence link and its actions; return the row, link seq and ids."""
    row = await cases.insert_case(session, case)
    seq = None
    if evidence is not None:
        link = await ledger.append(session, case.community, row.id, evidence, case.created_at)
        seq = link.seq
    ids = await pending.insert_actions(session, case.community, row.id, actions, case.created_at)
    return row, seq, ids
