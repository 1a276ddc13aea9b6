"""Retention per category: find and redact old evidence, keeping the chain verifiable.

A record's category is its case's, or for a user report (no case yet) the report's. Purged
payloads become the redaction stub of bot.storage.chain, so every link still verifies; one
purge marker per community is appended to the chain saying what was redacted and why.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.chain import format_at, purge_stub
from bot.storage.evidence import append, lock_head
from bot.storage.models import Case, EvidenceRow, UserReportRow

DEFAULT = "default"


def _category() -> ColumnElement[str | None]:
    return func.coalesce(Case.category, UserReportRow.category)


def _selection(
    community: str,
    before: datetime,
    categories: Collection[str] | None,
    exclude: Collection[str],
) -> ColumnElement[bool]:
    """Build the filter: old, not purged, and of these categories (or, for None, the rest)."""
    category = _category()
    tied = or_(Case.id.is_not(None), UserReportRow.id.is_not(None))
    if categories is not None:
        chosen: ColumnElement[bool] = category.in_(list(categories))
    else:
        chosen = or_(category.is_(None), category.not_in(list(exclude)))
    return and_(
        EvidenceRow.community == community,
        EvidenceRow.at < before,
        EvidenceRow.purged_at.is_(None),
        tied,
        chosen,
    )


def _seqs_query(condition: ColumnElement[bool]) -> Select[tuple[int]]:
    return (
        select(EvidenceRow.seq)
        .outerjoin(Case, Case.id == EvidenceRow.case_id)
        .outerjoin(
            UserReportRow,
            and_(EvidenceRow.case_id.is_(None), UserReportRow.evidence_seq == EvidenceRow.seq),
        )
        .where(condition)
        .order_by(EvidenceRow.seq)
    )


async def due_seqs(
    session: AsyncSession,
    community: str,
    before: datetime,
    categories: Collection[str] | None,
    exclude: Collection[str] = (),
) -> list[int]:
    """Return the sequence numbers a purge would redact."""
    statement = _seqs_query(_selection(community, before, categories, exclude))
    return list(await session.scalars(statement))


async def redact(
    session: AsyncSession,
    community: str,
    seqs: list[int],
    *,
    before: datetime,
    label: str,
    at: datetime,
) -> int:
    """Replace these payloads by their stubs and append one purge marker; return the count."""
    if not seqs:
        return 0
    await lock_head(session)
    for start in range(0, len(seqs), 500):
        chunk = seqs[start : start + 500]
        rows = await session.scalars(select(EvidenceRow).where(EvidenceRow.seq.in_(chunk)))
        for row in rows:
            if row.purged_at is None:
                row.payload = purge_stub(row.payload)
                row.purged_at = at
        await session.flush()
    marker = {
        "type": "purge",
        "before": format_at(before),
        "categories": label,
        "count": len(seqs),
        "seq_ranges": list(_ranges(seqs)),
    }
    await append(session, community, None, marker, at)
    return len(seqs)


def _ranges(seqs: list[int]) -> Iterator[list[int]]:
    start = previous = seqs[0]
    for seq in seqs[1:]:
        if seq != previous + 1:
            yield [start, previous]
            start = seq
        previous = seq
    yield [start, previous]
