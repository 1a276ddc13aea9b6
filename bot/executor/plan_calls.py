"""Translate a plan into platform calls, report pings, case names and dedupe keys."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.calls import Call, DeleteCall, DmCall
from bot.categories import URGENT_CATEGORIES
from bot.events import Event, MessageCreated
from bot.moderation.notices import sanction_notice
from bot.moderation.sanctions import punish_call

if TYPE_CHECKING:
    from bot.actions import Plan, Punishment
    from bot.config_models import CommunityBase
    from bot.storage import Storage


def reason_of(plan: Plan) -> str:
    """Return the reason the platform is given: the matches' summaries."""
    return "; ".join(dict.fromkeys(h.match.summary for h in plan.hits))


def deletion(plan: Plan) -> DeleteCall | None:
    """Return the deletion a plan asks for: the one call made before anything else."""
    event = plan.event
    if not plan.delete or not isinstance(event, MessageCreated):
        return None
    return DeleteCall(
        community=event.community,
        room=event.room,
        message_id=event.message_id,
        reason=reason_of(plan),
    )


def plan_calls(plan: Plan, community: CommunityBase, now: datetime) -> list[Call]:
    """Return the notice and sanction calls a plan asks for besides the deletion, in order.

    The notice goes first: once banned, a member may no longer be reachable.
    """
    event = plan.event
    reason = reason_of(plan)
    calls: list[Call] = []
    punishment = plan.punishment
    notify = punishment is not None or plan.delete
    if community.notify_members and notify and getattr(punishment, "kind", "") != "warn":
        calls.append(
            notice(community, event.community, event.member.id, punishment, reason, automated=True)
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


def notice(
    community: CommunityBase,
    name: str,
    user_id: str,
    punishment: Punishment | None,
    reason: str,
    *,
    automated: bool,
) -> DmCall:
    """Return the direct message telling a member about their sanction."""
    kind = punishment.kind if punishment is not None else "delete"
    duration = getattr(punishment, "duration", None)
    text = sanction_notice(community, name, kind, reason, duration=duration, automated=automated)
    return DmCall(community=name, user_id=user_id, text=text)


async def history(storage: Storage, event: Event) -> list[str]:
    """Return one line for each of the member's five latest cases, for the report card."""
    cases = await storage.list_cases(event.community, user_id=event.member.id, limit=5)
    return [f"#{c.number} {c.action} ({c.rule or c.kind}) {c.created_at:%Y-%m-%d}" for c in cases]


def pings(plan: Plan, community: CommunityBase) -> list[str]:
    """Return whom the report pages: what the rules ask, plus on-call for urgent categories."""
    wanted = set(plan.report.pings) if plan.report else set()
    if any(h.match.category in URGENT_CATEGORIES for h in plan.hits):
        wanted.add("on_call")
    found = []
    for ping in sorted(wanted):
        target = community.on_call if ping == "on_call" else ping
        if target:
            found.append(target)
    return found


def action_name(plan: Plan) -> str:
    """Name the case's action: the sanction, else a deletion, else a mere report."""
    if plan.punishment is not None:
        return plan.punishment.kind
    return "delete" if plan.delete else "report"


def where(event: Event) -> str:
    """Describe where an event happened and who caused it, for the log."""
    return f"{event.community}/{event.room} by {event.member.id}"
