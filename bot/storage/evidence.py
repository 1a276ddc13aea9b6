"""Evidence chain queries: append under the head lock, list, verify, purge."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.chain import (
    ChainVerifier,
    Link,
    canonical_json,
    format_at,
    link_hash,
    purge_stub,
    sha256_hex,
)
from bot.storage.models import Case, EvidenceHead, EvidenceRow, as_utc
from bot.storage.records import ChainReport, EvidenceRecord

_BATCH = 500


def to_evidence(row: EvidenceRow) -> EvidenceRecord:
    """Copy an evidence row into its frozen record, decoding the payload."""
    return EvidenceRecord(
        seq=row.seq,
        community=row.community,
        case_id=row.case_id,
        at=as_utc(row.at),
        payload=json.loads(row.payload),
        prev_hash=row.prev_hash,
        hash=row.hash,
        purged_at=as_utc(row.purged_at),
    )


async def lock_head(session: AsyncSession) -> EvidenceHead:
    """Lock and return the chain head; SQLite's write lock already serialises."""
    statement = select(EvidenceHead).where(EvidenceHead.id == 1).with_for_update()
    return (await session.scalars(statement)).one()


async def append(
    session: AsyncSession,
    community: str,
    case_id: int | None,
    payload: dict[str, Any],
    at: datetime,
) -> EvidenceRecord:
    """Add a link to the chain and move the head to it."""
    text = canonical_json(payload)
    head = await lock_head(session)
    seq = head.seq + 1
    digest = sha256_hex(text)
    row = EvidenceRow(
        seq=seq,
        community=community,
        case_id=case_id,
        at=at,
        payload=text,
        prev_hash=head.hash,
        hash=link_hash(
            head.hash, seq=seq, community=community, case_id=case_id, at=at, payload_sha=digest
        ),
        purged_at=None,
    )
    session.add(row)
    head.seq, head.hash = seq, row.hash
    await session.flush()
    return to_evidence(row)


async def listing(
    session: AsyncSession, community: str | None, case_id: int | None
) -> list[EvidenceRecord]:
    """Return links filtered by community and case, in chain order."""
    statement = select(EvidenceRow).order_by(EvidenceRow.seq)
    if community is not None:
        statement = statement.where(EvidenceRow.community == community)
    if case_id is not None:
        statement = statement.where(EvidenceRow.case_id == case_id)
    return [to_evidence(row) for row in await session.scalars(statement)]


async def verify(session: AsyncSession) -> ChainReport:
    """Recompute every link in seq order and compare the end with the head."""
    head = (await session.scalars(select(EvidenceHead).where(EvidenceHead.id == 1))).one_or_none()
    if head is None:
        return ChainReport(ok=False, count=0, reason="the chain head row is missing")
    head_seq, head_hash = head.seq, head.hash
    verifier = ChainVerifier()
    after = 0
    while verifier.ok:
        # Pages by seq keep memory flat however long the chain grows.
        statement = (
            select(EvidenceRow).where(EvidenceRow.seq > after).order_by(EvidenceRow.seq)
        ).limit(_BATCH)
        rows = list(await session.scalars(statement))
        for row in rows:
            link = Link(
                seq=row.seq,
                community=row.community,
                case_id=row.case_id,
                at=row.at,
                payload=row.payload,
                prev_hash=row.prev_hash,
                hash=row.hash,
                purged=row.purged_at is not None,
            )
            if not verifier.feed(link):
                break
        if len(rows) < _BATCH:
            break
        after = rows[-1].seq
        session.expunge_all()
    return verifier.finish(head_seq, head_hash)


async def purge(
    session: AsyncSession,
    before: datetime,
    at: datetime,
    community: str | None,
    categories: Collection[str] | None,
) -> int:
    """Redact payloads older than `before`, keep their hashes, log one marker per community."""
    statement = select(EvidenceRow).where(EvidenceRow.at < before, EvidenceRow.purged_at.is_(None))
    if community is not None:
        statement = statement.where(EvidenceRow.community == community)
    if categories is not None:
        # Only links tied to a case carry a category; the others stay untouched.
        statement = statement.join(Case, Case.id == EvidenceRow.case_id).where(
            Case.category.in_(list(categories))
        )
    await lock_head(session)
    purged: dict[str, list[int]] = {}
    after = 0
    while True:
        page = statement.where(EvidenceRow.seq > after).order_by(EvidenceRow.seq).limit(_BATCH)
        rows = list(await session.scalars(page))
        for row in rows:
            row.payload = purge_stub(row.payload)
            row.purged_at = at
            purged.setdefault(row.community, []).append(row.seq)
        await session.flush()
        if len(rows) < _BATCH:
            break
        after = rows[-1].seq
    for name, seqs in purged.items():
        marker = {
            "type": "purge",
            "before": format_at(before),
            "categories": sorted(categories) if categories is not None else None,
            "count": len(seqs),
            "seq_ranges": list(_ranges(seqs)),
        }
        await append(session, name, None, marker, at)
    return sum(len(seqs) for seqs in purged.values())


def _ranges(seqs: list[int]) -> Iterator[list[int]]:
    start = previous = seqs[0]
    for seq in seqs[1:]:
        if seq != previous + 1:
            yield [start, previous]
            start = seq
        previous = seq
    yield [start, previous]
