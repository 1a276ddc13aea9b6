"""Carry out the engine's plans: protect moderators, escalate, group flood reports, act."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.actions import Plan
from bot.calls import ReportCall
from bot.events import Event
from bot.executor.base import ExecutorBase
from bot.executor.plan_calls import action_name, dedupe_base, history, pings, plan_calls, where
from bot.executor.retry import Outcome, queued, with_case
from bot.members import is_moderator
from bot.moderation.desk import grouped
from bot.moderation.evidence import evidence_of
from bot.moderation.reports import card_for
from bot.moderation.sanctions import expiry
from bot.storage import CaseRecord, NewCase, StorageConflict

if TYPE_CHECKING:
    from bot.storage import ReportMessage


class AutomaticPath(ExecutorBase):
    """Record, act on and report the plans the engine makes."""

    async def execute(self, plan: Plan) -> Outcome | None:
        """Record, act on and report one plan; return None when there is nothing to do."""
        for hit in plan.dry_hits:
            self._log.info("dry run: rule %s would act on %s", hit.rule, where(plan.event))
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
        calls = plan_calls(plan, community, now)
        card, group = None, None
        if plan.report is not None:
            card = card_for(
                plan,
                case_number=None,
                actions=[c.kind for c in calls if c.kind != "dm"],
                history=await history(self._storage, event),
                pings=pings(plan, community),
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
            action=action_name(plan),
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
        key = dedupe_base(event)
        actions = [queued(c, now, f"{key}/{c.kind}") for c in calls]
        try:
            incident = await self._storage.record_incident(case, evidence_of(plan), actions)
        except StorageConflict:
            self._log.info("already handled: %s", where(event))
            return None
        record = incident.case
        await self._note_case(record, escalation, protected=protected, at=now)
        numbered = [with_case(c, record.number) for c in calls]
        tally = await self._attempt_all(incident.action_ids, numbered, record.id)
        if group is not None and card is not None:
            await self._join_group(group, card, record, now, f"{key}/report_edit")
        for effect in plan.effects:
            handler = self._effects.get(effect.name)
            if handler is None:
                self._log.error("no handler for effect %s", effect.name)
                continue
            await handler(effect, plan, self._adapter)
        return tally.outcome(
            record.number,
            escalation=escalation.text if escalation else None,
            grouped_into=group.message_id if group else None,
            protected=protected,
            case=record,
        )

    async def _is_protected(self, community: Any, event: Event) -> bool:
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
