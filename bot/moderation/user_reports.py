"""User reports (DSA Art. 16): members flag a message, are acknowledged, then told the decision.

A report is stored with its evidence (the reported text as the reporter's platform gave it),
posted to the mod channel as a card with quick actions, and acknowledged. When moderators
decide (a quick action on the card, a sanction of the reported member, or a dismissal), the
reporter gets the decision by direct message, unless they reported anonymously.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.calls import Call, DmCall, ReportCall
from bot.categories import URGENT_CATEGORIES, Category
from bot.moderation.api import Reply
from bot.moderation.notices import anonymous_ack, decision_notice, report_ack
from bot.moderation.reports import ReportCard
from bot.storage import NewUserReport, UserReport

if TYPE_CHECKING:
    from datetime import datetime

    from bot.config_models import CommunityBase
    from bot.events import Member, ReportFiled
    from bot.executor import Executor
    from bot.moderation.commands import CommandContext
    from bot.storage import CaseRecord

_EXCERPT = 600
_DISCORD_LINK = re.compile(r"^https://(?:\w+\.)?discord(?:app)?\.com/channels/\d+/(\d+)/(\d+)")
_MATRIX_LINK = re.compile(r"^https://matrix\.to/#/([!#][^/?\s]+)/(\$[^?\s]+)")
#: Categories a member may report without giving their identity (DSA Art. 16(2)(c)).
ANONYMOUS_CATEGORIES = frozenset({Category.CHILD_SAFETY})


@dataclass(frozen=True, slots=True, kw_only=True)
class Filing:
    """A member's report, as the command or the adapter gives it."""

    community: str
    room: str
    reporter: Member
    reason: str
    at: datetime
    message_id: str | None = None
    reported: str | None = None
    category: str | None = None
    anonymous: bool = False
    excerpt: str | None = None
    link: str | None = None


class UserReports:
    """File user reports, acknowledge them, and pass the decision on to the reporter."""

    def __init__(self, executor: Executor) -> None:
        self._executor = executor

    async def file(self, filing: Filing) -> UserReport:
        """Store a report with its evidence and post it to the moderators."""
        executor = self._executor
        community = executor.config.communities[filing.community]
        excerpt = (filing.excerpt or "")[:_EXCERPT] or None
        new = NewUserReport(
            community=filing.community,
            room=filing.room,
            reason=filing.reason,
            created_at=filing.at,
            reporter_id=filing.reporter.id,
            anonymous=filing.anonymous,
            message_id=filing.message_id,
            reported_user_id=filing.reported,
            category=filing.category,
            excerpt=excerpt,
            link=filing.link,
        )
        report = await executor.storage.file_user_report(new, _evidence(filing, excerpt))
        card = _card(report, community)
        call = ReportCall(
            community=filing.community,
            channel=community.mod_channel,
            card=card.to_dict(),
            user_report_id=report.id,
        )
        await executor.run_calls(filing.community, None, [call])
        return report

    async def file_event(self, event: ReportFiled) -> UserReport:
        """File a report the platform's own reporting tool sent, and acknowledge it by DM."""
        filing = Filing(
            community=event.community,
            room=event.room,
            reporter=event.member,
            reason=event.reason or "no reason given",
            at=event.ts,
            message_id=event.message_id,
            reported=event.reported_member.id if event.reported_member else None,
            anonymous=event.anonymous,
            excerpt=event.text,
        )
        report = await self.file(filing)
        if not report.anonymous and report.reporter_id:
            text = report_ack(report.community, report.number, report.room, report.created_at)
            await self._dm(report, text)
        return report

    async def decide(
        self,
        report: UserReport,
        *,
        actioned: bool,
        decision: str,
        by: str | None,
        case_id: int | None = None,
    ) -> bool:
        """Record the decision on a report and tell the reporter; False if already decided."""
        executor = self._executor
        decided = await executor.storage.decide_user_report(
            report.id,
            status="actioned" if actioned else "dismissed",
            decision=decision,
            by=by,
            at=executor.clock.now(),
            case_id=case_id,
        )
        if decided is None:
            return False
        if decided.reporter_id:
            community = executor.config.communities[decided.community]
            text = decision_notice(community, decided.community, decided.number, decision)
            await self._dm(decided, text)
        return True

    async def member_sanctioned(self, case: CaseRecord) -> None:
        """Close the open reports about a member who was just sanctioned."""
        storage = self._executor.storage
        for report in await storage.open_user_reports(case.community, case.user_id):
            decision = f"action taken: {case.action} (case #{case.number})"
            await self.decide(
                report, actioned=True, decision=decision, by=case.moderator_id, case_id=case.id
            )

    async def _dm(self, report: UserReport, text: str) -> None:
        assert report.reporter_id is not None
        call: Call = DmCall(community=report.community, user_id=report.reporter_id, text=text)
        await self._executor.run_calls(report.community, report.case_id, [call])


def _evidence(filing: Filing, excerpt: str | None) -> dict[str, Any]:
    return {
        "event": "UserReport",
        "community": filing.community,
        "room": filing.room,
        "message_id": filing.message_id,
        "link": filing.link,
        "reported_id": filing.reported,
        "reporter_id": None if filing.anonymous else filing.reporter.id,
        "anonymous": filing.anonymous,
        "category": filing.category,
        "reason": filing.reason,
        "text": excerpt,
        "ts": filing.at.isoformat(),
    }


def _card(report: UserReport, community: CommunityBase) -> ReportCard:
    pings: tuple[str, ...] = ()
    if report.category in URGENT_CATEGORIES and community.on_call:
        pings = (community.on_call,)
    by = "anonymous" if report.anonymous else (report.reporter_id or "a member")
    return ReportCard(
        community=report.community,
        room=report.room,
        member_id=report.reported_user_id or "unknown",
        message_id=report.message_id,
        link=report.link,
        excerpt=report.excerpt or "",
        rules=(f"user report #{report.number}",),
        categories=(report.category,) if report.category else (),
        severity="high" if report.category in URGENT_CATEGORIES else "medium",
        summaries=(report.reason,),
        actions=(),
        pings=pings,
        user_report=report.number,
        extra={"reported_by": by},
    )


def parse_target(token: str, room: str) -> tuple[str, str]:
    """Read a message link (Discord, matrix.to) or a bare id into (room, message id)."""
    for pattern in (_DISCORD_LINK, _MATRIX_LINK):
        found = pattern.match(token)
        if found:
            return found.group(1), found.group(2)
    return room, token


async def report_command(ctx: CommandContext) -> Reply:
    """`report <message> [reason] [--anon] [--category C]`, or as a reply to the message."""
    parsed = ctx.parse()
    invocation = ctx.invocation
    args = list(parsed.args)
    if invocation.reply_to is not None:
        room, message_id = invocation.room, invocation.reply_to
        reported, excerpt, link = (
            invocation.reply_to_author,
            invocation.reply_to_text,
            invocation.link,
        )
    elif args:
        room, message_id = parse_target(args.pop(0), invocation.room)
        reported, excerpt, link = None, None, None
    else:
        raise ctx.usage("say which message: its link or id, or reply to it")
    category = parsed.flag("category")
    if category is not None and category not in {c.value for c in Category}:
        raise ctx.usage(f"unknown category {category!r}")
    anonymous = bool(parsed.flags.get("anon"))
    if anonymous and category not in ANONYMOUS_CATEGORIES:
        raise ctx.usage("anonymous reports are for child safety: add --category child_safety")
    filing = Filing(
        community=ctx.name,
        room=room,
        reporter=ctx.author,
        reason=" ".join(args) or "no reason given",
        at=ctx.now,
        message_id=message_id,
        reported=reported,
        category=category,
        anonymous=anonymous,
        excerpt=excerpt,
        link=link,
    )
    report = await ctx.router.user_reports.file(filing)
    text = (
        anonymous_ack(report.number)
        if anonymous
        else report_ack(ctx.name, report.number, room, report.created_at)
    )
    public = not invocation.direct and invocation.room != ctx.community.mod_channel
    return Reply(text=text, ephemeral=True, delete_invocation=public)
