"""Report cards for the mod channel: what happened, why, and what moderators can do."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.actions import Plan
from bot.events import MessageCreated

_EXCERPT = 600
# A zero-width space breaks every mass-mention syntax we know of without changing the look.
# No word boundary after the name: Discord pings on "@everyone_" and "@here2" too.
_MENTIONS = re.compile(r"@(everyone|here|room|channel)|<@[!&]?(?=\d)|<#(?=\d)", re.IGNORECASE)

QUICK_ACTIONS = ("ban", "timeout", "delete", "dismiss")
#: The reactions a Matrix adapter puts under a report, and the quick action each one means.
QUICK_EMOJI = {
    "ban": "\U0001f528",
    "timeout": "\U0001f507",
    "delete": "\U0001f5d1\ufe0f",
    "dismiss": "\u2705",
}
_BY_EMOJI = {emoji.rstrip("\ufe0f"): action for action, emoji in QUICK_EMOJI.items()}
_GROUP_TUPLES = ("group_cases", "group_lines")
_CARD_TUPLES = (
    *("rules", "categories", "signals", "summaries", "actions", "history", "pings"),
    "related",
)


def quick_action_for(emoji: str) -> str | None:
    """Return the quick action a reaction stands for (variation selectors ignored), or None."""
    return _BY_EMOJI.get(emoji.rstrip("\ufe0f"))


def defuse_mentions(text: str) -> str:
    """Make quoted text unable to ping anyone: @everyone, @here, @room, <@id>, <@&role>."""
    return _MENTIONS.sub(lambda m: m.group(0)[0] + "\u200b" + m.group(0)[1:], text)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportCard:
    """Everything a report shows, neutral; adapters render it as embed or HTML."""

    community: str
    room: str
    member_id: str
    member_name: str | None = None
    case_number: int | None = None
    message_id: str | None = None
    link: str | None = None
    excerpt: str = ""
    spans: tuple[tuple[int, int], ...] = ()
    rules: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    severity: str = "medium"
    signals: tuple[str, ...] = ()
    summaries: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    history: tuple[str, ...] = ()
    pings: tuple[str, ...] = ()
    # Earlier messages of the thread, "id (category): excerpt", then those a rule's doubt
    # keeps as context only, "id (context only, why): excerpt".
    related: tuple[str, ...] = ()
    dry_run: bool = False
    quick_actions: tuple[str, ...] = QUICK_ACTIONS
    extra: dict[str, str] = field(default_factory=dict)
    # Grouping: later incidents of the same member attached to this report.
    group_count: int = 1
    group_cases: tuple[int, ...] = ()
    group_lines: tuple[str, ...] = ()
    # What moderators decided, once they did ("Handled by @mod: ban, case #9").
    status: str | None = None
    # Set on reports filed by members rather than by the rules.
    user_report: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportCard:
        """Rebuild a card from stored data."""
        fixed = dict(data)
        for name in _CARD_TUPLES:
            fixed[name] = tuple(fixed.get(name, ()))
        fixed["quick_actions"] = tuple(fixed.get("quick_actions", QUICK_ACTIONS))
        fixed["spans"] = tuple(tuple(s) for s in fixed.get("spans", ()))
        for name in _GROUP_TUPLES:
            fixed[name] = tuple(fixed.get(name, ()))
        return cls(**fixed)

    def highlighted(self, before: str = "»", after: str = "«") -> str:
        """Return the excerpt, defused, with each matched span wrapped in markers."""
        text = self.excerpt
        pieces: list[str] = []
        cursor = 0
        for start, end in sorted(self.spans):
            if start < cursor or end > len(text):
                continue
            pieces += [
                defuse_mentions(text[cursor:start]),
                before,
                defuse_mentions(text[start:end]),
            ]
            pieces.append(after)
            cursor = end
        pieces.append(defuse_mentions(text[cursor:]))
        return "".join(pieces)

    def render_text(self) -> str:
        """Render the card as plain text, the form every platform can show."""
        head = "[DRY RUN] " if self.dry_run else ""
        case = f"Case #{self.case_number} · " if self.case_number is not None else ""
        who = f"{self.member_name} ({self.member_id})" if self.member_name else self.member_id
        lines = [
            f"{head}{case}{', '.join(self.categories)} · severity {self.severity}",
            f"Who: {defuse_mentions(who)} · Where: {self.room}",
        ]
        if self.link:
            lines.append(f"Message: {self.link}")
        if self.excerpt:
            lines.append(f"> {self.highlighted()}")
        lines.append(f"Rules: {', '.join(self.rules)}")
        lines += [f"Why: {defuse_mentions(s)}" for s in self.summaries]
        if self.signals:
            lines.append(f"Signals: {', '.join(self.signals)}")
        lines.append(f"Action: {', '.join(self.actions) or 'none (report only)'}")
        if "escalated" in self.extra:
            lines.append(f"Escalated by the ladders: {self.extra['escalated']}")
        lines += [f"Related: {defuse_mentions(line)}" for line in self.related]
        if self.history:
            lines.append("History: " + "; ".join(self.history))
        if self.pings:
            lines.append("Paging: " + " ".join(self.pings))
        lines += self._group_and_status()
        return "\n".join(lines)

    def _group_and_status(self) -> list[str]:
        lines: list[str] = []
        if self.user_report is not None:
            by = self.extra.get("reported_by", "a member")
            lines.insert(0, f"User report #{self.user_report} by {defuse_mentions(by)}")
        if self.group_count > 1:
            cases = ", ".join(f"#{n}" for n in self.group_cases)
            lines.append(f"Grouped: {self.group_count} incidents from this member ({cases})")
            lines += [f"  {defuse_mentions(line)}" for line in self.group_lines]
        if self.status:
            lines.append(f"Status: {defuse_mentions(self.status)}")
        elif self.quick_actions:
            lines.append("Quick actions: " + ", ".join(self.quick_actions))
        return lines


def _window(text: str, first: int) -> tuple[str, int]:
    """Return an excerpt of a long text that shows its first match, and its offset in it."""
    # A long message would otherwise hide a match past the excerpt's end from moderators.
    if len(text) <= _EXCERPT or first < _EXCERPT // 2:
        return text[:_EXCERPT], 0
    start = min(first - _EXCERPT // 4, len(text) - _EXCERPT + 1)
    return "…" + text[start : start + _EXCERPT - 1], start - 1


def card_for(
    plan: Plan, *, case_number: int | None, actions: list[str], history: list[str], pings: list[str]
) -> ReportCard:
    """Build the report card of a plan."""
    event = plan.event
    hits = plan.hits or plan.dry_hits
    excerpt, link, message_id = "", None, None
    spans: tuple[tuple[int, int], ...] = ()
    if isinstance(event, MessageCreated):
        matched = sorted((s.start, s.end) for h in hits for s in h.match.spans)
        excerpt, shift = _window(event.text, matched[0][0] if matched else 0)
        spans = tuple(
            (start - shift, end - shift)
            for start, end in matched
            if (start > shift or not shift) and end - shift <= len(excerpt)
        )
        link, message_id = event.link, event.message_id
    worst = max((h.match.severity for h in hits), default=None)
    return ReportCard(
        community=event.community,
        room=event.room,
        member_id=event.member.id,
        member_name=event.member.display_name,
        case_number=case_number,
        message_id=message_id,
        link=link,
        excerpt=excerpt,
        spans=spans,
        rules=tuple(dict.fromkeys(h.rule for h in hits)),
        categories=tuple(dict.fromkeys(str(h.match.category) for h in hits)),
        severity=worst.name.lower() if worst is not None else "low",
        signals=tuple(dict.fromkeys(s for h in hits for s in h.match.signals)),
        summaries=tuple(dict.fromkeys(h.match.summary for h in hits)),
        actions=tuple(actions),
        history=tuple(history),
        pings=tuple(pings),
        related=tuple(f"{r.message_id} ({r.category}): {r.excerpt}" for r in plan.related)
        + tuple(f"{r.message_id} (context only, {r.doubt}): {r.excerpt}" for r in plan.context),
        dry_run=not plan.hits,
    )
