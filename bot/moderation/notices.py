"""The words sent to members: sanction notices, report acknowledgements and decisions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.durations import format_duration
from bot.moderation.reports import defuse_mentions

if TYPE_CHECKING:
    from bot.config_models import CommunityBase

_VERBS = {
    "warn": "You were warned",
    "timeout": "You were muted",
    "kick": "You were removed",
    "ban": "You were banned",
    "delete": "Your message was removed",
}


def when(at: datetime) -> str:
    """Print a time the same way in every notice."""
    return at.strftime("%Y-%m-%d %H:%M UTC")


def sanction_notice(
    community: CommunityBase,
    name: str,
    kind: str,
    reason: str,
    *,
    duration: timedelta | None,
    automated: bool,
) -> str:
    """Tell a member what was decided about them, why, and how to contest it (DSA Art. 17)."""
    verb = _VERBS.get(kind, f"Moderators applied: {kind}")
    span = f" for {format_duration(duration)}" if duration else ""
    how = "automatically, by the community's rules" if automated else "by a moderator"
    lines = [f"[{name}] {verb}{span}, {how}.", f"Reason: {defuse_mentions(reason)}"]
    if community.terms_url:
        lines.append(f"Rules: {community.terms_url}")
    if community.appeals:
        lines.append(community.appeals)
    return "\n".join(lines)


def report_ack(community_name: str, number: int, room: str, at: datetime) -> str:
    """Acknowledge a member's report at once (DSA Art. 16(4))."""
    return (
        f"[{community_name}] Your report #{number} about a message in {room} was received on "
        f"{when(at)}. Moderators will review it and you will be told their decision."
    )


def anonymous_ack(number: int) -> str:
    """Acknowledge an anonymous report: nothing links it to the reporter."""
    return (
        f"Report #{number} received, anonymously: moderators will review it. As nothing links it "
        "to you, no decision notice can be sent."
    )


def decision_notice(
    community: CommunityBase, community_name: str, number: int, decision: str
) -> str:
    """Tell a reporter what moderators decided about their report (DSA Art. 16(5))."""
    lines = [f"[{community_name}] Decision on your report #{number}: {defuse_mentions(decision)}."]
    if community.appeals:
        lines.append(community.appeals)
    return "\n".join(lines)
