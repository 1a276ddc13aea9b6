"""The report desk: remember posted reports, group floods into one, mark them handled."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.categories import Severity
from bot.moderation.reports import ReportCard

if TYPE_CHECKING:
    from bot.calls import ReportCall
    from bot.config_models import CommunityBase
    from bot.storage import ReportMessage, Storage

#: How many incident lines a grouped report keeps (the newest).
GROUP_LINES = 5
_LINE_TEXT = 80


def severity_rank(card: dict[str, Any] | ReportCard) -> int:
    """Return a card's severity as a number (low 1 ... critical 4)."""
    name = card["severity"] if isinstance(card, dict) else card.severity
    try:
        return int(Severity[str(name).upper()])
    except KeyError:
        return int(Severity.MEDIUM)


class ReportDesk:
    """Keep the link between report messages and cases; build grouped and handled cards."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def group_for(
        self, community: CommunityBase, name: str, member_id: str, card: ReportCard, now: datetime
    ) -> ReportMessage | None:
        """Return the open report this incident should join, or None to post a new one."""
        window = community.reports.group_within
        if not window or card.pings:
            # A report that pages someone must be a new message: an edit pings nobody.
            return None
        group = await self._storage.open_report(name, member_id, now - window)
        if group is None or severity_rank(card) > group.severity:
            return None
        return group

    async def posted(
        self, call: ReportCall, message_id: str, case_id: int | None, now: datetime
    ) -> None:
        """Remember a report the adapter posted, so presses on it find its cases."""
        card = dict(call.card)
        await self._storage.record_report_message(
            community=call.community,
            channel=call.channel,
            message_id=message_id,
            member_id=card.get("member_id"),
            case_id=case_id,
            user_report_id=call.user_report_id,
            severity=severity_rank(card),
            card=card,
            at=now,
        )


def grouped(group: ReportMessage, card: ReportCard, case_number: int, at: datetime) -> ReportCard:
    """Return the group's card with one more incident attached."""
    head = ReportCard.from_dict(group.card)
    cases = head.group_cases or ((head.case_number,) if head.case_number is not None else ())
    excerpt = card.excerpt.replace("\n", " ")
    if len(excerpt) > _LINE_TEXT:
        excerpt = excerpt[: _LINE_TEXT - 1] + "…"
    rules = ", ".join(card.rules)
    line = f"#{case_number} {at:%H:%M:%S} {card.room} ({rules}): {excerpt}"
    return replace(
        head,
        group_count=head.group_count + 1,
        group_cases=(*cases, case_number),
        group_lines=(*head.group_lines, line)[-GROUP_LINES:],
        rules=tuple(dict.fromkeys(head.rules + card.rules)),
        categories=tuple(dict.fromkeys(head.categories + card.categories)),
        signals=tuple(dict.fromkeys(head.signals + card.signals)),
        actions=tuple(dict.fromkeys(head.actions + card.actions)),
    )


def handled(card: dict[str, Any], status: str) -> ReportCard:
    """Return a card marked as handled: its status shown, its buttons gone."""
    return replace(ReportCard.from_dict(card), status=status, quick_actions=())
