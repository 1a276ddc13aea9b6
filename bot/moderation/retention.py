"""Evidence retention: verify the chain, purge by category as the config says.

`retention` in a community maps categories (and `default`) to how long evidence is kept.
Urgent categories (child safety, luring) are never purged by `default`: only an explicit entry
purges them. Purging replaces payloads by their digest, so `vigie evidence verify` still passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.categories import URGENT_CATEGORIES

if TYPE_CHECKING:
    from bot.config import Config
    from bot.storage import ChainReport, Storage


@dataclass(frozen=True, slots=True)
class Purged:
    """Say how many records of a community and category were (or would be) redacted."""

    community: str
    category: str
    before: datetime
    count: int


async def verify(storage: Storage) -> tuple[ChainReport, tuple[int, str]]:
    """Recompute the whole chain; return the report and the chain head."""
    return await storage.verify_evidence(), await storage.chain_head()


async def purge(
    config: Config, storage: Storage, now: datetime, *, dry_run: bool = False
) -> list[Purged]:
    """Redact the evidence older than each category's retention, community by community."""
    done: list[Purged] = []
    for name, community in config.communities.items():
        retention = {str(k): v for k, v in community.retention.items()}
        explicit = {k: v for k, v in retention.items() if k != "default"}
        for category, keep in sorted(explicit.items()):
            before = now - keep
            if dry_run:
                count = len(await storage.evidence_due(name, before, [category]))
            else:
                count = await storage.purge_by_category(
                    name, before, [category], label=category, at=now
                )
            done.append(Purged(name, category, before, count))
        if "default" in retention:
            before = now - retention["default"]
            # Urgent categories are kept unless the config names them explicitly.
            exclude = set(explicit) | {str(c) for c in URGENT_CATEGORIES}
            if dry_run:
                count = len(await storage.evidence_due(name, before, None, exclude))
            else:
                count = await storage.purge_by_category(
                    name, before, None, exclude=exclude, label="default", at=now
                )
            done.append(Purged(name, "default", before, count))
    return done
