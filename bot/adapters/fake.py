"""A recording adapter for replay and tests: every call is kept, failures can be scripted."""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.adapters.base import EventSink, PlatformError, Router
from bot.adapters.capabilities import CAPABILITIES
from bot.events import Member, MessageCreated
from bot.moderation.reports import ReportCard


@dataclass(frozen=True, slots=True)
class Recorded:
    """One call the core made on the adapter."""

    kind: str
    community: str
    args: dict[str, Any] = field(default_factory=dict)


class FakeAdapter:
    """Record what the core asks the platform to do, as a platform would receive it."""

    def __init__(self, platform: str = "matrix") -> None:
        self.platform = platform
        self.capabilities = CAPABILITIES[platform]
        # No connection to wait for: ready from the start.
        self.ready = asyncio.Event()
        self.ready.set()
        self.router: Router | None = None
        self.calls: list[Recorded] = []
        self.reports: list[ReportCard] = []
        self.messages: list[tuple[str, str, str]] = []
        self._failures: dict[str, deque[PlatformError]] = {}
        self._sink: EventSink | None = None
        self._ids = 0
        self.bot_id = "vigie-bot"
        self.id_prefix = "fake"
        self.members: dict[tuple[str, str], Member] = {}
        self.ranks: dict[tuple[str, str], int] = {}
        self.history: dict[tuple[str, str], list[MessageCreated]] = {}
        self.dms: list[tuple[str, str, str]] = []
        self.edited: dict[str, ReportCard] = {}
        self.report_ids: list[str] = []

    def fail_next(self, kind: str, *errors: PlatformError) -> None:
        """Make the next calls of `kind` raise these errors, in order."""
        self._failures.setdefault(kind, deque()).extend(errors)

    def of(self, kind: str) -> list[Recorded]:
        """Return the recorded calls of one kind."""
        return [c for c in self.calls if c.kind == kind]

    async def start(self, sink: EventSink) -> None:
        """Remember where events go; tests push them with `push`."""
        self._sink = sink

    async def stop(self) -> None:
        """Forget the sink."""
        self._sink = None

    async def close(self) -> None:
        """Release nothing: the fake holds no connection."""

    async def push(self, event: Any) -> None:
        """Deliver an event as the platform would."""
        if self._sink is None:
            raise RuntimeError("the adapter is not started")
        await self._sink(event)

    def _record(self, kind: str, community: str, **args: Any) -> None:
        pending = self._failures.get(kind)
        if pending:
            raise pending.popleft()
        self.calls.append(Recorded(kind, community, args))

    def _next_id(self) -> str:
        self._ids += 1
        return f"{self.id_prefix}-{self._ids}"

    async def delete_message(self, community: str, room: str, message_id: str, reason: str) -> None:
        """Record a deletion."""
        self._record("delete", community, room=room, message_id=message_id, reason=reason)

    async def warn(self, community: str, room: str, user_id: str, reason: str) -> None:
        """Record a warning."""
        self._record("warn", community, room=room, user_id=user_id, reason=reason)

    async def timeout(self, community: str, user_id: str, until: datetime, reason: str) -> None:
        """Record a timeout."""
        self._record("timeout", community, user_id=user_id, until=until, reason=reason)

    async def untimeout(self, community: str, user_id: str, reason: str) -> None:
        """Record the end of a timeout."""
        self._record("untimeout", community, user_id=user_id, reason=reason)

    async def kick(self, community: str, user_id: str, reason: str) -> None:
        """Record a kick."""
        self._record("kick", community, user_id=user_id, reason=reason)

    async def ban(self, community: str, user_id: str, reason: str, clean_seconds: int) -> None:
        """Record a ban."""
        self._record("ban", community, user_id=user_id, reason=reason, clean=clean_seconds)

    async def unban(self, community: str, user_id: str, reason: str) -> None:
        """Record an unban."""
        self._record("unban", community, user_id=user_id, reason=reason)

    async def send_report(self, community: str, channel: str, card: ReportCard) -> str:
        """Record a report card."""
        self._record("report", community, channel=channel, case=card.case_number)
        self.reports.append(card)
        posted = self._next_id()
        self.report_ids.append(posted)
        return posted

    async def send_message(self, community: str, room: str, text: str) -> str:
        """Record a plain message."""
        self._record("message", community, room=room, text=text)
        self.messages.append((community, room, text))
        return self._next_id()

    async def set_slowmode(self, community: str, room: str, seconds: int) -> None:
        """Record a slowmode change."""
        self._record("slowmode", community, room=room, seconds=seconds)

    async def lockdown(self, community: str, rooms: list[str], enabled: bool, reason: str) -> None:
        """Record a lockdown, or its end."""
        self._record("lockdown", community, rooms=list(rooms), enabled=enabled, reason=reason)

    # Moderator workflow: members and ranks are set by tests, history is what was `posted`.

    def add_member(self, community: str, member: Member, rank: int = 0) -> None:
        """Make the platform know a member (and its rank)."""
        self.members[(community, member.id)] = member
        self.ranks.setdefault((community, member.id), rank)

    def set_rank(self, community: str, user_id: str, rank: int) -> None:
        """Set a member's rank (power level, role position)."""
        self.ranks[(community, user_id)] = rank

    def post(self, message: MessageCreated) -> None:
        """Add a message to its room's history, as `fetch_history` returns it."""
        self.history.setdefault((message.community, message.room), []).append(message)

    async def resolve_member(self, community: str, ref: str) -> Member | None:
        """Return a member added with `add_member`, or None."""
        return self.members.get((community, ref))

    async def rank_of(self, community: str, user_id: str) -> int:
        """Return the rank set for a member, 0 by default."""
        return self.ranks.get((community, user_id), 0)

    async def bot_user_id(self, community: str) -> str:
        """Return the fake bot's id."""
        del community
        return self.bot_id

    async def send_dm(self, community: str, user_id: str, text: str) -> str | None:
        """Record a direct message."""
        self._record("dm", community, user_id=user_id, text=text)
        self.dms.append((community, user_id, text))
        return self._next_id()

    async def edit_report(
        self, community: str, channel: str, message_id: str, card: ReportCard
    ) -> None:
        """Record a report edit; `edited` keeps the latest card per message."""
        self._record("report_edit", community, channel=channel, message_id=message_id)
        self.edited[message_id] = card

    async def fetch_history(self, community: str, room: str, limit: int) -> list[MessageCreated]:
        """Return the room's posted messages, newest first."""
        return list(reversed(self.history.get((community, room), [])))[:limit]
