"""The adapter contract: start, stop, close, one coroutine per neutral action, typed failures."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.events import Event, Member, MessageCreated

if TYPE_CHECKING:
    from bot.moderation.api import Invocation, Press, Reply
    from bot.moderation.policy_bans import PolicyBan, PolicyOutcome
    from bot.moderation.reports import ReportCard

EventSink = Callable[[Event], Awaitable[None]]


class PlatformError(RuntimeError):
    """Say that the platform refused or failed an action."""

    retryable: bool = True

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RateLimited(PlatformError):
    """Say the platform asked us to slow down; retry after `retry_after` seconds."""


class Unavailable(PlatformError):
    """Say the platform could not be reached; retry later."""


class Forbidden(PlatformError):
    """Say the bot lacks the permission; retrying will not help."""

    retryable = False


class NotFound(PlatformError):
    """Say the target is gone (message already deleted, member left)."""

    retryable = False


class Router(Protocol):
    """The platform-neutral command router (bot.moderation), as the adapters use it."""

    async def handle(self, invocation: Invocation) -> Reply | None:
        """Run a text command; None when the text is not addressed to the bot."""
        ...

    async def press(self, press: Press) -> Reply | None:
        """Run a quick action pressed on a report."""
        ...

    async def policy_ban(self, ban: PolicyBan) -> PolicyOutcome:
        """Record and carry out a ban a policy list asks for."""
        ...


class Adapter(Protocol):
    """Connect one platform to the neutral core."""

    platform: str
    capabilities: frozenset[str]
    #: Set once connected and caught up: nothing is sent to the platform before (bot.runner).
    ready: asyncio.Event
    #: Where moderators' commands and presses go; None until the runner attaches it.
    router: Router | None

    async def start(self, sink: EventSink) -> None:
        """Connect and feed neutral events to `sink` until stopped."""
        ...

    async def stop(self) -> None:
        """Disconnect cleanly."""
        ...

    async def close(self) -> None:
        """Release what is left once stopped (HTTP sessions, tasks in flight)."""
        ...

    async def delete_message(self, community: str, room: str, message_id: str, reason: str) -> None:
        """Delete (redact) a message."""
        ...

    async def warn(self, community: str, room: str, user_id: str, reason: str) -> None:
        """Tell a member they were warned."""
        ...

    async def timeout(self, community: str, user_id: str, until: datetime, reason: str) -> None:
        """Stop a member from speaking until a time."""
        ...

    async def untimeout(self, community: str, user_id: str, reason: str) -> None:
        """Let a muted member speak again."""
        ...

    async def kick(self, community: str, user_id: str, reason: str) -> None:
        """Remove a member."""
        ...

    async def ban(self, community: str, user_id: str, reason: str, clean_seconds: int) -> None:
        """Ban a member and delete their messages of the last `clean_seconds`."""
        ...

    async def unban(self, community: str, user_id: str, reason: str) -> None:
        """Lift a ban."""
        ...

    async def send_report(self, community: str, channel: str, card: ReportCard) -> str:
        """Post a report in the mod channel and return its message id."""
        ...

    async def send_message(self, community: str, room: str, text: str) -> str:
        """Post plain text and return its message id."""
        ...

    async def set_slowmode(self, community: str, room: str, seconds: int) -> None:
        """Make members wait `seconds` between messages in a room (0 lifts it)."""
        ...

    async def lockdown(self, community: str, rooms: list[str], enabled: bool, reason: str) -> None:
        """Let only moderators post in these rooms, or everyone again when not `enabled`."""
        ...

    # Moderator workflow (docs/moderation.md): what the CommandRouter asks of the platform.

    async def resolve_member(self, community: str, ref: str) -> Member | None:
        """Return the member with this id (mention syntax already stripped), or None."""
        ...

    async def rank_of(self, community: str, user_id: str) -> int:
        """Return the member's rank: Matrix power level, Discord top role position; 0 if none."""
        ...

    async def bot_user_id(self, community: str) -> str:
        """Return the bot's own account id in this community."""
        ...

    async def send_dm(self, community: str, user_id: str, text: str) -> str | None:
        """Send a direct message to a member; return its id, or None if DMs are closed."""
        ...

    async def edit_report(
        self, community: str, channel: str, message_id: str, card: ReportCard
    ) -> None:
        """Replace a report already posted (grouping, "handled by")."""
        ...

    async def fetch_history(self, community: str, room: str, limit: int) -> list[MessageCreated]:
        """Return up to `limit` recent messages of a room, newest first (for `clean`)."""
        ...
