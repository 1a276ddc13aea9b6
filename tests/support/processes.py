"""Several Vigie processes in one test: each its own config file, bot, adapter and connections."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bot.adapters.fake import FakeAdapter
from bot.app import Bot, open_bot
from bot.clock import ManualClock
from bot.cluster.node import Node, joined
from bot.config import load_config
from bot.events import Member, MessageCreated
from bot.registry import Registry
from tests.support.messages import make_message
from tests.support.testbot import START

COMMUNITY = "c"

RULES = """\
      flood:
        triggers: [{burst: {count: 6, within: 30s}}]
        actions: [{timeout: 10m}, report]
        cooldown: 5m
      words:
        triggers: [{words: [forbidden]}]
        actions: [report]
"""


def config_text(
    storage: str, state: str, process: int, processes: int, rules: str, *, journal: Path
) -> str:
    """Return the config file of one process of a deployment."""
    return f"""\
storage: "{storage}"
state: "{state}"
journal: "{journal}"
cluster: {{process: {process}, processes: {processes}}}
communities:
  {COMMUNITY}:
    platform: matrix
    rooms: ["#general:example.org"]
    mod_channel: "#mods:example.org"
    moderators: {{users: ["@mod:example.org"]}}
    rules:
{rules}"""


@dataclass(slots=True)
class Process:
    """One process of the deployment, as the test drives it."""

    bot: Bot
    node: Node
    adapter: FakeAdapter
    file: Path

    async def say(self, n: int, text: str = "spam", user: str = "@spammer:example.org") -> None:
        """Deliver message number `n` (n seconds after the start) to this process."""
        member = Member(id=user)
        if (COMMUNITY, user) not in self.adapter.members:
            self.adapter.add_member(COMMUNITY, member)
        event = message(n, text, member)
        self.adapter.post(event)
        await self.bot.handle(event)


def message(n: int, text: str, member: Member) -> MessageCreated:
    """Return message number `n` of a member in the protected room."""
    return make_message(
        text,
        community=COMMUNITY,
        room="#general:example.org",
        ts=START + timedelta(seconds=n),
        member=member,
        message_id=f"$m{n}",
    )


@asynccontextmanager
async def deployment(
    registry: Registry,
    root: Path,
    *,
    storage: str,
    state: str,
    processes: int = 2,
    rules: str = RULES,
    extra_adapters: Sequence[object] = (),
) -> AsyncIterator[list[Process]]:
    """Start `processes` bots on one storage and one state, one after the other.

    `extra_adapters` stand for the platform adapters the nodes are joined with, if given.
    """
    async with AsyncExitStack() as stack:
        started = []
        for index in range(processes):
            file = root / f"vigie-{index}.yaml"
            journal = root / f"journal-{index}.sqlite"
            file.write_text(config_text(storage, state, index, processes, rules, journal=journal))
            config = load_config(file, registry, env={})
            adapter = FakeAdapter("matrix")
            adapter.id_prefix = f"p{index}-"
            log = logging.getLogger(f"vigie.test.p{index}")
            bot = await stack.enter_async_context(
                open_bot(config, registry, adapter, clock=ManualClock(START), logger=log)
            )
            platform = extra_adapters[index] if extra_adapters else adapter
            node = await stack.enter_async_context(joined(config, bot, platform, logger=log))
            started.append(Process(bot, node, adapter, file))
        yield started
