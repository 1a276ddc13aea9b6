"""What adapters hand the CommandRouter and what they get back (see docs/moderation.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypedDict, Unpack

from bot.events import Member
from bot.moderation.reports import ReportCard

ReplyKind = Literal["done", "help", "usage", "refused", "not_found", "failed", "confirm"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Invocation:
    """A command as typed in a chat (or built from a slash command), platform-free."""

    community: str
    room: str
    author: Member
    text: str
    prefixed: bool = True
    message_id: str | None = None
    reply_to: str | None = None
    reply_to_author: str | None = None
    reply_to_text: str | None = None
    link: str | None = None
    direct: bool = False
    ts: datetime | None = None
    #: Already-split words, command name first (slash commands): used instead of `text`.
    args: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Press:
    """A moderator pressed a quick-action button (or reacted) on a report message."""

    community: str
    channel: str
    message_id: str
    action: str
    author: Member
    ts: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Reply:
    """What the adapter posts back: text with mentions neutralised, and how to show it."""

    text: str
    ok: bool = True
    kind: ReplyKind = "done"
    ephemeral: bool = False
    delete_invocation: bool = False
    card: ReportCard | None = None


class ReplyOptions(TypedDict, total=False):
    """Name the fields of a Reply that `done` and `failed` pass through."""

    ephemeral: bool
    delete_invocation: bool
    card: ReportCard | None


def done(text: str, **options: Unpack[ReplyOptions]) -> Reply:
    """Build a success reply."""
    return Reply(text=text, **options)


def failed(text: str, kind: ReplyKind = "failed", **options: Unpack[ReplyOptions]) -> Reply:
    """Build a reply that says why nothing (or not everything) happened."""
    return Reply(text=text, ok=False, kind=kind, **options)
