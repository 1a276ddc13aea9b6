"""Hold what both executor paths share: dependencies, escalation, and case notes."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from bot.adapters.base import Adapter
from bot.executor.lanes import Lanes
from bot.executor.recorder import Recorder
from bot.executor.retry import CallRunner, RetryPolicy
from bot.moderation.desk import ReportDesk
from bot.moderation.escalation import Escalation, escalate
from bot.storage import CaseRecord
from bot.storage.journal import Journal, journal_path

if TYPE_CHECKING:
    from bot.actions import Punishment
    from bot.clock import Clock
    from bot.config import Config
    from bot.config_models import CommunityBase
    from bot.registry import EffectHandler
    from bot.storage import Storage

SanctionListener = Callable[[CaseRecord], Awaitable[None]]


class ExecutorBase(CallRunner):
    """Keep the executor's dependencies and the steps both paths take on a new case."""

    def __init__(
        self,
        config: Config,
        storage: Storage,
        adapter: Adapter,
        *,
        effects: Mapping[str, EffectHandler],
        clock: Clock,
        logger: logging.Logger,
        policy: RetryPolicy | None = None,
        journal: Journal | None = None,
    ) -> None:
        self.config = config
        self._storage = storage
        self._adapter = adapter
        self._effects = effects
        self._clock = clock
        self._log = logger
        self._policy = policy or RetryPolicy()
        self.desk = ReportDesk(storage)
        # Beside a SQLite database by default; in memory for an in-memory one.
        journal = journal or Journal(journal_path(storage.url, config.model.journal))
        self._recorder = Recorder(journal, storage, clock, logger)
        self._lanes = Lanes(logger)
        #: Return from `execute` once the deletion is sent (live runs), not when all is done.
        self.background = False
        self._resumed = False
        #: Called with each sanction case (user reports about the member get their decision).
        self.sanction_listeners: list[SanctionListener] = []

    @property
    def storage(self) -> Storage:
        """Return the storage the executor records into."""
        return self._storage

    @property
    def adapter(self) -> Adapter:
        """Return the adapter the executor acts through."""
        return self._adapter

    @property
    def clock(self) -> Clock:
        """Return the clock."""
        return self._clock

    @property
    def journal(self) -> Journal:
        """Return the local journal of what the executor is doing."""
        return self._recorder.journal

    async def settle(self, within: float = 10.0) -> bool:
        """Wait for the background work in hand; tell whether it all ended in time."""
        return await self._lanes.join(within)

    async def close(self, grace: float = 5.0) -> None:
        """Let background work finish a moment, then stop; the journal keeps the rest."""
        if not await self._lanes.join(grace):
            self._log.warning("stopping with work in hand: the next start resumes it")
            await self._lanes.cancel()
        await self._recorder.close()

    @property
    def effects(self) -> Mapping[str, EffectHandler]:
        """Return the effect handlers (raid level, lockdown...) by name."""
        return self._effects

    async def _escalate(
        self,
        community: CommunityBase,
        name: str,
        user_id: str,
        punishment: Punishment | None,
        *,
        category: str | None,
        now: datetime,
    ) -> Escalation | None:
        """Return the ladder's harsher sanction for a repeat offender, if any applies."""
        if punishment is None or not community.ladders:
            return None
        return await escalate(
            self._storage,
            community.ladders,
            community=name,
            user_id=user_id,
            punishment=punishment,
            category=category,
            now=now,
        )

    async def _note_case(
        self, record: CaseRecord, escalation: Escalation | None, *, protected: bool, at: datetime
    ) -> None:
        """Log in the case's history why its sanction differs from the plan's."""
        if escalation is not None:
            text = f"escalated to {record.action}: {escalation.text}"
            await self._storage.add_case_event(
                record.community, record.number, "escalated", text, "vigie", at=at
            )
        if protected:
            text = "the member is a moderator: no automatic sanction"
            await self._storage.add_case_event(
                record.community, record.number, "protected", text, "vigie", at=at
            )
