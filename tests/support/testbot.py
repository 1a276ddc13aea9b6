"""A test bot in errbot's spirit: push neutral events in, pop the platform calls out."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.actions import Plan
from bot.adapters.fake import FakeAdapter, Recorded
from bot.app import Bot, open_bot
from bot.clock import ManualClock
from bot.config import load_config_text
from bot.events import Member, MemberJoined, MessageCreated
from bot.executor import Outcome
from bot.registry import Registry

START = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


class TestBot:
    """Drive one bot: say things as members, then look at what it did."""

    __test__ = False

    def __init__(self, bot: Bot, adapter: FakeAdapter, community: str) -> None:
        self.bot = bot
        self.adapter = adapter
        self.community = community
        self.now = START
        self._seen = 0
        self._ids = 0

    def tick(self, seconds: float = 1.0) -> datetime:
        """Move time forward."""
        self.now += timedelta(seconds=seconds)
        return self.now

    async def say(
        self, text: str, user: str = "alice", room: str = "general", **member: Any
    ) -> tuple[Plan, Outcome | None]:
        """Post a message as a member, one second after the previous event."""
        self._ids += 1
        event = MessageCreated(
            community=self.community,
            room=room,
            ts=self.tick(),
            member=Member(id=user, **member),
            message_id=f"m{self._ids}",
            text=text,
        )
        return await self.bot.handle(event)

    async def join(self, user: str, room: str = "general", **member: Any) -> Plan:
        """Make a member join."""
        event = MemberJoined(
            community=self.community, room=room, ts=self.tick(), member=Member(id=user, **member)
        )
        plan, _ = await self.bot.handle(event)
        return plan

    def pop(self) -> list[Recorded]:
        """Return the platform calls made since the last pop."""
        calls = self.adapter.calls[self._seen :]
        self._seen = len(self.adapter.calls)
        return calls

    def pop_kinds(self) -> list[str]:
        """Return the kinds of the calls made since the last pop."""
        return [call.kind for call in self.pop()]


@asynccontextmanager
async def open_testbot(
    registry: Registry, tmp_path: Path
) -> AsyncIterator[Callable[[str], Awaitable[TestBot]]]:
    """Yield a factory that builds a test bot from YAML text; all are closed at the end."""
    async with AsyncExitStack() as stack:
        count = 0

        async def make(text: str, platform: str = "matrix") -> TestBot:
            nonlocal count
            count += 1
            config = load_config_text(text, registry, file="test.yaml", env={})
            adapter = FakeAdapter(platform)
            clock = ManualClock(START)
            bot = await stack.enter_async_context(
                open_bot(
                    config,
                    registry,
                    adapter,
                    storage_url=f"sqlite:///{tmp_path / f'bot{count}.db'}",
                    clock=clock,
                    logger=logging.getLogger("vigie.test"),
                )
            )
            return TestBot(bot, adapter, next(iter(config.communities)))

        yield make
