"""`vigie export statements --since`: DSA Art. 17 statements of reasons, TDB field shape.

One statement per restrictive decision (message removed, member muted, kicked or banned),
with the field names and values of the EU Transparency Database API. `redress` is not a TDB
field: it is the Art. 17(3)(f) text members are given (the community's `appeals`); drop it
before submitting.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.categories import Category

if TYPE_CHECKING:
    from bot.config import Config
    from bot.config_models import CommunityBase
    from bot.storage import CaseRecord, Storage, UserReport

#: Our categories in the Transparency Database's terms: (category, keywords).
TDB_CATEGORY: dict[str, tuple[str, tuple[str, ...]]] = {
    Category.CHILD_SAFETY: (
        "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
        ("KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS",),
    ),
    Category.SEXUAL_SERVICES: (
        "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
        ("KEYWORD_HUMAN_EXPLOITATION",),
    ),
    Category.DRUGS: (
        "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
        ("KEYWORD_GOODS_SERVICES_NOT_PERMITTED",),
    ),
    Category.LURING: ("STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY", ()),
    Category.PERSONAL_DATA: ("STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS", ()),
    Category.SPAM: ("STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE", ()),
    Category.SCAM: ("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", ()),
    Category.HATE_HARASSMENT: ("STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", ()),
    Category.RAID: ("STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE", ()),
}
OTHER = ("STATEMENT_CATEGORY_OTHER_VIOLATION_TC", ())
#: Categories whose content is, in most member states, illegal and not only against the rules.
LIKELY_ILLEGAL = frozenset(
    {Category.CHILD_SAFETY, Category.SEXUAL_SERVICES, Category.DRUGS, Category.LURING}
)
#: The EEA, where a community ban applies.
EEA = [
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IS",
    "IT",
    "LI",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "NO",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
]
RESTRICTIONS = frozenset({"delete", "timeout", "kick", "ban"})


def _date(at: datetime | None) -> str | None:
    return None if at is None else at.strftime("%Y-%m-%d")


def _provision(case: CaseRecord, done: set[str]) -> str | None:
    if "ban" in done or case.action == "ban":
        temporary = case.expires_at is not None
        return (
            "DECISION_PROVISION_TOTAL_SUSPENSION"
            if temporary
            else "DECISION_PROVISION_TOTAL_TERMINATION"
        )
    if "kick" in done or case.action == "kick":
        return "DECISION_PROVISION_TOTAL_SUSPENSION"
    if "timeout" in done or case.action == "timeout":
        return "DECISION_PROVISION_PARTIAL_SUSPENSION"
    return None


def statement(
    case: CaseRecord,
    *,
    done: set[str],
    evidence: dict[str, Any] | None,
    report: UserReport | None,
    community: CommunityBase | None,
) -> dict[str, Any]:
    """Build the statement of reasons of one case."""
    category, keywords = TDB_CATEGORY.get(case.category or "", OTHER)
    evidence = evidence or {}
    automated_detection = case.kind == "auto" or bool(evidence.get("cases"))
    content_at = evidence.get("ts")
    matches = evidence.get("matches", [])
    signals = sorted({s for m in matches for s in m.get("signals", [])})
    facts = [case.reason or "no reason recorded"]
    if case.rule:
        facts.append(f"rule: {case.rule}")
    if signals:
        facts.append(f"signals: {', '.join(signals)}")
    if report is not None:
        facts.append(f"reported by a member (report #{report.number}): {report.reason}")
    body: dict[str, Any] = {
        "puid": f"{case.community}-case-{case.number}",
        "decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        "incompatible_content_ground": f"community rules of {case.community}"
        + (f", rule {case.rule}" if case.rule else ""),
        "incompatible_content_explanation": case.reason or "",
        "incompatible_content_illegal": "Yes" if case.category in LIKELY_ILLEGAL else "No",
        "category": category,
        "content_type": ["CONTENT_TYPE_TEXT"],
        "content_date": (content_at or case.created_at.isoformat())[:10],
        "application_date": _date(case.created_at),
        "decision_facts": "; ".join(facts),
        "source_type": "SOURCE_ARTICLE_16" if report is not None else "SOURCE_VOLUNTARY",
        "automated_detection": "Yes" if automated_detection else "No",
        "automated_decision": "AUTOMATED_DECISION_FULLY"
        if case.kind == "auto"
        else "AUTOMATED_DECISION_NOT_AUTOMATED",
        "territorial_scope": EEA,
        "redress": community.appeals if community is not None else None,
    }
    if keywords:
        body["category_specification"] = list(keywords)
    if community is not None and community.terms_url:
        body["decision_ground_reference_url"] = community.terms_url
    if "delete" in done or case.action == "delete":
        body["decision_visibility"] = ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    provision = _provision(case, done)
    if provision is not None:
        body["decision_provision"] = provision
        if case.expires_at is not None:
            body["end_date_service_restriction"] = _date(case.expires_at)
    if any(
        a.get("content_type", "") and str(a["content_type"]).startswith("image/")
        for a in evidence.get("attachments", [])
    ):
        body["content_type"].append("CONTENT_TYPE_IMAGE")
    return body


async def statements(
    config: Config,
    storage: Storage,
    since: datetime,
    until: datetime | None = None,
    community: str | None = None,
) -> list[dict[str, Any]]:
    """Build the statements of every restrictive decision in a time range."""
    names = [community] if community else list(config.communities)
    found: list[dict[str, Any]] = []
    for name in names:
        cfg = config.communities.get(name)
        reports = {r.case_id: r for r in await storage.user_reports_between(name) if r.case_id}
        actions = await storage.pending_actions(name, "done")
        done_by_case: dict[int, set[str]] = {}
        for action in actions:
            if action.case_id is not None:
                done_by_case.setdefault(action.case_id, set()).add(action.kind)
        for case in await storage.cases_between(name, since, until):
            done = done_by_case.get(case.id, set()) & RESTRICTIONS
            if case.dry_run or not (done or case.kind == "platform"):
                continue
            if case.kind == "platform" and case.action not in RESTRICTIONS:
                continue
            records = await storage.evidence(community=name, case_id=case.id)
            evidence = records[0].payload if records else None
            found.append(
                statement(
                    case, done=done, evidence=evidence, report=reports.get(case.id), community=cfg
                )
            )
    return found
