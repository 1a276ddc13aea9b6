"""Typed command failures: each becomes a clear reply, never a traceback in chat."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from bot.moderation.api import ReplyKind


class CommandError(Exception):
    """Stop a command with a message meant for the person who typed it."""

    kind: ClassVar[ReplyKind] = "failed"


class UsageError(CommandError):
    """Say the command was written wrong (bad duration, unknown member, missing reason)."""

    kind = "usage"


class Refused(CommandError):
    """Say the author may not do this, and why."""

    kind = "refused"


class Missing(CommandError):
    """Say the case, report or message asked for does not exist."""

    kind = "not_found"
