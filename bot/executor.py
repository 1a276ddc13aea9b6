"""The executor: record the case and its evidence first, then act, then report."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.actions import Ban, Kick, Plan, Punishment, Timeout, Warn
from bot.adapters.base import Adapter, NotFound, PlatformError
from bot.calls import (
    BanCall,
    Call,
    DeleteCall,
    KickCall,
    ReportCall,
    TimeoutCall,
    WarnCall,
    call_from,
)
from bot.categories import URGENT_CATEGORIES
from bot.events import Event, MessageCreated
from bot.moderation.evidence import evidence_of
from bot.moderation.reports import card_for
from bot.storage import NewAction, NewCase, StorageConflict

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.config import Config
    from bot.registry import EffectHandler
    from bot.storage import Storage


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
    """Say what the executor did with a plan."""

    case_number: int | None
    done: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()
    given_up: tuple[str, ...] = ()


class Executor:
    """Carry out plans through the adapter, with a durable record of every step."""

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
    ) -> None:
        self.config = config
        self._storage = storage
        self._adapter = adapter
        self._effects = effects
        self._clock = clock
        self._log = logger
        self._policy = policy or RetryPolicy()

    async def execute(self, plan: Plan) -> Outcome | None:
        """Record, act on and report one plan; return None when there is nothing to do."""
        for hit in plan.dry_hits:
            self._log.info("dry run: rule %s would act on %s", hit.rule, _where(plan.event))
        if not plan.hits:
            return None
        event = plan.event
        community = self.config.communities[event.community]
        now = self._clock.now()
        calls = self._calls(plan, now)
        card = None
        if plan.report is not None:
            history = await self._history(event)
            pings = self._pings(plan, community)
            card = card_for(
                plan,
                case_number=None,
                actions=[c.kind for c in calls],
                history=history,
                pings=pings,
            )
            calls.append(
                ReportCall(
                    community=event.community, channel=community.mod_channel, card=card.to_dict()
                )
            )
        first = max(plan.hits, key=lambda h: h.match.severity)
        case = NewCase(
            community=event.community,
            kind="auto",
            action=_action_name(plan),
            user_id=event.member.id,
            user_name=event.member.display_name,
            reason=first.match.summary,
            rule=", ".join(dict.fromkeys(h.rule for h in plan.hits)),
            category=str(first.match.category),
            room=event.room,
            message_id=getattr(event, "message_id", None),
            created_at=now,
            expires_at=_expiry(plan.punishment, now),
        )
        key = _dedupe_base(event)
        actions = [
            NewAction(
                kind=c.kind, payload=c.payload(), next_attempt_at=now, dedupe_key=f"{key}/{c.kind}"
            )
            for c in calls
        ]
        try:
            incident = await self._storage.record_incident(case, evidence_of(plan), actions)
        except StorageConflict:
            self._log.info("already handled: %s", _where(event))
            return None
        number = incident.case.number
        done, pending, given_up = [], [], []
        for action_id, call in zip(incident.action_ids, calls, strict=True):
            bound = _with_case(call, number)
            status = await self._attempt(action_id, bound, attempts=0)
            {"done": done, "pending": pending, "given_up": given_up}[status].append(call.kind)
        for effect in plan.effects:
            handler = self._effects.get(effect.name)
            if handler is None:
                self._log.error("no handler for effect %s", effect.name)
                continue
            await handler(effect, plan, self._adapter)
        return Outcome(number, tuple(done), tuple(pending), tuple(given_up))

    async def run_due(self) -> int:
        """Retry the pending calls whose time has come; return how many were tried."""
        due = await self._storage.due_actions(self._clock.now())
        for row in due:
            call = call_from(row.kind, row.payload)
            if isinstance(call, ReportCall) and row.case_id is not None:
                case = await self._storage.get_case_by_id(row.case_id)
                call = _with_case(call, case.number if case else None)
            await self._attempt(row.id, call, attempts=row.attempts)
        return len(due)

    async def _attempt(self, action_id: int, call: Call, attempts: int) -> str:
        now = self._clock.now()
        try:
            await call.run(self._adapter)
        except NotFound as exc:
            # The target is already gone (message deleted by someone else): nothing left to do.
            await self._storage.mark_done(action_id, now)
            self._log.info("%s: target gone (%s)", call.kind, exc)
            return "done"
        except PlatformError as exc:
            tried = attempts + 1
            if exc.retryable and tried < self._policy.max_attempts:
                wait = self._policy.delay(tried, exc.retry_after)
                await self._storage.mark_retry(action_id, str(exc), now + wait, now)
                self._log.warning("%s failed (%s), retry in %ss", call.kind, exc, wait.seconds)
                return "pending"
            await self._storage.give_up(action_id, str(exc), now)
            self._log.error("%s given up after %d attempts: %s", call.kind, tried, exc)
            return "given_up"
        await self._storage.mark_done(action_id, now)
        return "done"

    def _calls(self, plan: Plan, now: datetime) -> list[Call]:
        event = plan.event
        reason = "; ".join(dict.fromkeys(h.match.summary for h in plan.hits))
        calls: list[Call] = []
        if plan.delete and isinstance(event, MessageCreated):
            calls.append(
                DeleteCall(
                    community=event.community,
                    room=event.room,
                    message_id=event.message_id,
                    reason=reason,
                )
            )
        punishment = plan.punishment
        if punishment is not None:
            calls.append(_punish(punishment, event, punishment.reason or reason, now))
        return calls

    async def _history(self, event: Event) -> list[str]:
        cases = await self._storage.list_cases(event.community, user_id=event.member.id, limit=5)
        return [
            f"#{c.number} {c.action} ({c.rule or 'manual'}) {c.created_at:%Y-%m-%d}" for c in cases
        ]

    def _pings(self, plan: Plan, community: Any) -> list[str]:
        wanted = set(plan.report.pings) if plan.report else set()
        if any(h.match.category in URGENT_CATEGORIES for h in plan.hits):
            wanted.add("on_call")
        pings = []
        for ping in sorted(wanted):
            target = community.on_call if ping == "on_call" else ping
            if target:
                pings.append(target)
        return pings


def _punish(punishment: Punishment, event: Event, reason: str, now: datetime) -> Call:
    base = {"community": event.community, "user_id": event.member.id, "reason": reason}
    if isinstance(punishment, Warn):
        return WarnCall(room=event.room, **base)
    if isinstance(punishment, Timeout):
        return TimeoutCall(until=now + punishment.duration, **base)
    if isinstance(punishment, Kick):
        return KickCall(**base)
    if isinstance(punishment, Ban):
        clean = int(punishment.clean.total_seconds()) if punishment.clean else 0
        return BanCall(clean_seconds=clean, **base)
    raise TypeError(f"unknown punishment {punishment!r}")


def _with_case(call: Call, number: int | None) -> Call:
    if isinstance(call, ReportCall):
        return replace(call, card={**call.card, "case_number": number})
    return call


def _expiry(punishment: Punishment | None, now: datetime) -> datetime | None:
    duration = getattr(punishment, "duration", None)
    return None if duration is None else now + duration


def _action_name(plan: Plan) -> str:
    if plan.punishment is not None:
        return plan.punishment.kind
    return "delete" if plan.delete else "report"


def _dedupe_base(event: Event) -> str:
    ident = getattr(event, "message_id", None) or f"{event.member.id}@{event.ts.isoformat()}"
    return f"{event.community}/{type(event).__name__}/{ident}"


def _where(event: Event) -> str:
    return f"{event.community}/{event.room} by {event.member.id}"
