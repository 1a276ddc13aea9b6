"""Run queued platform calls: one attempt now, backoff retries later, tallies of the results."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.adapters.base import Adapter, NotFound, PlatformError
from bot.calls import Call, EditReportCall, ReportCall, call_from
from bot.cluster.claims import Claims, claim_due
from bot.storage import ActionStatus, CaseRecord, NewAction, StorageConflict, StorageError

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.moderation.desk import ReportDesk
    from bot.storage import ReportMessage, Storage


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Say how often and how late failed platform calls are tried again."""

    max_attempts: int = 8
    base: float = 1.0
    ceiling: float = 300.0

    def delay(self, attempts: int, retry_after: float | None) -> timedelta:
        """Return the wait before the next attempt: exponential, at least what was asked."""
        backoff = min(self.ceiling, self.base * 2 ** max(0, attempts - 1))
        return timedelta(seconds=max(backoff, retry_after or 0.0))


@dataclass(frozen=True, slots=True)
class Outcome:
    """Say what the executor did with a plan or a manual action."""

    case_number: int | None
    done: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()
    given_up: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    escalation: str | None = None
    grouped_into: str | None = None
    protected: bool = False
    case: CaseRecord | None = None


@dataclass(slots=True)
class Tally:
    """Collect the call kinds by status, and the errors of those given up."""

    done: list[str]
    pending: list[str]
    given_up: list[str]
    errors: list[str]

    @classmethod
    def empty(cls) -> Tally:
        """Return a tally with nothing in it."""
        return cls([], [], [], [])

    def add(self, kind: str, status: str, error: str | None) -> None:
        """Count one call under its status."""
        {"done": self.done, "pending": self.pending, "given_up": self.given_up}[status].append(kind)
        if error is not None:
            self.errors.append(f"{kind}: {error}")

    def outcome(self, case_number: int | None, **extra: Any) -> Outcome:
        """Return the outcome these counts make, with the path's own fields."""
        return Outcome(
            case_number,
            tuple(self.done),
            tuple(self.pending),
            tuple(self.given_up),
            tuple(self.errors),
            **extra,
        )


class CallRunner:
    """Try queued calls through the adapter and record each result in storage."""

    _storage: Storage
    _adapter: Adapter
    _clock: Clock
    _log: logging.Logger
    _policy: RetryPolicy
    desk: ReportDesk
    #: Shared with the other processes of a deployment so one of them retries a due call.
    claims: Claims | None = None

    async def run_calls(
        self, community: str, case_id: int | None, calls: list[Call], *, dedupe: str | None = None
    ) -> Outcome:
        """Queue calls outside a new case (quick actions, expiries, notices) and try them now."""
        if not calls:
            return Outcome(None)
        now = self._clock.now()
        queued_calls = [
            queued(c, now, None if dedupe is None else f"{dedupe}/{i}/{c.kind}")
            for i, c in enumerate(calls)
        ]
        try:
            ids = await self._storage.add_actions(community, case_id, queued_calls, at=now)
        except StorageConflict:
            return Outcome(None)
        tally = await self._attempt_all(ids, calls, case_id)
        return tally.outcome(None)

    async def run_due(self) -> int:
        """Retry the pending calls whose time has come; return how many were tried."""
        tried = 0
        for row in await self._storage.due_actions(self._clock.now()):
            if not await claim_due(self.claims, row.id, row.attempts, IN_FLIGHT_LEASE):
                continue  # another process of the deployment makes this attempt
            tried += 1
            call = call_from(row.kind, row.payload)
            if isinstance(call, ReportCall) and row.case_id is not None:
                case = await self._storage.get_case_by_id(row.case_id)
                call = with_case(call, case.number if case else None)
            await self._attempt(row.id, call, row.attempts, row.case_id)
        return tried

    async def edit_report(
        self, report: ReportMessage, card: dict[str, Any], case_id: int | None, dedupe: str | None
    ) -> None:
        """Show a new version of a posted report (the card is already stored)."""
        call = EditReportCall(
            community=report.community,
            channel=report.channel,
            message_id=report.message_id,
            card=card,
        )
        await self.run_calls(report.community, case_id, [call], dedupe=dedupe)

    async def _attempt_all(
        self, action_ids: list[int], calls: list[Call], case_id: int | None
    ) -> Tally:
        """Make the first attempt of each freshly queued call, in order."""
        tally = Tally.empty()
        for action_id, call in zip(action_ids, calls, strict=True):
            status, error = await self._attempt(action_id, call, 0, case_id)
            tally.add(call.kind, status, error)
        return tally

    async def _attempt(
        self, action_id: int, call: Call, attempts: int, case_id: int | None
    ) -> tuple[str, str | None]:
        """Try one stored call once; record done, a retry time, or giving up."""
        if isinstance(call, EditReportCall):
            # Edits may be retried out of order: always send the newest stored card.
            latest = await self._storage.report_message(call.community, call.message_id)
            if latest is not None:
                call = replace(call, card=latest.card)
        result = await self._try(call, attempts)
        now = self._clock.now()
        if result.status == "pending" and result.next_at is not None:
            await self._storage.mark_retry(action_id, result.error or "", result.next_at, now)
            return "pending", None
        if result.status == "given_up":
            await self._storage.give_up(action_id, result.error or "", now)
            return "given_up", result.error
        await self._storage.mark_done(action_id, now)
        if isinstance(call, ReportCall) and result.posted:
            try:
                await self.desk.posted(call, result.posted, case_id, now)
            except StorageError as exc:
                # The report is up; only its quick actions are lost. Say so, do not fail.
                self._log.error("report %s posted but not remembered: %s", result.posted, exc)
        return "done", None

    async def _try(self, call: Call, attempts: int) -> Attempt:
        """Make one call through the adapter and say how it went, recording nothing."""
        now = self._clock.now()
        try:
            posted = await call.run(self._adapter)
        except NotFound as exc:
            # The target is already gone (message deleted by someone else): nothing left to do.
            self._log.info("%s: target gone (%s)", call.kind, exc)
            return Attempt("done")
        except PlatformError as exc:
            tried = attempts + 1
            if exc.retryable and tried < self._policy.max_attempts:
                wait = self._policy.delay(tried, exc.retry_after)
                self._log.warning("%s failed (%s), retry in %ss", call.kind, exc, wait.seconds)
                return Attempt("pending", str(exc), next_at=now + wait)
            self._log.error("%s given up after %d attempts: %s", call.kind, tried, exc)
            return Attempt("given_up", str(exc))
        return Attempt("done", posted=posted)


@dataclass(frozen=True, slots=True)
class Attempt:
    """Say how one try of a call went: done, pending until `next_at`, or given up."""

    status: ActionStatus
    error: str | None = None
    posted: str | None = None
    next_at: datetime | None = None


#: A call recorded before its first attempt is leased to that attempt for this long, so the
#: background retry pass never runs it a second time meanwhile; after a crash it comes due.
IN_FLIGHT_LEASE = timedelta(seconds=60)


def queued(call: Call, now: datetime, dedupe: str | None) -> NewAction:
    """Return the pending-action row for a call about to be attempted inline."""
    return NewAction(
        kind=call.kind,
        payload=call.payload(),
        next_attempt_at=now + IN_FLIGHT_LEASE,
        dedupe_key=dedupe,
    )


def with_case(call: Call, number: int | None) -> Call:
    """Stamp a report call's card with its case number; leave other calls alone."""
    if isinstance(call, ReportCall):
        return replace(call, card={**call.card, "case_number": number})
    return call
