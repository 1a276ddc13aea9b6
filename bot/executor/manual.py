"""Carry out moderators' decisions (commands, quick actions) as recorded cases."""

from __future__ import annotations

from datetime import datetime

from bot.calls import Call
from bot.executor.base import ExecutorBase
from bot.executor.plan_calls import notice
from bot.executor.retry import Outcome, queued
from bot.moderation.sanctions import (
    LIFTS,
    STANDING,
    ManualAction,
    expiry,
    manual_evidence,
    other_call,
    punish_call,
)
from bot.storage import CaseRecord, NewCase


class ManualPath(ExecutorBase):
    """Record a moderator's action as a case, carry it out, and tell who must know."""

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
                calls.append(
                    notice(
                        community,
                        action.community,
                        action.user_id,
                        punishment,
                        action.reason,
                        automated=False,
                    )
                )
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
        actions = [queued(c, now, None) for c in calls]
        evidence = manual_evidence(action, kind, now)
        incident = await self._storage.record_incident(case, evidence, actions)
        record = incident.case
        await self._note_case(record, escalation, protected=False, at=now)
        if kind in LIFTS:
            await self._close_standing(record, LIFTS[kind], now)
        tally = await self._attempt_all(incident.action_ids, calls, record.id)
        if punishment is not None:
            for listener in self.sanction_listeners:
                await listener(record)
        return tally.outcome(
            record.number,
            escalation=escalation.text if escalation else None,
            case=record,
        )

    async def _close_standing(self, record: CaseRecord, action: str, at: datetime) -> None:
        """End the member's standing sanctions that this case lifts."""
        for case in await self._storage.active_cases(record.community, record.user_id, action):
            if case.id != record.id:
                text = f"lifted by case #{record.number}"
                await self._storage.deactivate(case.id, at, "lifted", text, record.moderator_id)
