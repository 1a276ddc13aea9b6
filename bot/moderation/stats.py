"""`vigie stats`: counts per category and action, proactive vs reported, time to action."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.storage import CaseRecord, Storage

SANCTIONS = frozenset({"delete", "warn", "timeout", "kick", "ban"})


@dataclass(slots=True)
class Stats:
    """Hold the figures of one community over a time range."""

    community: str
    by_category: Counter[str] = field(default_factory=Counter)
    by_action: Counter[str] = field(default_factory=Counter)
    by_origin: Counter[str] = field(default_factory=Counter)
    user_reports: Counter[str] = field(default_factory=Counter)
    proactive_seconds: list[float] = field(default_factory=list)
    reported_seconds: list[float] = field(default_factory=list)
    reviewed_seconds: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready figures."""
        return {
            "community": self.community,
            "cases_by_category": dict(sorted(self.by_category.items())),
            "cases_by_action": dict(sorted(self.by_action.items())),
            "cases_by_origin": dict(sorted(self.by_origin.items())),
            "user_reports": dict(sorted(self.user_reports.items())),
            "median_seconds_to_action": {
                "proactive": _median(self.proactive_seconds),
                "reported": _median(self.reported_seconds),
                "reviewed": _median(self.reviewed_seconds),
            },
        }

    def table(self) -> str:
        """Render the figures as text."""
        data = self.as_dict()
        lines = [f"community {self.community}"]
        for title, key in (
            ("cases by category", "cases_by_category"),
            ("cases by action", "cases_by_action"),
            ("cases by origin", "cases_by_origin"),
            ("user reports", "user_reports"),
        ):
            counts = data[key]
            shown = ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
            lines.append(f"  {title}: {shown}")
        medians = data["median_seconds_to_action"]
        lines.append(
            "  median time to action: proactive "
            f"{_seconds(medians['proactive'])}, reported {_seconds(medians['reported'])}, "
            f"automatic report to moderator {_seconds(medians['reviewed'])}"
        )
        return "\n".join(lines)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 120:
        return f"{value:.0f}s"
    if value < 7200:
        return f"{value / 60:.0f}m"
    return f"{value / 3600:.1f}h"


async def gather(
    storage: Storage,
    community: str,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Stats:
    """Count a community's cases and reports in a time range."""
    stats = Stats(community)
    reports = await storage.user_reports_between(community, since, until)
    reported_cases = {r.case_id for r in reports if r.case_id is not None}
    for report in reports:
        stats.user_reports[report.status] += 1
        if report.decided_at is not None and report.status == "actioned":
            stats.reported_seconds.append((report.decided_at - report.created_at).total_seconds())
    numbered: dict[int, CaseRecord] = {}
    for case in await storage.cases_between(community, since, until):
        numbered[case.number] = case
        if case.dry_run or case.action not in SANCTIONS:
            continue
        stats.by_category[case.category or "none"] += 1
        stats.by_action[case.action] += 1
        if case.id in reported_cases:
            origin = "reported"
        elif case.kind == "auto":
            origin = "proactive"
        else:
            origin = "moderator" if case.kind == "manual" else "platform"
        stats.by_origin[origin] += 1
        if case.kind not in ("auto", "manual"):
            continue
        records = await storage.evidence(community=community, case_id=case.id)
        payload = records[0].payload if records else {}
        if case.kind == "auto" and payload.get("ts"):
            delay = case.created_at - datetime.fromisoformat(payload["ts"])
            stats.proactive_seconds.append(max(0.0, delay.total_seconds()))
        # A quick action names the automatic cases it answered: time from report to decision.
        first = next((numbered[n] for n in payload.get("cases", []) if n in numbered), None)
        if first is not None:
            stats.reviewed_seconds.append((case.created_at - first.created_at).total_seconds())
    return stats
