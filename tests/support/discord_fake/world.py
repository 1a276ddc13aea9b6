"""A whole world for tests: a guild with its roles and members, a config, Vigie running on it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord

from tests.support.discord_fake.models import APP_ID, FakeGuild
from tests.support.discord_fake.server import FakeDiscord

CONFIG = """
storage: sqlite:///{db}
platforms:
  discord:
    token: ${{VIGIE_DISCORD_TOKEN}}
    application_id: "{app}"
communities:
  entraide:
    platform: discord
    guild: "{guild}"
    mod_channel: "{mod}"
    moderators: {{roles: ["{modos}"]}}
    on_call: "{on_call}"
    reports: {{confirm: []}}
    rules:
{rules}
"""

WORDS_RULE = """\
      insults:
        triggers: [{words: [connard]}]
        actions: [delete, {report: {ping: on_call}}]
"""


@dataclass
class World:
    """A fake Discord with one configured guild, and the people in it."""

    fake: FakeDiscord
    guild: FakeGuild
    general: dict[str, Any]
    mod_channel: dict[str, Any]
    owner: dict[str, Any]
    admin: dict[str, Any]
    moderator: dict[str, Any]
    peer: dict[str, Any]
    alice: dict[str, Any]
    bob: dict[str, Any]
    roles: dict[str, dict[str, Any]]

    def config_text(self, db: str, rules: str = WORDS_RULE) -> str:
        return CONFIG.format(
            db=db,
            app=APP_ID,
            guild=self.guild.id,
            mod=self.mod_channel["id"],
            modos=self.roles["Modos"]["id"],
            on_call=self.roles["Astreinte"]["id"],
            rules=rules,
        )


def build_world() -> World:
    """Roles, top to bottom: Admin (30), Vigie (20), Modos (10), Astreinte (5), @everyone."""
    fake = FakeDiscord()
    owner = fake.user("Owner")
    guild = fake.guild(owner=owner)
    general, mod_channel = list(guild.channels.values())
    perms = discord.Permissions
    roles = {
        "Admin": fake.role(
            guild, "Admin", position=30, permissions=perms(administrator=True).value
        ),
        "Vigie": fake.role(
            guild,
            "Vigie",
            position=20,
            permissions=perms(
                manage_messages=True,
                kick_members=True,
                ban_members=True,
                moderate_members=True,
                manage_channels=True,
                manage_roles=True,
                view_audit_log=True,
                view_channel=True,
                send_messages=True,
                embed_links=True,
                read_message_history=True,
            ).value,
        ),
        "Modos": fake.role(
            guild, "Modos", position=10, permissions=perms(manage_messages=True).value
        ),
        "Astreinte": fake.role(guild, "Astreinte", position=5),
    }
    fake.member(guild, fake.bot, roles["Vigie"])
    admin = fake.user("Adèle")
    fake.member(guild, admin, roles["Admin"])
    moderator = fake.user("Modeste")
    fake.member(guild, moderator, roles["Modos"])
    peer = fake.user("Pair")
    fake.member(guild, peer, roles["Modos"])
    alice = fake.user("Alice")
    fake.member(guild, alice)
    bob = fake.user("Bob")
    fake.member(guild, bob)
    return World(
        fake, guild, general, mod_channel, owner, admin, moderator, peer, alice, bob, roles
    )


@dataclass
class Running:
    """A Vigie bot on the fake Discord: the world, the adapter and the core's Bot."""

    world: World
    adapter: Any
    bot: Any
    config: Any
    events: list[Any] = field(default_factory=list)

    @property
    def fake(self) -> FakeDiscord:
        return self.world.fake


@asynccontextmanager
async def running_vigie(
    registry: Any,
    tmp_path: Path,
    monkeypatch: Any,
    *,
    rules: str = WORDS_RULE,
    connect: bool = True,
    with_bot: bool = True,
    world: World | None = None,
    storage: Any = None,
) -> AsyncIterator[Running]:
    """Run the Discord adapter on a fake Discord, under the real Bot (open_bot) or a list.

    Without the bot, the neutral events the adapter emits are collected in `events`.
    """
    from bot.adapters.discordbot import DiscordAdapter
    from bot.app import open_bot
    from bot.clock import ManualClock
    from bot.config import load_config_text

    world = world or build_world()
    text = world.config_text(str(tmp_path / "vigie.db"), rules)
    config = load_config_text(
        text, registry, file="vigie.yaml", env={"VIGIE_DISCORD_TOKEN": "fake-token"}
    )
    clock = ManualClock(datetime.now(UTC))
    adapter = DiscordAdapter(config, storage, registry=registry, clock=clock)
    world.fake.install(adapter.client, monkeypatch)
    world.fake.mark_background()
    running = Running(world, adapter, None, config)

    async def collect(event: Any) -> None:
        running.events.append(event)

    async def started(sink: Any) -> None:
        await adapter.login(sink)
        if connect:
            world.fake.connect_guild(world.guild)
            await world.fake.settle()

    try:
        if not with_bot:
            await started(collect)
            yield running
            await world.fake.settle()
            return
        async with open_bot(
            config, registry, adapter, clock=clock, logger=logging.getLogger("vigie.test")
        ) as bot:
            running.bot = bot
            adapter.router = getattr(bot, "router", None)
            await started(bot.sink)
            yield running
            await world.fake.settle()
    finally:
        await adapter.close()
