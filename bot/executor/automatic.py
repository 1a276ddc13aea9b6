"""Carry out the engine's plans: journal, delete at once, then sanction, record and report.

The deletion is the urgent part: the entry holding the evidence goes to the local journal,
the message is deleted, and `execute` may return. The rest (protection of moderators,
escalation, notices, sanctions, the case in the database, the report) follows on the
member's own lane, so one member's ladder keeps its order while other members' messages
are deleted without waiting.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.actions import Plan
from bot.calls import ReportCall
from bot.events import Event, dedupe_base
from bot.executor.base import ExecutorBase
from bot.executor.entries import call_json, call_of, case_json, note_attempt
from bot.executor.plan_calls import (
    action_name,
    deletion,
    history,
    pings,
    plan_calls,
    where,
)
from bot.executor.retry import Outcome, Tally, with_case
from bot.members import is_moderator
from bot.moderation.desk import grouped
from bot.moderation.evidence import evidence_of
from bot.moderation.reports import card_for
from bot.moderation.sanctions import expiry
from bot.storage import Applied, CaseRecord, NewCase, StorageConflict, StorageUnavailable
from bot.storage.journal import JournalConflict

if TYPE_CHECKING:
    from bot.config_models import CommunityBase
    from bot.moderation.escalation import Escalation
    from bot.moderation.reports import ReportCard
    from bot.storage import ReportMessage


class AutomaticPath(ExecutorBase):
    """Journal, act on, record and report the plans the engine makes."""

    async def execute(self, plan: Plan, *, wait: bool | None = None) -> Outcome | None:
        """Act on one plan; return None when there is nothing to do or it was done before.

        With `wait` False (the default when `background` is set) it returns once the
        deletion is sent, with None; the rest goes on in the background.
        """
        for hit in plan.dry_hits:
            self._log.info("dry run: rule %s would act on %s", hit.rule, where(plan.event))
        if not plan.hits:
            return None
        event = plan.event
        now = self._clock.now()
        key = dedupe_base(event)
        community = self.config.communities[event.community]
        protected = plan.punishment is not None and await self._is_protected(community, event)
        if protected:
            plan = replace(plan, punishment=None)
        body = self._draft(plan, now, key, protected=protected)
        try:
            seq = await self._recorder.append(key, body, now)
        except JournalConflict:
            self._log.info("already handled: %s", where(event))
            return None
        if body["calls"] and body["calls"][0]["kind"] == "delete":
            journaled = self._clock.now()
            note_attempt(body["calls"][0], await self._try(call_of(body["calls"][0]), 0))
            sent = self._clock.now()
            self._log.info(
                "deleted %s: %.1f ms in the executor (journal %.1f ms, deletion %.1f ms),"
                " %.1f ms after it was posted",
                getattr(event, "message_id", "?"),
                _ms(sent - now),
                _ms(journaled - now),
                _ms(sent - journaled),
                _ms(sent - event.ts),
            )
            # Noted at once, not awaited: a crash in between repeats the deletion on restart.
            self._lanes.spawn(key, self._recorder.journal.update(seq, body))
        lane = f"{event.community}/{event.member.id}"
        job = self._lanes.run(
            lane, lambda: self._complete(plan, seq, key, body, protected=protected, now=now)
        )
        if wait if wait is not None else not self.background:
            return await (await job)
        return None

    def _draft(self, plan: Plan, now: datetime, key: str, *, protected: bool) -> dict[str, Any]:
        """Return the first journal entry: the plan's case, evidence, calls and report.

        Only the deletion is made at once; should the process die before the member's lane
        takes the rest up (escalation, history), a restart carries this draft out as it is.
        """
        event = plan.event
        community = self.config.communities[event.community]
        delete = deletion(plan)
        calls = ([delete] if delete else []) + plan_calls(plan, community, now)
        report = None
        if plan.report is not None:
            kinds = [c.kind for c in calls if c.kind != "dm"]
            card = card_for(
                plan, case_number=None, actions=kinds, history=[], pings=pings(plan, community)
            )
            report = self._report_call(event, community, card)
        return {
            "v": 1,
            "stage": "draft",
            "case": case_json(self._case(plan, now)),
            "evidence": evidence_of(plan),
            "calls": [call_json(c, f"{key}/{c.kind}") for c in calls],
            "report": call_json(report, f"{key}/report") if report else None,
            "notes": _notes(plan, None, protected=protected),
        }

    def _case(self, plan: Plan, now: datetime) -> NewCase:
        event = plan.event
        first = max(plan.hits, key=lambda h: h.match.severity)
        return NewCase(
            community=event.community,
            kind="auto",
            action=action_name(plan),
            user_id=event.member.id,
            user_name=event.member.display_name,
            reason=first.match.summary,
            rule=", ".join(dict.fromkeys(h.rule for h in plan.hits)),
            category=str(first.match.category),
            room=event.room,
            message_id=getattr(event, "message_id", None),
            created_at=now,
            expires_at=expiry(plan.punishment, now),
        )

    @staticmethod
    def _report_call(event: Event, community: CommunityBase, card: ReportCard) -> ReportCall:
        return ReportCall(
            community=event.community, channel=community.mod_channel, card=card.to_dict()
        )

    async def _complete(
        self,
        plan: Plan,
        seq: int,
        key: str,
        body: dict[str, Any],
        *,
        protected: bool,
        now: datetime,
    ) -> asyncio.Task[Outcome | None]:
        """Decide the sanction, journal it and make the calls; return the task that records.

        While the database answers, the member's lane waits for the case to be written, so
        their next incident's ladder counts it; while it is away, the lane goes on (deleting
        and sanctioning) and the records wait in the journal.
        """
        event = plan.event
        community = self.config.communities[event.community]
        category = body["case"]["category"]
        escalation = await self._escalate_or_not(community, event, plan, category, now)
        if escalation is not None:
            plan = replace(plan, punishment=escalation.punishment)
        calls = plan_calls(plan, community, now)
        card, group = None, None
        body["report"] = None
        if plan.report is not None:
            card, group = await self._card(plan, community, calls, escalation, now)
            if group is None:
                body["report"] = call_json(
                    self._report_call(event, community, card), f"{key}/report"
                )
        body["stage"] = "full"
        body["case"] = case_json(self._case(plan, now))
        # Only the deletion was made: the draft's other calls give way to the decided ones.
        made = 1 if deletion(plan) else 0
        body["calls"] = body["calls"][:made] + [call_json(c, f"{key}/{c.kind}") for c in calls]
        body["notes"] = _notes(plan, escalation, protected=protected)
        await self._recorder.journal.update(seq, body)
        for data in body["calls"][len(body["calls"]) - len(calls) :]:
            note_attempt(data, await self._try(call_of(data), 0))
        if calls:
            await self._recorder.journal.update(seq, body)
        decided = Decided(plan, key, body, card, group, escalation, protected=protected, now=now)
        tail = self._lanes.spawn(key, self._record(self._recorder.write(seq, key, body), decided))
        await self._recorder.written_or_away(tail)
        return tail

    async def _record(self, written: asyncio.Future[Applied], decided: Decided) -> Outcome | None:
        """Wait for the entry's case in the database, then report and apply effects."""
        plan, body, group = decided.plan, decided.body, decided.group
        event = plan.event
        try:
            applied = await asyncio.shield(written)
        except StorageConflict:
            # Another process, or a run whose journal is gone, recorded this event already.
            self._log.info("already recorded: %s", where(event))
            return None
        record = applied.case
        tally = Tally.empty()
        for data in body["calls"]:
            tally.add(
                data["kind"],
                data["status"],
                data["error"] if data["status"] == "given_up" else None,
            )
        await self._post_report(body, applied.pending, record, tally)
        if group is not None and decided.card is not None:
            edit = f"{decided.key}/report_edit"
            await self._join_group(group, decided.card, record, decided.now, edit)
        for effect in plan.effects:
            handler = self._effects.get(effect.name)
            if handler is None:
                self._log.error("no handler for effect %s", effect.name)
                continue
            await handler(effect, plan, self._adapter)
        return tally.outcome(
            record.number,
            escalation=decided.escalation.text if decided.escalation else None,
            grouped_into=group.message_id if group else None,
            protected=decided.protected,
            case=record,
        )

    async def _post_report(
        self, body: dict[str, Any], pending: dict[str, int], record: CaseRecord, tally: Tally
    ) -> None:
        """Post the entry's report with its case number, if it is still to be posted."""
        report = body.get("report")
        if report is None or report["dedupe"] not in pending:
            return
        call = with_case(call_of(report), record.number)
        status, error = await self._attempt(pending[report["dedupe"]], call, 0, record.id)
        tally.add(call.kind, status, error)

    async def _escalate_or_not(
        self, community: CommunityBase, event: Event, plan: Plan, category: str, now: datetime
    ) -> Escalation | None:
        """Return the ladder's escalation; without the database, the plan's own sanction."""
        try:
            return await self._escalate(
                community,
                event.community,
                event.member.id,
                plan.punishment,
                category=category,
                now=now,
            )
        except StorageUnavailable as err:
            self._log.warning("no escalation for %s, database away: %s", where(event), err)
            return None

    async def _card(
        self,
        plan: Plan,
        community: CommunityBase,
        calls: list[Any],
        escalation: Escalation | None,
        now: datetime,
    ) -> tuple[ReportCard, ReportMessage | None]:
        """Build the report card and find the open report it joins, if any."""
        event = plan.event
        kinds = ["delete"] if deletion(plan) else []
        kinds += [c.kind for c in calls if c.kind != "dm"]
        try:
            past = await history(self._storage, event)
        except StorageUnavailable:
            past = []
        card = card_for(
            plan, case_number=None, actions=kinds, history=past, pings=pings(plan, community)
        )
        if escalation is not None:
            card = replace(card, extra={**card.extra, "escalated": escalation.text})
        try:
            group = await self.desk.group_for(
                community, event.community, event.member.id, card, now
            )
        except StorageUnavailable:
            group = None
        return card, group

    async def _is_protected(self, community: CommunityBase, event: Event) -> bool:
        """Tell whether the member must never be punished automatically."""
        if is_moderator(community, event.member):
            return True
        own = getattr(self._adapter, "bot_user_id", None)
        return own is not None and event.member.id == await own(event.community)

    async def _join_group(
        self, group: ReportMessage, card: Any, record: CaseRecord, now: datetime, dedupe: str
    ) -> None:
        """Add the case to the member's open report instead of posting a new one."""
        new = grouped(group, card, record.number, now).to_dict()
        report = await self._storage.attach_to_report(group.id, record.id, new, now)
        await self.edit_report(report, new, record.id, dedupe)


@dataclass(frozen=True, slots=True)
class Decided:
    """Hold what the member's lane decided about an incident, for the recording that follows."""

    plan: Plan
    key: str
    body: dict[str, Any]
    card: ReportCard | None
    group: ReportMessage | None
    escalation: Escalation | None
    protected: bool
    now: datetime


def _ms(span: timedelta) -> float:
    return span.total_seconds() * 1000


def _notes(plan: Plan, escalation: Escalation | None, *, protected: bool) -> list[list[str]]:
    """Return the case history lines that say why its sanction differs from the plan's."""
    notes = []
    if escalation is not None:
        kind = plan.punishment.kind if plan.punishment is not None else "report"
        notes.append(["escalated", f"escalated to {kind}: {escalation.text}"])
    if protected:
        notes.append(["protected", "the member is a moderator: no automatic sanction"])
    return notes
