"""Store the moderators' workflow: report messages, user reports, ladder counts, dismissals."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.storage import case_queries, workflow
from bot.storage import evidence as ledger
from bot.storage.database import Database
from bot.storage.records import CaseRecord
from bot.storage.workflow import NewUserReport, ReportMessage, UserReport


class WorkflowStore(Database):
    """Read and write what moderators work with besides the cases themselves."""

    async def record_report_message(
        self,
        *,
        community: str,
        channel: str,
        message_id: str,
        member_id: str | None,
        case_id: int | None,
        user_report_id: int | None,
        severity: int,
        card: dict[str, Any],
        at: datetime,
    ) -> ReportMessage:
        """Remember a report posted in the mod channel, so quick actions find its cases."""
        async with self._transaction() as session:
            return await workflow.insert_report_message(
                session,
                community=community,
                channel=channel,
                message_id=message_id,
                member_id=member_id,
                case_id=case_id,
                user_report_id=user_report_id,
                severity=severity,
                card=card,
                at=at,
            )

    async def report_message(self, community: str, message_id: str) -> ReportMessage | None:
        """Return the report posted as this message, if any."""
        async with self._transaction() as session:
            return await workflow.find_report_message(session, community, message_id)

    async def open_report(
        self, community: str, member_id: str, since: datetime
    ) -> ReportMessage | None:
        """Return the member's newest open incident report opened since a time."""
        async with self._transaction() as session:
            return await workflow.open_report_for(session, community, member_id, since)

    async def attach_to_report(
        self, report_id: int, case_id: int, card: dict[str, Any], at: datetime
    ) -> ReportMessage:
        """Group a case into an existing report and store its new card."""
        async with self._transaction() as session:
            return await workflow.attach_case(session, report_id, case_id, card, at)

    async def update_report(
        self,
        report_id: int,
        *,
        card: dict[str, Any],
        at: datetime,
        status: workflow.ReportStatus | None = None,
    ) -> ReportMessage:
        """Replace a report's card and optionally its status."""
        async with self._transaction() as session:
            return await workflow.update_report(session, report_id, card=card, at=at, status=status)

    async def report_cases(self, report_id: int) -> list[CaseRecord]:
        """Return the cases a report stands for, oldest first."""
        async with self._transaction() as session:
            return await workflow.cases_of_report(session, report_id)

    async def file_user_report(
        self, new: NewUserReport, evidence: dict[str, Any] | None
    ) -> UserReport:
        """Store a user report and, in the same transaction, its evidence record."""
        async with self._transaction() as session:
            report = await workflow.insert_user_report(session, new)
            if evidence is None:
                return report
            link = await ledger.append(session, new.community, None, evidence, new.created_at)
            await workflow.set_user_report_evidence(session, report.id, link.seq)
            return replace(report, evidence_seq=link.seq)

    async def user_report(self, report_id: int) -> UserReport | None:
        """Return a user report by database id."""
        async with self._transaction() as session:
            return await workflow.get_user_report(session, report_id)

    async def open_user_reports(
        self, community: str, reported_user_id: str | None = None
    ) -> list[UserReport]:
        """Return open user reports, optionally about one member."""
        async with self._transaction() as session:
            return await workflow.open_user_reports(session, community, reported_user_id)

    async def decide_user_report(
        self,
        report_id: int,
        *,
        status: workflow.ReportStatus,
        decision: str,
        by: str | None,
        at: datetime,
        case_id: int | None = None,
    ) -> UserReport | None:
        """Record the decision on an open user report; None if it was already decided."""
        async with self._transaction() as session:
            return await workflow.decide_user_report(
                session, report_id, status=status, decision=decision, by=by, at=at, case_id=case_id
            )

    async def user_reports_between(
        self,
        community: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[UserReport]:
        """Return user reports filed in a time range, oldest first."""
        async with self._transaction() as session:
            return await workflow.user_reports_between(session, community, since, until)

    async def count_sanctions(
        self,
        community: str,
        user_id: str,
        action: str,
        since: datetime,
        categories: Collection[str] | None = None,
    ) -> int:
        """Count a member's live (not dry-run, not dismissed) cases of a sanction since a time."""
        async with self._transaction() as session:
            return await case_queries.count_sanctions(
                session, community, user_id, action, since=since, categories=categories
            )

    async def dismiss_case(
        self, community: str, number: int, *, text: str, by: str | None, at: datetime
    ) -> CaseRecord:
        """Mark a case as a false positive and log it; raise StorageNotFound if unknown."""
        async with self._transaction() as session:
            return await case_queries.dismiss_case(
                session, community, number, text=text, by=by, at=at
            )

    async def cases_between(
        self,
        community: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[CaseRecord]:
        """Return cases created in a time range, oldest first."""
        async with self._transaction() as session:
            return await case_queries.cases_between(session, community, since, until)

    async def active_cases(self, community: str, user_id: str, action: str) -> list[CaseRecord]:
        """Return a member's active cases of one sanction."""
        async with self._transaction() as session:
            return await case_queries.active_cases(session, community, user_id, action)
