"""Platform calls: actions bound to their target, stored as pending until they succeed.

Each call names the adapter coroutine it makes (`method`); its fields after `community` are
that coroutine's arguments, in order. A call's stored JSON form is its fields, times as
ISO 8601 text.
"""

from __future__ import annotations

import functools
import typing
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from bot.adapters.base import Adapter
from bot.moderation.reports import ReportCard


@dataclass(frozen=True, slots=True, kw_only=True)
class Call:
    """One adapter call, serializable so it survives a restart."""

    kind: ClassVar[str] = "call"
    #: The `Adapter` coroutine the call makes.
    method: ClassVar[str] = ""
    community: str

    async def run(self, adapter: Adapter) -> str | None:
        """Carry out the call through the adapter; return the id of what it posted, if any."""
        posted: str | None = await getattr(adapter, self.method)(*self.arguments())
        return posted

    def arguments(self) -> tuple[Any, ...]:
        """Return the adapter coroutine's arguments: the fields, in their declared order."""
        return tuple(getattr(self, f.name) for f in fields(self))

    def payload(self) -> dict[str, Any]:
        """Return the call as JSON-ready data."""
        data = asdict(self)
        return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in data.items()}


CALLS: dict[str, type[Call]] = {}
C = TypeVar("C", bound=type[Call])


def _registered(cls: C) -> C:
    """Make a call kind loadable from storage."""
    CALLS[cls.kind] = cls
    return cls


@_registered
@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteCall(Call):
    """Delete a message."""

    kind: ClassVar[str] = "delete"
    method: ClassVar[str] = "delete_message"
    room: str
    message_id: str
    reason: str


@_registered
@dataclass(frozen=True, slots=True, kw_only=True)
class WarnCall(Call):
    """Warn a member."""

    kind: ClassVar[str] = "warn"
    method: ClassVar[str] = "warn"
    room: str
    user_id: str
    reason: str


@_registered
@dataclass(frozen=True, slots=True, kw_only=True)
class TimeoutCall(Call):
    """Mute a member until a time."""

    kind: ClassVar[str] = "timeout"
    method: ClassVar[str] = "timeout"
    user_id: str
    until: datetime
    reason: str


@_registered
@dataclass(frozen=True, slots=True, kw_only=True)
class UntimeoutCall(Call):
    """Unmute a member."""

    kind: ClassVar[str] = "untimeout"
    method: ClassVar[str] = "untimeout"
    user_id: str
    reason: str


@_registered
@dataclass(frozen=True, slots=True, kw_only=True)
class KickCall(Call):
    """Kick a member."""

    kind: ClassVar[str] = "kick"
    method: ClassVar[str] = "kick"
    user_id: str
    reason: str


@_registered
@dataclass(frozen=True, slots=True, kw_only=True)
class BanCall(Call):
    """Ban a member."""

    kind: ClassVar[str] = "ban"
    method: ClassVar[str] = "ban"
    user_id: str
    reason: str
    clean_seconds: int = 0


@_registered
@dataclass(frozen=True, slots=True, kw_only=True)
class UnbanCall(Call):
    """Lift a ban."""

    kind: ClassVar[str] = "unban"
    method: ClassVar[str] = "unban"
    user_id: str
    reason: str


@_registered
@dataclass(frozen=True, slots=True, kw_only=True)
class ReportCall(Call):
    """Post a report card in the mod channel; return its message id."""

    kind: ClassVar[str] = "report"
    method: ClassVar[str] = "send_report"
    channel: str
    card: dict[str, Any] = field(default_factory=dict)
    user_report_id: int | None = None

    def arguments(self) -> tuple[Any, ...]:
        """Return the channel and the card (the user report it answers is ours alone)."""
        return (self.community, self.channel, ReportCard.from_dict(self.card))


@_registered
@dataclass(frozen=True, slots=True, kw_only=True)
class EditReportCall(Call):
    """Replace a posted report (grouping, "handled by"); the newest stored card is sent."""

    kind: ClassVar[str] = "report_edit"
    method: ClassVar[str] = "edit_report"
    channel: str
    message_id: str
    card: dict[str, Any] = field(default_factory=dict)

    def arguments(self) -> tuple[Any, ...]:
        """Return the report's place and its new card."""
        return (self.community, self.channel, self.message_id, ReportCard.from_dict(self.card))


@_registered
@dataclass(frozen=True, slots=True, kw_only=True)
class DmCall(Call):
    """Send a direct message: notices to sanctioned members, acknowledgements, decisions."""

    kind: ClassVar[str] = "dm"
    method: ClassVar[str] = "send_dm"
    user_id: str
    text: str


@_registered
@dataclass(frozen=True, slots=True, kw_only=True)
class MessageCall(Call):
    """Post plain text in a room (the mod channel, mostly)."""

    kind: ClassVar[str] = "message"
    method: ClassVar[str] = "send_message"
    room: str
    text: str


# Cached by kind, not class: mypy wrongly finds a dataclass's class object unhashable.
@functools.cache
def _times(kind: str) -> frozenset[str]:
    """Return the names of a call's fields that hold a time (stored as ISO 8601 text)."""
    cls = CALLS[kind]
    hints = typing.get_type_hints(cls)
    return frozenset(f.name for f in fields(cls) if hints[f.name] is datetime)


def call_from(kind: str, payload: dict[str, Any]) -> Call:
    """Rebuild a stored call."""
    cls = CALLS[kind]
    times = _times(kind)
    data: dict[str, Any] = {
        k: datetime.fromisoformat(v) if k in times else v for k, v in payload.items()
    }
    return cls(**data)
