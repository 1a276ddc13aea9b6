"""Queue platform actions and record each attempt's result."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.storage import pending
from bot.storage.database import Database
from bot.storage.models import PendingActionRow
from bot.storage.records import ActionStatus, NewAction, PendingAction


class ActionStore(Database):
    """Read and write the pending-action queue."""

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

    async def release(self, dedupe_keys: Sequence[str], now: datetime) -> int:
        """Make these actions due now if leased to a first attempt a crash cut short."""
        if not dedupe_keys:
            return 0
        async with self._transaction() as session:
            return await pending.release(session, dedupe_keys, now)

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
