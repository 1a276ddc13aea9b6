"""Quick actions: buttons and reactions on a report, handled from what the database says.

The report message is found by its id in storage, so a press works after a restart. Actions
listed in `reports.confirm` need a second press within CONFIRM_WITHIN; the first press is
stored too. Each handled report is edited to say who did what.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.calls import Call, DeleteCall
from bot.moderation.api import Press, Reply
from bot.moderation.casework import lift_standing
from bot.moderation.desk import handled
from bot.moderation.errors import Missing, Refused, UsageError
from bot.moderation.permissions import check_command, check_target
from bot.moderation.reports import QUICK_ACTIONS, QUICK_EMOJI, defuse_mentions
from bot.moderation.sanctioning import outcome_reply
from bot.moderation.sanctions import ManualAction

if TYPE_CHECKING:
    from bot.executor import Executor
    from bot.moderation.user_reports import UserReports
    from bot.storage import CaseRecord, ReportMessage, UserReport
    from bot.storage.workflow import ReportStatus

CONFIRM_WITHIN = timedelta(minutes=2)
#: The command whose permission each quick action needs.
PERMISSION = {"ban": "ban", "timeout": "timeout", "delete": "clean", "dismiss": "dismiss"}


class QuickActions:
    """Carry out ban, timeout, delete and dismiss pressed on a report."""

    def __init__(self, executor: Executor, user_reports: UserReports) -> None:
        self._executor = executor
        self._reports = user_reports

    async def press(self, press: Press) -> Reply:
        """Check and carry out one press."""
        if press.action not in QUICK_ACTIONS:
            raise UsageError(f"unknown quick action {press.action!r}")
        executor = self._executor
        storage = executor.storage
        community = executor.config.communities[press.community]
        check_command(community, press.author, PERMISSION[press.action])
        report = await storage.report_message(press.community, press.message_id)
        if report is None:
            raise Missing("this message is not a Vigie report I know of")
        if report.status != "open":
            status = report.card.get("status") or report.status
            return Reply(text=f"Already handled: {defuse_mentions(status)}", ephemeral=True)
        now = press.ts or executor.clock.now()
        cases = await storage.report_cases(report.id)
        user_report = (
            await storage.user_report(report.user_report_id) if report.user_report_id else None
        )
        target = _target(report, user_report)
        if press.action in ("ban", "timeout"):
            if target is None:
                raise Refused("this report names no member to act on")
            await check_target(
                executor.adapter, press.community, press.author, target, press.action
            )
        elif press.action == "delete" and target is not None:
            # The same rule as `clean --user`: no deleting a peer's or a superior's message.
            verb = "delete the messages of"
            await check_target(executor.adapter, press.community, press.author, target, verb)
        if press.action in community.reports.confirm and not await self._confirmed(press, now):
            emoji = QUICK_EMOJI[press.action]
            text = f"Press {emoji} {press.action} again within 2 minutes to confirm ({target})."
            return Reply(text=text, kind="confirm", ephemeral=True)
        if press.action == "dismiss":
            return await self._dismiss(press, report, cases, user_report, now)
        if press.action == "delete":
            return await self._delete(press, report, cases, user_report, now)
        return await self._sanction(press, report, cases, user_report, target=target or "", now=now)

    async def _confirmed(self, press: Press, now: datetime) -> bool:
        storage = self._executor.storage
        key = f"confirm:{press.community}:{press.message_id}:{press.author.id}:{press.action}"
        earlier = await storage.get_value(key)
        if earlier and now - datetime.fromisoformat(earlier) <= CONFIRM_WITHIN:
            await storage.set_value(key, "", now)
            return True
        await storage.set_value(key, now.isoformat(), now)
        return False

    async def _sanction(
        self,
        press: Press,
        report: ReportMessage,
        cases: list[CaseRecord],
        user_report: UserReport | None,
        *,
        target: str,
        now: datetime,
    ) -> Reply:
        community = self._executor.config.communities[press.community]
        refs = ", ".join(f"#{c.number}" for c in cases)
        origin = f"user report #{user_report.number}" if user_report else f"report on case {refs}"
        first = cases[0] if cases else None
        action = ManualAction(
            community=press.community,
            kind=press.action,
            user_id=target,
            user_name=report.card.get("member_name"),
            moderator_id=press.author.id,
            reason=f"{origin}: {first.reason if first else user_report and user_report.reason}",
            duration=community.reports.quick_timeout if press.action == "timeout" else None,
            room=first.room if first else (user_report.room if user_report else None),
            category=first.category if first else (user_report.category if user_report else None),
            origin="quick",
            facts={"report_message": report.message_id, "cases": [c.number for c in cases]},
        )
        outcome = await self._executor.act(action)
        assert outcome.case is not None
        if user_report is not None:
            decision = f"action taken: {outcome.case.action} (case #{outcome.case.number})"
            await self._reports.decide(
                user_report,
                actioned=True,
                decision=decision,
                by=press.author.id,
                case_id=outcome.case.id,
            )
        status = f"handled by {press.author.id}: {outcome.case.action}, case #{outcome.case.number}"
        await self._close(report, status, "actioned", now)
        return replace(outcome_reply(outcome, target), ephemeral=True)

    async def _delete(
        self,
        press: Press,
        report: ReportMessage,
        cases: list[CaseRecord],
        user_report: UserReport | None,
        now: datetime,
    ) -> Reply:
        reason = f"deleted from a report by {press.author.id}"
        places = [(c.room, c.message_id) for c in cases]
        if user_report is not None:
            places.append((user_report.room, user_report.message_id))
        calls: list[Call] = [
            DeleteCall(community=press.community, room=room, message_id=message, reason=reason)
            for room, message in dict.fromkeys(places)
            if room and message
        ]
        if not calls:
            raise Refused("this report points at no message to delete")
        outcome = await self._executor.run_calls(press.community, report.case_id, calls)
        if user_report is not None:
            await self._reports.decide(
                user_report, actioned=True, decision="the message was removed", by=press.author.id
            )
        await self._close(
            report, f"handled by {press.author.id}: message(s) deleted", "actioned", now
        )
        text = f"Deleted {len(outcome.done)} message(s)."
        if outcome.errors:
            text += " Failed: " + "; ".join(outcome.errors)
        return Reply(text=text, ok=not outcome.given_up, ephemeral=True)

    async def _dismiss(
        self,
        press: Press,
        report: ReportMessage,
        cases: list[CaseRecord],
        user_report: UserReport | None,
        now: datetime,
    ) -> Reply:
        storage = self._executor.storage
        lifted = []
        for case in cases:
            if case.dismissed:
                continue
            await storage.dismiss_case(
                press.community,
                case.number,
                text="dismissed from the report",
                by=press.author.id,
                at=now,
            )
            what = await lift_standing(self._executor, case, press.author.id)
            if what:
                lifted.append(f"{what} of case #{case.number}")
        if user_report is not None:
            await self._reports.decide(
                user_report, actioned=False, decision="no violation found", by=press.author.id
            )
        await self._close(
            report, f"dismissed by {press.author.id} (false positive)", "dismissed", now
        )
        text = "Dismissed as a false positive"
        text += f"; lifted: {', '.join(lifted)}." if lifted else "."
        return Reply(text=text, ephemeral=True)

    async def _close(
        self, report: ReportMessage, status: str, state: ReportStatus, now: datetime
    ) -> None:
        card = handled(report.card, status).to_dict()
        stored = await self._executor.storage.update_report(
            report.id,
            card=card,
            at=now,
            status=state,
        )
        await self._executor.edit_report(stored, card, report.case_id, None)


def _target(report: ReportMessage, user_report: UserReport | None) -> str | None:
    if user_report is not None:
        return user_report.reported_user_id
    return report.member_id
