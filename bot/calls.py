"""Platform calls: actions bound to their target, stored as pending until they succeed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from bot.adapters.base import Adapter
from bot.moderation.reports import ReportCard


@dataclass(frozen=True, slots=True, kw_only=True)
class Call:
    """One adapter call, serializable so it survives a restart."""

    kind: ClassVar[str] = "call"
    community: str

    async def run(self, adapter: Adapter) -> None:
        """Carry out the call through the adapter."""
        raise NotImplementedError

    def payload(self) -> dict[str, Any]:
        """Return the call as JSON-ready data."""
        data = asdict(self)
        return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in data.items()}


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteCall(Call):
    """Delete a message."""

    kind: ClassVar[str] = "delete"
    room: str
    message_id: str
    reason: str

    async def run(self, adapter: Adapter) -> None:
        """Delete the message."""
        await adapter.delete_message(self.community, self.room, self.message_id, self.reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class WarnCall(Call):
    """Warn a member."""

    kind: ClassVar[str] = "warn"
    room: str
    user_id: str
    reason: str

    async def run(self, adapter: Adapter) -> None:
        """Warn the member."""
        await adapter.warn(self.community, self.room, self.user_id, self.reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeoutCall(Call):
    """Mute a member until a time."""

    kind: ClassVar[str] = "timeout"
    user_id: str
    until: datetime
    reason: str

    async def run(self, adapter: Adapter) -> None:
        """Mute the member."""
        await adapter.timeout(self.community, self.user_id, self.until, self.reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class UntimeoutCall(Call):
    """Unmute a member."""

    kind: ClassVar[str] = "untimeout"
    user_id: str
    reason: str

    async def run(self, adapter: Adapter) -> None:
        """Unmute the member."""
        await adapter.untimeout(self.community, self.user_id, self.reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class KickCall(Call):
    """Kick a member."""

    kind: ClassVar[str] = "kick"
    user_id: str
    reason: str

    async def run(self, adapter: Adapter) -> None:
        """Kick the member."""
        await adapter.kick(self.community, self.user_id, self.reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class BanCall(Call):
    """Ban a member."""

    kind: ClassVar[str] = "ban"
    user_id: str
    reason: str
    clean_seconds: int = 0

    async def run(self, adapter: Adapter) -> None:
        """Ban the member."""
        await adapter.ban(self.community, self.user_id, self.reason, self.clean_seconds)


@dataclass(frozen=True, slots=True, kw_only=True)
class UnbanCall(Call):
    """Lift a ban."""

    kind: ClassVar[str] = "unban"
    user_id: str
    reason: str

    async def run(self, adapter: Adapter) -> None:
        """Unban the member."""
        await adapter.unban(self.community, self.user_id, self.reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportCall(Call):
    """Post a report card in the mod channel."""

    kind: ClassVar[str] = "report"
    channel: str
    card: dict[str, Any] = field(default_factory=dict)

    async def run(self, adapter: Adapter) -> None:
        """Post the report."""
        await adapter.send_report(self.community, self.channel, ReportCard.from_dict(self.card))


CALLS: dict[str, type[Call]] = {
    c.kind: c
    for c in (DeleteCall, WarnCall, TimeoutCall, UntimeoutCall, KickCall, BanCall, UnbanCall)
}
CALLS[ReportCall.kind] = ReportCall


def call_from(kind: str, payload: dict[str, Any]) -> Call:
    """Rebuild a stored call."""
    cls = CALLS[kind]
    data = dict(payload)
    if "until" in data:
        data["until"] = datetime.fromisoformat(data["until"])
    return cls(**data)
