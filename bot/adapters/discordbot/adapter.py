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
from bot.adapters.discordbot.directory import Directory
from bot.adapters.discordbot.errors import intents_missing, token_refused
from bot.adapters.discordbot.gateway import GatewayEvents
from bot.adapters.discordbot.ids import name_problems
from bot.adapters.discordbot.interactions import Interactions
from bot.adapters.discordbot.outbound import Outbound
from bot.adapters.discordbot.outlet import Outlet
from bot.adapters.discordbot.render import QuickAction, plain_id
from bot.adapters.discordbot.reports import ReportPosting
from bot.adapters.discordbot.welcome import Welcome
from bot.adapters.values import StoredValues
from bot.clock import Clock, SystemClock
from bot.config import ConfigError, Problem

if TYPE_CHECKING:
    from bot.config import Config
    from bot.config_models import DiscordPlatform
    from bot.events import Member
    from bot.moderation.reports import ReportCard
    from bot.registry import Registry
    from bot.storage import Storage

_KV_PREFIX = "discord:"


class DiscordAdapter(Outbound):
    """Connect Vigie to Discord with discord.py: one AutoShardedClient per process.

    The adapter acts in guilds itself (Outbound); each other part is built here with what it
    needs, and the adapter answers for them.
    """

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
                [Problem.at(config.source, ("platforms", "discord"), "a Discord run needs it")]
            )
        self.capabilities = CAPABILITIES["discord"]
        self.settings = settings
        self.config = config
        log = logger or logging.getLogger("vigie.discord")
        self._clock = clock or SystemClock()
        self._sync_commands = sync_commands
        #: Set once logged in and connected: platform calls made before would fail.
        self.ready = asyncio.Event()
        guilds = _guild_map(config)
        named = name_problems(config)
        if named:
            raise ConfigError(named)
        _check_shards(config, settings)
        # The client forwards gateway events to the parts below (built before any arrives).
        client = VigieClient(
            self,
            shard_ids=settings.shard_ids,
            shard_count=settings.shard_count,
            application_id=int(settings.application_id) if settings.application_id else None,
            **client_options,
        )
        directory = Directory(client, config, settings, guilds)
        # Small values (lockdown state), in the database when there is one.
        values = StoredValues(storage, _KV_PREFIX, self._clock)
        super().__init__(directory, GuildActions(directory, values, log), log)
        self.outlet = Outlet(log)
        self.interactions = Interactions(directory, self.outlet, log)
        self.interactions.install(client.tree)
        self.gateway = GatewayEvents(
            directory,
            self.outlet,
            self.interactions,
            AutoModCases(storage, log),
            clock=self._clock,
            ready=self.ready,
            logger=log,
        )
        self.welcome = Welcome(directory, registry, log)
        self.reports = ReportPosting(directory, log)

    @property
    def router(self) -> Router | None:
        """Return where moderators' commands and presses go; None until the runner attaches it."""
        return self.interactions.router

    @router.setter
    def router(self, router: Router | None) -> None:
        self.interactions.router = router

    # Lifecycle

    async def start(self, sink: EventSink) -> None:
        """Log in and run the gateway until stopped; refusals at start are ConfigErrors."""
        await self.login(sink)
        try:
            await self.client.connect(reconnect=True)
        except discord.PrivilegedIntentsRequired:
            raise intents_missing(self.client.application_id, self.config.source) from None

    async def login(self, sink: EventSink) -> None:
        """Log in (REST only): buttons and commands are registered, the gateway not opened."""
        self.outlet.sink = sink
        try:
            await self.client.login(self.settings.token.get_secret_value())
        except discord.LoginFailure as err:
            raise token_refused(self.config.source, str(err)) from None

    async def setup(self) -> None:
        """Register the persistent report buttons and the commands (called after login)."""
        # Buttons of reports posted before a restart still reach the router.
        self.client.add_dynamic_items(QuickAction)
        if self._sync_commands:
            await self.sync_commands()

    async def sync_commands(self) -> None:
        """Publish the slash commands and the context menu to the guilds of this process."""
        tree = self.client.tree
        for guild_id in self.directory.guilds.values():
            if not self.directory.on_my_shards(guild_id):
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

    # What the other parts answer.

    async def send_report(self, community: str, channel: str, card: ReportCard) -> str:
        """Post a report as an embed with its buttons; only the on-call role is pinged."""
        return await self.reports.send_report(community, channel, card)

    async def edit_report(
        self, community: str, channel: str, message_id: str, card: ReportCard
    ) -> None:
        """Replace a posted report (grouping, "handled by"); its buttons go once handled."""
        await self.reports.edit_report(community, channel, message_id, card)

    async def resolve_member(self, community: str, ref: str) -> Member | None:
        """Return a guild member by id (or username), or None."""
        return await self.directory.resolve_member(community, ref)

    async def rank_of(self, community: str, user_id: str) -> int:
        """Return the position of the member's top role (the owner above all); 0 if unknown."""
        return await self.directory.rank_of(community, user_id)

    async def bot_user_id(self, community: str) -> str:
        """Return Vigie's own user id."""
        return await self.directory.bot_user_id(community)


def _check_shards(config: Config, settings: DiscordPlatform) -> None:
    """Refuse shard ids without a count, or outside it: every process must agree on both."""
    ids, count = settings.shard_ids, settings.shard_count
    message = None
    if ids is not None and count is None:
        message = "give shard_count with shard_ids (every process must agree on it)"
    elif ids is not None and count is not None and any(not 0 <= i < count for i in ids):
        message = f"shard ids run from 0 to shard_count - 1 ({count - 1}), got {ids}"
    if message is not None:
        problem = Problem.at(config.source, ("platforms", "discord", "shard_count"), message)
        raise ConfigError([problem])


def _guild_map(config: Config) -> dict[str, int]:
    """Map Discord communities to guild ids; a missing or bad id is a config error."""
    guilds: dict[str, int] = {}
    problems = []
    for name, community in config.communities.items():
        if community.platform != "discord":
            continue
        guild = plain_id((community.guild or "").strip())
        if guild is None:
            problems.append(
                Problem.at(
                    config.source,
                    ("communities", name, "guild"),
                    "give the Discord server id (Server Settings → Widget, or right-click the "
                    "server with Developer Mode on → Copy Server ID)",
                )
            )
            continue
        guilds[name] = guild
    if problems:
        raise ConfigError(problems)
    return guilds
