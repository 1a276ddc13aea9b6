"""Store the moderators' workflow: report messages, user reports, ladder counts, dismissals.

Most methods are the queries of bot.storage.workflow and bot.storage.case_queries, each run in
a transaction of its own: their arguments are declared there, once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.storage import case_queries, workflow
from bot.storage import evidence as ledger
from bot.storage.database import Database, transactional
from bot.storage.workflow import NewUserReport, UserReport


class WorkflowStore(Database):
    """Read and write what moderators work with besides the cases themselves."""

    # Reports posted in the mod channel, so quick actions and grouping find their cases.
    record_report_message = transactional(workflow.insert_report_message)
    report_message = transactional(workflow.find_report_message)
    open_report = transactional(workflow.open_report_for)
    attach_to_report = transactional(workflow.attach_case)
    update_report = transactional(workflow.update_report)
    report_cases = transactional(workflow.cases_of_report)

    # Reports filed by members.
    user_report = transactional(workflow.get_user_report)
    open_user_reports = transactional(workflow.open_user_reports)
    decide_user_report = transactional(workflow.decide_user_report)
    user_reports_between = transactional(workflow.user_reports_between)

    # Cases as the ladders, dismissals and statements read them.
    count_sanctions = transactional(case_queries.count_sanctions)
    dismiss_case = transactional(case_queries.dismiss_case)
    cases_between = transactional(case_queries.cases_between)
    active_cases = transactional(case_queries.active_cases)

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
