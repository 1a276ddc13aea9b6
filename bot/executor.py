"""The executor: record the case and its evidence first, then act, then report.

Automatic plans (`execute`) and moderators' decisions (`act`) take the same road: a case with
its evidence and pending platform calls in one transaction, then the calls, retried with
backoff until done or given up. On that road the executor also applies the escalation ladders,
never punishes a moderator automatically, and groups the reports of a flood.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.actions import Plan, Punishment
from bot.adapters.base import Adapter, NotFound, PlatformError
from bot.calls import (
    Call,
    DeleteCall,
    DmCall,
    EditReportCall,
    ReportCall,
    call_from,
)
from bot.categories import URGENT_CATEGORIES
from bot.events import Event, MessageCreated
from bot.members import is_moderator
from bot.moderation.desk import ReportDesk, grouped
from bot.moderation.escalation import Escalation, escalate
from bot.moderation.evidence import evidence_of
from bot.moderation.notices import sanction_notice
from bot.moderation.reports import card_for
from bot.moderation.sanctions import (
    LIFTS,
    STANDING,
    ManualAction,
    expiry,
    manual_evidence,
    other_call,
    punish_call,
)
from bot.storage import CaseRecord, NewAction, NewCase, StorageConflict, StorageError

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.config import Config
    from bot.registry import EffectHandler
    from bot.storage import ReportMessage, Storage

SanctionListener = Callable[[CaseRecord], Awaitable[None]]


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
class _Tally:
    done: list[str]
    pending: list[str]
    given_up: list[str]
    errors: list[str]

    @classmethod
    def empty(cls) -> _Tally:
        return cls([], [], [], [])

    def add(self, kind: str, status: str, error: str | None) -> None:
        {"done": self.done, "pending": self.pending, "given_up": self.given_up}[status].append(kind)
        if error is not None:
            self.errors.append(f"{kind}: {error}")


class Executor:
    """Carry out plans and manual actions through the adapter, with a durable record."""

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
        self.desk = ReportDesk(storage)
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
    def effects(self) -> Mapping[str, EffectHandler]:
        """Return the effect handlers (raid level, lockdown...) by name."""
        return self._effects

    # Automatic plans

    async def execute(self, plan: Plan) -> Outcome | None:
        """Record, act on and report one plan; return None when there is nothing to do."""
        for hit in plan.dry_hits:
            self._log.info("dry run: rule %s would act on %s", hit.rule, _where(plan.event))
        if not plan.hits:
            return None
        event = plan.event
        community = self.config.communities[event.community]
        now = self._clock.now()
        protected = plan.punishment is not None and await self._is_protected(community, event)
        if protected:
            plan = replace(plan, punishment=None)
        first = max(plan.hits, key=lambda h: h.match.severity)
        category = str(first.match.category)
        escalation = await self._escalate(
            community,
            event.community,
            event.member.id,
            plan.punishment,
            category=category,
            now=now,
        )
        if escalation is not None:
            plan = replace(plan, punishment=escalation.punishment)
        calls = self._calls(plan, community, now)
        card, group = None, None
        if plan.report is not None:
            card = card_for(
                plan,
                case_number=None,
                actions=[c.kind for c in calls if c.kind != "dm"],
                history=await self._history(event),
                pings=self._pings(plan, community),
            )
            if escalation is not None:
                card = replace(card, extra={**card.extra, "escalated": escalation.text})
            group = await self.desk.group_for(
                community, event.community, event.member.id, card, now
            )
            if group is None:
                calls.append(
                    ReportCall(
                        community=event.community,
                        channel=community.mod_channel,
                        card=card.to_dict(),
                    )
                )
        case = NewCase(
            community=event.community,
            kind="auto",
            action=_action_name(plan),
            user_id=event.member.id,
            user_name=event.member.display_name,
            reason=first.match.summary,
            rule=", ".join(dict.fromkeys(h.rule for h in plan.hits)),
            category=category,
            room=event.room,
            message_id=getattr(event, "message_id", None),
            created_at=now,
            expires_at=expiry(plan.punishment, now),
        )
        key = _dedupe_base(event)
        actions = [_queued(c, now, f"{key}/{c.kind}") for c in calls]
        try:
            incident = await self._storage.record_incident(case, evidence_of(plan), actions)
        except StorageConflict:
            self._log.info("already handled: %s", _where(event))
            return None
        record = incident.case
        await self._note_case(record, escalation, protected=protected, at=now)
        tally = _Tally.empty()
        for action_id, call in zip(incident.action_ids, calls, strict=True):
            status, error = await self._attempt(
                action_id, _with_case(call, record.number), 0, record.id
            )
            tally.add(call.kind, status, error)
        if group is not None and card is not None:
            await self._join_group(group, card, record, now, f"{key}/report_edit")
        for effect in plan.effects:
            handler = self._effects.get(effect.name)
            if handler is None:
                self._log.error("no handler for effect %s", effect.name)
                continue
            await handler(effect, plan, self._adapter)
        return Outcome(
            record.number,
            tuple(tally.done),
            tuple(tally.pending),
            tuple(tally.given_up),
            tuple(tally.errors),
            escalation=escalation.text if escalation else None,
            grouped_into=group.message_id if group else None,
            protected=protected,
            case=record,
        )

    # Manual actions (commands, quick actions)

    async def act(self, action: ManualAction) -> Outcome:
        """Record a moderator's decision as a case, carry it out, and tell who must know."""
        community = self.config.communities[action.community]
        now = self._clock.now()
        punishment = action.punishment()
        escalation = await self._escalate(
            community,
            action.community,
            action.user_id,
            punishment,
            category=action.category,
            now=now,
        )
        if escalation is not None:
            punishment = escalation.punishment
        kind = punishment.kind if punishment is not None else action.kind
        calls: list[Call] = []
        if punishment is not None:
            if community.notify_members and kind != "warn":
                notice = self._notice(
                    community,
                    action.community,
                    action.user_id,
                    punishment,
                    action.reason,
                    automated=False,
                )
                calls.append(notice)
            calls.append(
                punish_call(
                    punishment,
                    community=action.community,
                    user_id=action.user_id,
                    room=action.room,
                    reason=action.reason,
                    now=now,
                )
            )
        else:
            other = other_call(action)
            if other is not None:
                calls.append(other)
        case = NewCase(
            community=action.community,
            kind="manual",
            action=kind,
            user_id=action.user_id,
            user_name=action.user_name,
            moderator_id=action.moderator_id,
            reason=action.reason,
            category=action.category,
            room=action.room,
            message_id=action.message_id,
            created_at=now,
            expires_at=expiry(punishment, now),
            active=kind in STANDING or kind in ("warn", "kick"),
        )
        queued = [_queued(c, now, None) for c in calls]
        evidence = manual_evidence(action, kind, now)
        incident = await self._storage.record_incident(case, evidence, queued)
        record = incident.case
        await self._note_case(record, escalation, protected=False, at=now)
        if kind in LIFTS:
            await self._close_standing(record, LIFTS[kind], now)
        tally = _Tally.empty()
        for action_id, call in zip(incident.action_ids, calls, strict=True):
            status, error = await self._attempt(action_id, call, 0, record.id)
            tally.add(call.kind, status, error)
        if punishment is not None:
            for listener in self.sanction_listeners:
                await listener(record)
        return Outcome(
            record.number,
            tuple(tally.done),
            tuple(tally.pending),
            tuple(tally.given_up),
            tuple(tally.errors),
            escalation=escalation.text if escalation else None,
            case=record,
        )

    async def run_calls(
        self, community: str, case_id: int | None, calls: list[Call], *, dedupe: str | None = None
    ) -> Outcome:
        """Queue calls outside a new case (quick actions, expiries, notices) and try them now."""
        if not calls:
            return Outcome(None)
        now = self._clock.now()
        queued = [
            _queued(c, now, None if dedupe is None else f"{dedupe}/{i}/{c.kind}")
            for i, c in enumerate(calls)
        ]
        try:
            ids = await self._storage.add_actions(community, case_id, queued, at=now)
        except StorageConflict:
            return Outcome(None)
        tally = _Tally.empty()
        for action_id, call in zip(ids, calls, strict=True):
            status, error = await self._attempt(action_id, call, 0, case_id)
            tally.add(call.kind, status, error)
        return Outcome(
            None,
            tuple(tally.done),
            tuple(tally.pending),
            tuple(tally.given_up),
            tuple(tally.errors),
        )

    async def run_due(self) -> int:
        """Retry the pending calls whose time has come; return how many were tried."""
        due = await self._storage.due_actions(self._clock.now())
        for row in due:
            call = call_from(row.kind, row.payload)
            if isinstance(call, ReportCall) and row.case_id is not None:
                case = await self._storage.get_case_by_id(row.case_id)
                call = _with_case(call, case.number if case else None)
            await self._attempt(row.id, call, row.attempts, row.case_id)
        return len(due)

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

    # Inside

    async def _attempt(
        self, action_id: int, call: Call, attempts: int, case_id: int | None
    ) -> tuple[str, str | None]:
        now = self._clock.now()
        if isinstance(call, EditReportCall):
            # Edits may be retried out of order: always send the newest stored card.
            latest = await self._storage.report_message(call.community, call.message_id)
            if latest is not None:
                call = replace(call, card=latest.card)
        try:
            posted = await call.run(self._adapter)
        except NotFound as exc:
            # The target is already gone (message deleted by someone else): nothing left to do.
            await self._storage.mark_done(action_id, now)
            self._log.info("%s: target gone (%s)", call.kind, exc)
            return "done", None
        except PlatformError as exc:
            tried = attempts + 1
            if exc.retryable and tried < self._policy.max_attempts:
                wait = self._policy.delay(tried, exc.retry_after)
                await self._storage.mark_retry(action_id, str(exc), now + wait, now)
                self._log.warning("%s failed (%s), retry in %ss", call.kind, exc, wait.seconds)
                return "pending", None
            await self._storage.give_up(action_id, str(exc), now)
            self._log.error("%s given up after %d attempts: %s", call.kind, tried, exc)
            return "given_up", str(exc)
        await self._storage.mark_done(action_id, now)
        if isinstance(call, ReportCall) and posted:
            try:
                await self.desk.posted(call, posted, case_id, now)
            except StorageError as exc:
                # The report is up; only its quick actions are lost. Say so, do not fail.
                self._log.error("report %s posted but not remembered: %s", posted, exc)
        return "done", None

    async def _is_protected(self, community: Any, event: Event) -> bool:
        """Tell whether the member must never be punished automatically."""
        if is_moderator(community, event.member):
            return True
        own = getattr(self._adapter, "bot_user_id", None)
        return own is not None and event.member.id == await own(event.community)

    async def _escalate(
        self,
        community: Any,
        name: str,
        user_id: str,
        punishment: Punishment | None,
        *,
        category: str | None,
        now: datetime,
    ) -> Escalation | None:
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

    async def _close_standing(self, record: CaseRecord, action: str, at: datetime) -> None:
        for case in await self._storage.active_cases(record.community, record.user_id, action):
            if case.id != record.id:
                text = f"lifted by case #{record.number}"
                await self._storage.deactivate(case.id, at, "lifted", text, record.moderator_id)

    async def _join_group(
        self, group: ReportMessage, card: Any, record: CaseRecord, now: datetime, dedupe: str
    ) -> None:
        new = grouped(group, card, record.number, now).to_dict()
        report = await self._storage.attach_to_report(group.id, record.id, new, now)
        await self.edit_report(report, new, record.id, dedupe)

    @staticmethod
    def _notice(
        community: Any,
        name: str,
        user_id: str,
        punishment: Punishment | None,
        reason: str,
        *,
        automated: bool,
    ) -> DmCall:
        kind = punishment.kind if punishment is not None else "delete"
        duration = getattr(punishment, "duration", None)
        text = sanction_notice(
            community, name, kind, reason, duration=duration, automated=automated
        )
        return DmCall(community=name, user_id=user_id, text=text)

    def _calls(self, plan: Plan, community: Any, now: datetime) -> list[Call]:
        event = plan.event
        reason = "; ".join(dict.fromkeys(h.match.summary for h in plan.hits))
        calls: list[Call] = []
        punishment = plan.punishment
        notify = punishment is not None or plan.delete
        if community.notify_members and notify and getattr(punishment, "kind", "") != "warn":
            notice = self._notice(
                community, event.community, event.member.id, punishment, reason, automated=True
            )
            calls.append(notice)
        if plan.delete and isinstance(event, MessageCreated):
            calls.append(
                DeleteCall(
                    community=event.community,
                    room=event.room,
                    message_id=event.message_id,
                    reason=reason,
                )
            )
        if punishment is not None:
            calls.append(
                punish_call(
                    punishment,
                    community=event.community,
                    user_id=event.member.id,
                    room=event.room,
                    reason=punishment.reason or reason,
                    now=now,
                )
            )
        return calls

    async def _history(self, event: Event) -> list[str]:
        cases = await self._storage.list_cases(event.community, user_id=event.member.id, limit=5)
        return [
            f"#{c.number} {c.action} ({c.rule or c.kind}) {c.created_at:%Y-%m-%d}" for c in cases
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


def _queued(call: Call, now: datetime, dedupe: str | None) -> NewAction:
    return NewAction(kind=call.kind, payload=call.payload(), next_attempt_at=now, dedupe_key=dedupe)


def _with_case(call: Call, number: int | None) -> Call:
    if isinstance(call, ReportCall):
        return replace(call, card={**call.card, "case_number": number})
    return call


def _action_name(plan: Plan) -> str:
    if plan.punishment is not None:
        return plan.punishment.kind
    return "delete" if plan.delete else "report"


def _dedupe_base(event: Event) -> str:
    ident = getattr(event, "message_id", None) or f"{event.member.id}@{event.ts.isoformat()}"
    return f"{event.community}/{type(event).__name__}/{ident}"


def _where(event: Event) -> str:
    return f"{event.community}/{event.room} by {event.member.id}"
