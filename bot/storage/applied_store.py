"""Write a journal entry's case, evidence, actions and notes once, however often replayed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.storage import cases
from bot.storage.case_store import insert_incident
from bot.storage.database import Database
from bot.storage.errors import StorageNotFound
from bot.storage.models import Case, JournalApplied, PendingActionRow
from bot.storage.records import Applied, NewAction, NewCase


class AppliedStore(Database):
    """Apply journal entries to the database exactly once."""

    async def apply_entry(
        self,
        key: str,
        case: NewCase,
        evidence: dict[str, Any] | None,
        actions: Sequence[NewAction],
        notes: Sequence[tuple[str, str]] = (),
        *,
        at: datetime,
    ) -> Applied:
        """Write an entry's case, evidence link, actions and history notes in one transaction.

        An entry whose key was written before is not written again: the case it made is
        returned, with `fresh` False.
        """
        async with self._transaction() as session:
            done = await session.get(JournalApplied, key)
            if done is not None:
                return await _applied_before(session, done, actions)
            row, seq, ids = await insert_incident(session, case, evidence, actions)
            for kind, text in notes:
                await cases.insert_event(
                    session, row.id, kind=kind, text=text, author="vigie", at=case.created_at
                )
            session.add(JournalApplied(key=key, case_id=row.id, applied_at=at))
            await session.flush()
            waiting = {
                a.dedupe_key: i
                for a, i in zip(actions, ids, strict=True)
                if a.status == "pending" and a.dedupe_key is not None
            }
            return Applied(case=cases.to_case(row), pending=waiting, evidence_seq=seq)


async def _applied_before(
    session: Any, done: JournalApplied, actions: Sequence[NewAction]
) -> Applied:
    """Return what an entry written before left: its case and its actions still pending."""
    row = None if done.case_id is None else await session.get(Case, done.case_id)
    if row is None:
        msg = f"journal entry {done.key!r} was written but its case is gone"
        raise StorageNotFound(msg)
    keys = [a.dedupe_key for a in actions if a.dedupe_key is not None]
    statement = select(PendingActionRow).where(
        PendingActionRow.dedupe_key.in_(keys), PendingActionRow.status == "pending"
    )
    waiting = {r.dedupe_key: r.id for r in await session.scalars(statement) if r.dedupe_key}
    return Applied(case=cases.to_case(row), pending=waiting, fresh=False)
