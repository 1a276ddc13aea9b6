"""Escalation ladders: harsher sanctions from the case history kept in the database.

A ladder such as `{count: warn, after: 3, within: 7d, then: timeout 1d}` turns the third
warning of a week into a one-day timeout. The count comes from storage (automatic and manual
cases alike, dismissed and dry-run ones excepted), so it survives restarts. Ladders cascade:
the warning that became a timeout may, through a timeout ladder, become a ban.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.actions import Ban, Kick, Punishment, Timeout, Warn

if TYPE_CHECKING:
    from bot.moderation.settings import Ladder
    from bot.storage import Storage


@dataclass(frozen=True, slots=True)
class Escalation:
    """Say which sanction the ladders lead to, and why, step by step."""

    punishment: Punishment
    steps: tuple[str, ...]

    @property
    def text(self) -> str:
        """Describe the escalation for the case and the reply."""
        return "; ".join(self.steps)


def sanction(kind: str, duration: timedelta | None, reason: str | None) -> Punishment:
    """Build the neutral punishment of a kind."""
    if kind == "warn":
        return Warn(reason=reason)
    if kind == "timeout":
        return Timeout(duration=duration or timedelta(hours=1), reason=reason)
    if kind == "kick":
        return Kick(reason=reason)
    if kind == "ban":
        return Ban(duration=duration, reason=reason)
    raise ValueError(f"unknown sanction {kind!r}")


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


async def escalate(
    storage: Storage,
    ladders: Sequence[Ladder],
    *,
    community: str,
    user_id: str,
    punishment: Punishment,
    category: str | None,
    now: datetime,
) -> Escalation | None:
    """Apply the ladders to a sanction about to be recorded; None when none is reached."""
    current = punishment
    steps: list[str] = []
    used: set[int] = set()
    while True:
        step = await _next_step(
            storage,
            ladders,
            used=used,
            community=community,
            user_id=user_id,
            current=current,
            category=category,
            now=now,
        )
        if step is None:
            break
        index, harsher, text = step
        used.add(index)
        steps.append(text)
        current = harsher
    return Escalation(current, tuple(steps)) if steps else None


async def _next_step(
    storage: Storage,
    ladders: Sequence[Ladder],
    *,
    used: set[int],
    community: str,
    user_id: str,
    current: Punishment,
    category: str | None,
    now: datetime,
) -> tuple[int, Punishment, str] | None:
    for index, ladder in enumerate(ladders):
        if index in used or ladder.count != current.kind:
            continue
        counted = None if ladder.categories is None else [str(c) for c in ladder.categories]
        if counted is not None and category not in counted:
            continue
        since = now - ladder.within
        total = 1 + await storage.count_sanctions(
            community, user_id, ladder.count, since=since, categories=counted
        )
        if total < ladder.after:
            continue
        kind, duration = ladder.sanction()
        harsher = sanction(kind, duration, current.reason)
        if harsher.weight() <= current.weight():
            continue
        text = f"{_ordinal(total)} {ladder.count} within {ladder.label().split(' within ')[1]}"
        return index, harsher, text
    return None
