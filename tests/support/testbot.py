"""A test bot in errbot's spirit: push neutral events in, pop the platform calls out."""

from __future__ import annotations

import logging
import shutil
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
from bot.localservers.leases import lease
from bot.moderation.api import Invocation, Press, Reply
from bot.registry import Registry
from bot.storage import Storage
from tests.support.messages import make_message

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

    def message(
        self, text: str, user: Member | str = "alice", room: str = "general", **fields: Any
    ) -> MessageCreated:
        """Return the next message of a member, one second after the previous event."""
        self._ids += 1
        fields.setdefault("message_id", f"m{self._ids}")
        return make_message(
            text, community=self.community, room=room, ts=self.tick(), member=user, **fields
        )

    async def say(
        self, text: str, user: str = "alice", room: str = "general", **member: Any
    ) -> tuple[Plan, Outcome | None]:
        """Post a message as a member, one second after the previous event."""
        event = self.message(text, Member(id=user, **member), room)
        # The platform knows whoever speaks, and keeps the message in the room's history.
        if (self.community, user) not in self.adapter.members:
            self.adapter.add_member(self.community, event.member)
        self.adapter.post(event)
        return await self.bot.handle(event)

    def member(self, user: str, rank: int = 0, **facts: Any) -> Member:
        """Make the platform know a member, with a rank (power level, role position)."""
        found = Member(id=user, **facts)
        self.adapter.add_member(self.community, found, rank)
        self.adapter.set_rank(self.community, user, rank)
        return found

    async def command(
        self, text: str, user: str = "mod", room: str | None = None, **options: Any
    ) -> Reply | None:
        """Type a command (prefix included) as `user`, in the mod channel by default."""

        author = self.adapter.members.get((self.community, user)) or Member(id=user)
        when = self.tick()
        self.bot.clock.set(when)  # type: ignore[attr-defined]
        channel = self.bot.executor.config.communities[self.community].mod_channel
        invocation = Invocation(
            community=self.community,
            room=room or channel,
            author=author,
            text=text,
            ts=when,
            **options,
        )
        assert self.bot.router is not None
        return await self.bot.router.handle(invocation)

    async def press(self, message_id: str, action: str, user: str = "mod") -> Reply | None:
        """Press a quick-action button on a report message."""

        author = self.adapter.members.get((self.community, user)) or Member(id=user)
        when = self.tick()
        self.bot.clock.set(when)  # type: ignore[attr-defined]
        channel = self.bot.executor.config.communities[self.community].mod_channel
        press = Press(
            community=self.community,
            channel=channel,
            message_id=message_id,
            action=action,
            author=author,
            ts=when,
        )
        assert self.bot.router is not None
        return await self.bot.router.press(press)

    async def advance(self, seconds: float) -> int:
        """Move the clock forward and let the bot do what came due (retries, expiries)."""
        self.bot.clock.set(self.tick(seconds))  # type: ignore[attr-defined]
        return await self.bot.tick()

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


_TEMPLATE: list[Path] = []


async def migrated_template() -> Path:
    """Return this run's migrated database, made on first use (migrating takes ~0.3 s)."""
    if not _TEMPLATE:
        # Leased: the next run removes it once this one has ended.
        template = lease("template") / "template.db"
        await (await Storage.open(f"sqlite:///{template}")).close()
        _TEMPLATE.append(template)
    return _TEMPLATE[0]


async def _migrated(path: Path) -> None:
    """Start a new database as a copy of the migrated template."""
    _copy_unless_present(await migrated_template(), path)


def _copy_unless_present(template: Path, path: Path) -> None:
    if not path.exists():
        shutil.copyfile(template, path)


@asynccontextmanager
async def open_testbot(
    registry: Registry, tmp_path: Path
) -> AsyncIterator[Callable[[str], Awaitable[TestBot]]]:
    """Yield a factory that builds a test bot from YAML text; all are closed at the end."""
    async with AsyncExitStack() as stack:
        count = 0

        async def make(
            text: str,
            platform: str = "matrix",
            *,
            db: str | None = None,
            start: datetime = START,
        ) -> TestBot:
            """Build a bot; bots given the same `db` share a SQLite file (a restart)."""
            nonlocal count
            count += 1
            config = load_config_text(text, registry, file="test.yaml", env={})
            adapter = FakeAdapter(platform)
            if count > 1:
                adapter.id_prefix = f"fake{count}"  # a restarted bot posts new message ids
            clock = ManualClock(start)
            path = tmp_path / ((db or f"bot{count}") + ".db")
            await _migrated(path)
            bot = await stack.enter_async_context(
                open_bot(
                    config,
                    registry,
                    adapter,
                    storage_url=f"sqlite:///{path}",
                    clock=clock,
                    logger=logging.getLogger("vigie.test"),
                )
            )
            made = TestBot(bot, adapter, next(iter(config.communities)))
            made.now = start
            return made

        yield make
