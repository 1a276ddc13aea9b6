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

    async def run(self, adapter: Adapter) -> str | None:
        """Carry out the call through the adapter; return the id of what it posted, if any."""
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

    async def run(self, adapter: Adapter) -> str | None:
        """Delete the message."""
        await adapter.delete_message(self.community, self.room, self.message_id, self.reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class WarnCall(Call):
    """Warn a member."""

    kind: ClassVar[str] = "warn"
    room: str
    user_id: str
    reason: str

    async def run(self, adapter: Adapter) -> str | None:
        """Warn the member."""
        await adapter.warn(self.community, self.room, self.user_id, self.reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeoutCall(Call):
    """Mute a member until a time."""

    kind: ClassVar[str] = "timeout"
    user_id: str
    until: datetime
    reason: str

    async def run(self, adapter: Adapter) -> str | None:
        """Mute the member."""
        await adapter.timeout(self.community, self.user_id, self.until, self.reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class UntimeoutCall(Call):
    """Unmute a member."""

    kind: ClassVar[str] = "untimeout"
    user_id: str
    reason: str

    async def run(self, adapter: Adapter) -> str | None:
        """Unmute the member."""
        await adapter.untimeout(self.community, self.user_id, self.reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class KickCall(Call):
    """Kick a member."""

    kind: ClassVar[str] = "kick"
    user_id: str
    reason: str

    async def run(self, adapter: Adapter) -> str | None:
        """Kick the member."""
        await adapter.kick(self.community, self.user_id, self.reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class BanCall(Call):
    """Ban a member."""

    kind: ClassVar[str] = "ban"
    user_id: str
    reason: str
    clean_seconds: int = 0

    async def run(self, adapter: Adapter) -> str | None:
        """Ban the member."""
        await adapter.ban(self.community, self.user_id, self.reason, self.clean_seconds)


@dataclass(frozen=True, slots=True, kw_only=True)
class UnbanCall(Call):
    """Lift a ban."""

    kind: ClassVar[str] = "unban"
    user_id: str
    reason: str

    async def run(self, adapter: Adapter) -> str | None:
        """Unban the member."""
        await adapter.unban(self.community, self.user_id, self.reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportCall(Call):
    """Post a report card in the mod channel."""

    kind: ClassVar[str] = "report"
    channel: str
    card: dict[str, Any] = field(default_factory=dict)
    user_report_id: int | None = None

    async def run(self, adapter: Adapter) -> str | None:
        """Post the report and return its message id."""
        card = ReportCard.from_dict(self.card)
        return await adapter.send_report(self.community, self.channel, card)


@dataclass(frozen=True, slots=True, kw_only=True)
class EditReportCall(Call):
    """Replace a posted report (grouping, "handled by"); the newest stored card is sent."""

    kind: ClassVar[str] = "report_edit"
    channel: str
    message_id: str
    card: dict[str, Any] = field(default_factory=dict)

    async def run(self, adapter: Adapter) -> str | None:
        """Edit the report."""
        card = ReportCard.from_dict(self.card)
        await adapter.edit_report(self.community, self.channel, self.message_id, card)
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class DmCall(Call):
    """Send a direct message: notices to sanctioned members, acknowledgements, decisions."""

    kind: ClassVar[str] = "dm"
    user_id: str
    text: str

    async def run(self, adapter: Adapter) -> str | None:
        """Send the message."""
        return await adapter.send_dm(self.community, self.user_id, self.text)


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageCall(Call):
    """Post plain text in a room (the mod channel, mostly)."""

    kind: ClassVar[str] = "message"
    room: str
    text: str

    async def run(self, adapter: Adapter) -> str | None:
        """Post the text."""
        return await adapter.send_message(self.community, self.room, self.text)


CALLS: dict[str, type[Call]] = {
    c.kind: c
    for c in (
        DeleteCall,
        WarnCall,
        TimeoutCall,
        UntimeoutCall,
        KickCall,
        BanCall,
        UnbanCall,
        ReportCall,
        EditReportCall,
        DmCall,
        MessageCall,
    )
}


def call_from(kind: str, payload: dict[str, Any]) -> Call:
    """Rebuild a stored call."""
    cls = CALLS[kind]
    data = dict(payload)
    if "until" in data:
        data["until"] = datetime.fromisoformat(data["until"])
    return cls(**data)
