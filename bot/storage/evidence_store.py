"""Append to, read, verify and purge the evidence chain, by age and by category."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.storage import evidence as ledger
from bot.storage import retention
from bot.storage.database import Database
from bot.storage.models import EvidenceHead
from bot.storage.records import ChainReport, EvidenceRecord


class EvidenceStore(Database):
    """Read and write the evidence chain and apply retention to it."""

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
