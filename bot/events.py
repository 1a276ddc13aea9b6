"""Neutral inbound events: what an adapter tells the engine, free of platform types."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TypedDict

# JSON from a platform may carry a lone UTF-16 surrogate, which no UTF-8 codec accepts.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    """Identify a member and carry the facts the platform knows about them."""

    id: str
    display_name: str | None = None
    is_bot: bool = False
    roles: frozenset[str] = frozenset()
    power_level: int | None = None
    account_created: datetime | None = None
    has_avatar: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Attachment:
    """Describe an attached file by its hashes, never by its content."""

    filename: str
    content_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    pdq: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Carry what every event has: where, when and who."""

    community: str
    room: str
    ts: datetime
    member: Member


class EventFields(TypedDict):
    """Name the fields every event has, for code that builds events from parts."""

    community: str
    room: str
    ts: datetime
    member: Member


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageCreated(Event):
    """Say that a member posted a message."""

    message_id: str
    text: str
    attachments: tuple[Attachment, ...] = ()
    mentions: tuple[str, ...] = ()
    role_mentions: tuple[str, ...] = ()
    mentions_everyone: bool = False
    reply_to: str | None = None
    thread: str | None = None
    link: str | None = None

    def __post_init__(self) -> None:
        """Replace lone surrogates, so every plugin can encode the text."""
        if not self.text.isascii() and _SURROGATE.search(self.text):
            object.__setattr__(self, "text", _SURROGATE.sub("\ufffd", self.text))


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageEdited(MessageCreated):
    """Say that a member changed the text of a message; it is scanned like a new one."""

    previous_text: str | None = None

    @classmethod
    def of(
        cls, message: MessageCreated, previous_text: str | None, ts: datetime | None = None
    ) -> MessageEdited:
        """Return `message` as edited from `previous_text`, dated `ts` (the edit) if given."""
        kept = {field.name: getattr(message, field.name) for field in fields(MessageCreated)}
        if ts is not None:
            kept["ts"] = ts
        return cls(**kept, previous_text=previous_text)


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageDeleted(Event):
    """Say that a message disappeared."""

    message_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberJoined(Event):
    """Say that a member joined the community or one of its rooms."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberLeft(Event):
    """Say that a member left, was kicked or was banned."""

    banned_by: str | None = None
    kicked_by: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileChanged(Event):
    """Say that a member changed their display name or avatar."""

    previous_display_name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReactionAdded(Event):
    """Say that a member reacted to a message."""

    message_id: str
    emoji: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportFiled(Event):
    """Say that a member flagged a message for moderators."""

    message_id: str
    reported_member: Member | None = None
    reason: str = ""
    text: str | None = None
    anonymous: bool = False


def dedupe_base(event: Event) -> str:
    """Return the key that makes a redelivered event land on the same case."""
    ident = getattr(event, "message_id", None) or f"{event.member.id}@{event.ts.isoformat()}"
    return f"{event.community}/{type(event).__name__}/{ident}"
