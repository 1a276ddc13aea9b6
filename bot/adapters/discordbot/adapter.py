"""The Discord adapter: configuration checks, lifecycle, and the parts it is made of."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import discord

from bot.adapters.base import EventSink, Router
from bot.adapters.capabilities import CAPABILITIES
from bot.adapters.discordbot.actions import GuildActions
from bot.adapters.discordbot.automod import AutoModCases
from bot.adapters.discordbot.client import VigieClient
from bot.adapters.discordbot.errors import intents_missing, token_refused
from bot.adapters.discordbot.gateway import GatewayEvents
from bot.adapters.discordbot.ids import name_problems
from bot.adapters.discordbot.interactions import Interactions
from bot.adapters.discordbot.outbound import Outbound
from bot.adapters.discordbot.render import QuickAction
from bot.adapters.discordbot.reports import ReportPosting
from bot.adapters.discordbot.welcome import Welcome
from bot.clock import Clock, SystemClock
from bot.config import ConfigError, Problem

if TYPE_CHECKING:
    from bot.config import Config
    from bot.config_models import DiscordPlatform
    from bot.registry import Registry
    from bot.storage import Storage

_KV_PREFIX = "discord:"


class DiscordAdapter(GatewayEvents, Welcome, ReportPosting, Outbound):
    """Connect Vigie to Discord with discord.py: one AutoShardedClient per process."""

    platform = "discord"

    def __init__(
        self,
        config: Config,
        storage: Storage | None = None,
        *,
        registry: Registry | None = None,
        clock: Clock | None = None,
        logger: logging.Logger | None = None,
        sync_commands: bool = True,
        **client_options: Any,
    ) -> None:
        settings: DiscordPlatform | None = config.model.platforms.discord
        if settings is None:
            raise ConfigError(
                [Problem(config.source.file, None, "platforms.discord", "a Discord run needs it")]
            )
        self.capabilities = CAPABILITIES["discord"]
        self.settings = settings
        self.config = config
        self.log = logger or logging.getLogger("vigie.discord")
        self.router: Router | None = None
        self._registry = registry
        self._storage = storage
        self._clock = clock or SystemClock()
        self._sync_commands = sync_commands
        self._sink: EventSink | None = None
        self._memory: dict[str, str] = {}
        #: Set once logged in and connected: platform calls made before would fail.
        self.ready = asyncio.Event()
        self._guilds, self._communities = _guild_map(config)
        named = name_problems(config)
        if named:
            raise ConfigError(named)
        _check_shards(config, settings)
        self.client = VigieClient(
            self,
            shard_ids=settings.shard_ids,
            shard_count=settings.shard_count,
            application_id=int(settings.application_id) if settings.application_id else None,
            **client_options,
        )
        self.interactions = Interactions(self, self.log)
        self.interactions.install(self.client.tree)
        self.actions = GuildActions(self, (self._kv_get, self._kv_set), self.log)
        self.automod = AutoModCases(storage, self.log)

    # Small values (lockdown state), in the database when there is one.

    async def _kv_get(self, key: str) -> str | None:
        if self._storage is None:
            return self._memory.get(key)
        return await self._storage.get_value(_KV_PREFIX + key)

    async def _kv_set(self, key: str, value: str) -> None:
        if self._storage is None:
            self._memory[key] = value
            return
        await self._storage.set_value(_KV_PREFIX + key, value, self._clock.now())

    # Lifecycle

    async def start(self, sink: EventSink) -> None:
        """Log in and run the gateway until stopped; refusals at start are ConfigErrors."""
        await self.login(sink)
        try:
            await self.client.connect(reconnect=True)
        except discord.PrivilegedIntentsRequired:
            raise intents_missing(self.client.application_id, self.config.source.file) from None

    async def login(self, sink: EventSink) -> None:
        """Log in (REST only): buttons and commands are registered, the gateway not opened."""
        self._sink = sink
        try:
            await self.client.login(self.settings.token.get_secret_value())
        except discord.LoginFailure as err:
            raise token_refused(self.config.source.file, str(err)) from None

    async def setup(self) -> None:
        """Register the persistent report buttons and the commands (called after login)."""
        # Buttons of reports posted before a restart still reach the router.
        self.client.add_dynamic_items(QuickAction)
        if self._sync_commands:
            await self.sync_commands()

    async def sync_commands(self) -> None:
        """Publish the slash commands and the context menu to the guilds of this process."""
        tree = self.client.tree
        for guild_id in self._guilds.values():
            if not self._on_my_shards(guild_id):
                continue
            target = discord.Object(guild_id)
            tree.copy_global_to(guild=target)
            try:
                await tree.sync(guild=target)
            except discord.HTTPException as err:
                self.log.warning(
                    "cannot publish the slash commands in guild %s (%s): was Vigie invited "
                    "with the applications.commands scope? See `vigie invite-url`.",
                    guild_id,
                    err,
                )

    async def stop(self) -> None:
        """Disconnect every shard."""
        await self.client.close()

    async def close(self) -> None:
        """Release the HTTP session (stop does it too)."""
        if not self.client.is_closed():
            await self.client.close()


def _check_shards(config: Config, settings: DiscordPlatform) -> None:
    """Refuse shard ids without a count, or outside it: every process must agree on both."""
    ids, count = settings.shard_ids, settings.shard_count
    message = None
    if ids is not None and count is None:
        message = "give shard_count with shard_ids (every process must agree on it)"
    elif ids is not None and count is not None and any(not 0 <= i < count for i in ids):
        message = f"shard ids run from 0 to shard_count - 1 ({count - 1}), got {ids}"
    if message is not None:
        problem = Problem(config.source.file, None, "platforms.discord.shard_count", message)
        raise ConfigError([problem])


def _guild_map(config: Config) -> tuple[dict[str, int], dict[int, str]]:
    """Map Discord communities to guild ids and back; a missing or bad id is a config error."""
    guilds: dict[str, int] = {}
    problems = []
    for name, community in config.communities.items():
        if community.platform != "discord":
            continue
        guild = (community.guild or "").strip()
        if not guild.isdigit():
            problems.append(
                Problem(
                    config.source.file,
                    None,
                    f"communities.{name}.guild",
                    "give the Discord server id (Server Settings → Widget, or right-click the "
                    "server with Developer Mode on → Copy Server ID)",
                )
            )
            continue
        guilds[name] = int(guild)
    if problems:
        raise ConfigError(problems)
    return guilds, {g: n for n, g in guilds.items()}
