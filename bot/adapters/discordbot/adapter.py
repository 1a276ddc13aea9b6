"""The Discord adapter: lifecycle, gateway events to neutral events, and the neutral actions."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import discord

from bot.adapters.base import EventSink, NotFound, PlatformError, Unavailable
from bot.adapters.capabilities import CAPABILITIES
from bot.adapters.discord_invite import needs_of
from bot.adapters.discordbot import translate
from bot.adapters.discordbot.actions import GuildActions, check_in_guild
from bot.adapters.discordbot.automod import AutoModCases, execution_of
from bot.adapters.discordbot.client import VigieClient
from bot.adapters.discordbot.errors import intents_missing, mapped, token_refused
from bot.adapters.discordbot.hierarchy import rank
from bot.adapters.discordbot.interactions import Interactions, Router
from bot.adapters.discordbot.render import QuickAction, report_embed, report_view, snowflake
from bot.clock import Clock, SystemClock
from bot.config import ConfigError, Problem
from bot.events import Event, Member, MemberLeft, MessageCreated, ProfileChanged
from bot.moderation.parsing import DEFAULT_PREFIX

if TYPE_CHECKING:
    from bot.config import Config
    from bot.config_models import CommunityBase, DiscordPlatform
    from bot.moderation.reports import ReportCard
    from bot.registry import Registry
    from bot.storage import Storage

_MAX_CONTENT = 2000
_KV_PREFIX = "discord:"


class DiscordAdapter:
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
        self._guilds, self._communities = _guild_map(config)
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

    def _on_my_shards(self, guild_id: int) -> bool:
        ids, count = self.settings.shard_ids, self.settings.shard_count
        if ids is None or count is None:
            return True
        return (guild_id >> 22) % count in ids

    async def stop(self) -> None:
        """Disconnect every shard."""
        await self.client.close()

    async def close(self) -> None:
        """Release the HTTP session (stop does it too)."""
        if not self.client.is_closed():
            await self.client.close()

    async def emit(self, event: Event) -> None:
        """Hand a neutral event to the core."""
        if self._sink is None:
            self.log.debug("no sink yet; dropped %s", type(event).__name__)
            return
        await self._sink(event)

    # Where things are

    def community_of(self, guild_id: int | None) -> str | None:
        """Return the community configured for a guild, or None."""
        return None if guild_id is None else self._communities.get(guild_id)

    def community(self, name: str) -> CommunityBase:
        """Return a community's config."""
        return self.config.communities[name]

    def guild(self, community: str) -> discord.Guild:
        """Return the guild of a community, or raise Unavailable while it is not connected."""
        guild_id = self._guilds.get(community)
        if guild_id is None:
            raise NotFound(f"{community} is not a Discord community")
        guild = self.client.get_guild(guild_id)
        if guild is None:
            raise Unavailable(f"guild {guild_id} of {community} is not available (yet)")
        return guild

    def channel_id(self, community: str, room: str) -> int:
        """Return a channel id from an id, a <#mention>, or a #name of the community's guild."""
        ident = room.strip()
        if ident.startswith("<#") and ident.endswith(">"):
            ident = ident[2:-1]
        if ident.isdigit():
            return int(ident)
        guild = self.guild(community)
        name = ident.removeprefix("#")
        for channel in guild.channels:
            if channel.name == name:
                return channel.id
        raise NotFound(f"no channel {room} in {guild.name}")

    def text_channel(self, community: str, room: str) -> discord.TextChannel:
        """Return a text channel of the community's guild."""
        guild = self.guild(community)
        return check_in_guild(guild.get_channel(self.channel_id(community, room)), room)

    def mod_channel_id(self, community: str) -> int | None:
        """Return the mod channel's id, or None when it cannot be found."""
        try:
            return self.channel_id(community, self.community(community).mod_channel)
        except PlatformError:
            return None

    def moderator_roles(self, community: str, guild: discord.Guild) -> list[discord.Role]:
        """Return the guild roles the config names as moderators (by id or by name)."""
        wanted = set(self.community(community).moderators.roles)
        return [r for r in guild.roles if str(r.id) in wanted or r.name in wanted]

    async def member(self, guild: discord.Guild, user_id: str) -> discord.Member | None:
        """Return a guild member from the cache or the API; None when not a member."""
        ident = snowflake(user_id)
        if ident is None:
            return guild.get_member_named(user_id)
        found = guild.get_member(ident)
        if found is not None:
            return found
        try:
            async with mapped(f"fetch member {ident}"):
                return await guild.fetch_member(ident)
        except NotFound:
            return None

    def _now(self) -> datetime:
        return datetime.now(UTC)

    def _join_room(self, guild: discord.Guild) -> str:
        channel = guild.system_channel
        return str(channel.id if channel is not None else guild.id)

    def _own(self, user_id: int) -> bool:
        me = self.client.user
        return me is not None and me.id == user_id

    # Gateway events

    async def on_ready(self) -> None:
        """Say which configured guilds this process sees."""
        for community, guild_id in self._guilds.items():
            if not self._on_my_shards(guild_id):
                continue
            if self.client.get_guild(guild_id) is None:
                self.log.warning(
                    "community %s: Vigie is not in guild %s; invite it (`vigie invite-url`)",
                    community,
                    guild_id,
                )
        self.log.info("Discord ready on shards %s", sorted(self.client.shards))

    async def on_message(self, message: discord.Message) -> None:
        """Scan a message; pass commands to the router."""
        if self._own(message.author.id):
            return
        if message.guild is None:
            await self._direct(message)
            return
        community = self.community_of(message.guild.id)
        if community is None:
            return
        attachments = await translate.hash_attachments(list(message.attachments), self.log)
        await self.emit(translate.message_created(message, community, attachments))
        if not message.author.bot and self._is_command(community, message):
            await self.interactions.text_command(message, community, direct=False)

    def _is_command(self, community: str, message: discord.Message) -> bool:
        if message.channel.id == self.mod_channel_id(community):
            return True
        prefix = self.community(community).command_prefix or DEFAULT_PREFIX["discord"]
        return message.content.startswith(prefix)

    async def _direct(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        for community, guild_id in self._guilds.items():
            guild = self.client.get_guild(guild_id)
            if guild is not None and guild.get_member(message.author.id) is not None:
                await self.interactions.text_command(message, community, direct=True)
                return

    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """Scan an edited text again; unfurled links and other non-edits are ignored."""
        community = self.community_of(payload.guild_id)
        message = payload.message
        if community is None or self._own(message.author.id) or message.edited_at is None:
            return
        before = payload.cached_message
        if before is not None and before.content == message.content:
            return
        attachments = tuple(translate.attachment_of(a) for a in message.attachments)
        previous = before.content if before is not None else None
        await self.emit(translate.message_edited(message, community, previous, attachments))

    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        """Say a message disappeared (its author is known when it was cached)."""
        community = self.community_of(payload.guild_id)
        if community is None:
            return
        cached = payload.cached_message
        author = cached.author if cached is not None else None
        event = translate.message_deleted(
            community, payload.channel_id, payload.message_id, author, self._now()
        )
        await self.emit(event)

    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        """Say each message of a bulk deletion disappeared."""
        community = self.community_of(payload.guild_id)
        if community is None:
            return
        authors = {m.id: m.author for m in payload.cached_messages}
        for message_id in sorted(payload.message_ids):
            event = translate.message_deleted(
                community, payload.channel_id, message_id, authors.get(message_id), self._now()
            )
            await self.emit(event)

    async def on_member_join(self, member: discord.Member) -> None:
        """Say a member joined (with their account's age)."""
        community = self.community_of(member.guild.id)
        if community is not None:
            await self.emit(
                translate.member_joined(member, community, self._join_room(member.guild))
            )

    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        """Say a member left (or was kicked or banned)."""
        community = self.community_of(payload.guild_id)
        if community is None or self._own(payload.user.id):
            return
        guild = self.client.get_guild(payload.guild_id)
        room = self._join_room(guild) if guild is not None else str(payload.guild_id)
        await self.emit(translate.member_left(payload.user, community, room, self._now()))

    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        """Say a member changed nickname, server avatar or roles."""
        community = self.community_of(after.guild.id)
        if community is None:
            return
        event = translate.profile_changed(
            before, after, community, self._join_room(after.guild), self._now()
        )
        if event is not None:
            await self.emit(event)

    async def on_user_update(self, before: discord.User, after: discord.User) -> None:
        """Say a member changed their global name or avatar, in each configured guild."""
        renamed = before.display_name != after.display_name
        if not renamed and before.avatar == after.avatar:
            return
        for guild in after.mutual_guilds:
            community = self.community_of(guild.id)
            member = guild.get_member(after.id)
            if community is None or member is None:
                continue
            shown = renamed and member.nick is None  # a nickname hides the global name
            event = ProfileChanged(
                community=community,
                room=self._join_room(guild),
                ts=self._now(),
                member=translate.member_of(member),
                previous_display_name=before.display_name if shown else None,
            )
            await self.emit(event)

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        """Say a member reacted to a message."""
        community = self.community_of(payload.guild_id)
        if community is None or self._own(payload.user_id):
            return
        await self.emit(translate.reaction_added(payload, payload.member, community, self._now()))

    async def on_audit_log_entry(self, entry: discord.AuditLogEntry) -> None:
        """Turn bans and kicks made in Discord's menus into MemberLeft(banned_by / kicked_by)."""
        community = self.community_of(entry.guild.id)
        action = entry.action
        kinds = (discord.AuditLogAction.ban, discord.AuditLogAction.kick)
        if community is None or action not in kinds or entry.user_id is None:
            return
        if self._own(entry.user_id) or entry.target is None:
            return  # Vigie's own sanctions are cases already
        target = entry.target
        member = (
            translate.member_of(target)
            if isinstance(target, discord.User | discord.Member)
            else Member(id=str(target.id))
        )
        by = str(entry.user_id)
        banned = action is discord.AuditLogAction.ban
        await self.emit(
            MemberLeft(
                community=community,
                room=self._join_room(entry.guild),
                ts=entry.created_at,
                member=member,
                banned_by=by if banned else None,
                kicked_by=None if banned else by,
                reason=entry.reason,
            )
        )

    async def on_automod_action(self, execution: discord.AutoModAction) -> None:
        """Record what Discord's AutoMod did as a case (not as an event: it already acted)."""
        community = self.community_of(execution.guild_id)
        if community is None:
            return
        await self.automod.record(execution_of(execution, community), self._clock.now())

    async def on_guild_join(self, guild: discord.Guild) -> None:
        """Post a short setup message in the system channel, or send it to the owner."""
        text = self.setup_message(guild)
        channel = guild.system_channel
        try:
            if channel is not None and channel.permissions_for(guild.me).send_messages:
                await channel.send(text)
                return
            owner = guild.owner or await guild.fetch_member(guild.owner_id or 0)
            await owner.send(text)
        except discord.HTTPException as err:
            self.log.warning("cannot post the setup message in guild %s: %s", guild.id, err)

    def setup_message(self, guild: discord.Guild) -> str:
        """Return what Vigie says when it joins a guild: configured or not, what is missing."""
        community = self.community_of(guild.id)
        if community is None:
            return (
                f"Hello! I am Vigie, a moderation bot. This server ({guild.id}) is not in my "
                "configuration yet: add a community with `platform: discord` and "
                f'`guild: "{guild.id}"`, then restart me. Until then I do nothing here.'
            )
        settings = self.community(community)
        lines = [
            f"Hello! I am Vigie, moderating this server as community **{community}**.",
            f"Reports go to {_channel_ref(settings.mod_channel)}; moderators use slash commands "
            "(`/ban`, `/timeout`, `/vigie status`…) or `!` commands there.",
            "Members can report a message: right-click it → Apps → **Report message**.",
        ]
        missing = self._missing_permissions(guild, community)
        if missing:
            lines.append(
                "I lack these permissions for the configured rules: "
                + ", ".join(missing)
                + ". Re-invite me with `vigie invite-url` or grant them to my role."
            )
        return "\n".join(lines)

    def _missing_permissions(self, guild: discord.Guild, community: str) -> list[str]:
        if self._registry is None or guild.me is None:
            return []
        needs = needs_of(self.config, self._registry, [community])
        have = guild.me.guild_permissions
        if have.administrator:
            return []
        return sorted(name for name in needs.reasons if not getattr(have, name, False))

    # The neutral actions

    async def delete_message(self, community: str, room: str, message_id: str, reason: str) -> None:
        """Delete a message."""
        await self.actions.delete(community, room, message_id, reason)

    async def delete_messages(
        self, community: str, room: str, message_ids: list[str], reason: str
    ) -> None:
        """Delete many messages of one channel (bulk where Discord allows it)."""
        await self.actions.delete_many(community, room, message_ids, reason)

    async def warn(self, community: str, room: str, user_id: str, reason: str) -> None:
        """Tell a member privately they were warned; in the channel if their DMs are closed."""
        guild = self.guild(community)
        settings = self.community(community)
        text = f"You were warned in **{discord.utils.escape_markdown(guild.name)}**: {reason}"
        if settings.appeals:
            text += f"\n{settings.appeals}"
        if await self.send_dm(community, user_id, text) is not None:
            return
        channel = self.client.get_partial_messageable(
            self.channel_id(community, room), guild_id=guild.id
        )
        only = discord.AllowedMentions(
            everyone=False, roles=False, users=[discord.Object(int(user_id))]
        )
        async with mapped(f"warn {user_id}"):
            await channel.send(
                f"<@{user_id}>, you were warned: {reason}"[:_MAX_CONTENT], allowed_mentions=only
            )

    async def timeout(self, community: str, user_id: str, until: datetime, reason: str) -> None:
        """Mute a member until a time (Discord's native timeout, 28 days at most)."""
        await self.actions.timeout(community, user_id, until, reason)

    async def untimeout(self, community: str, user_id: str, reason: str) -> None:
        """Let a muted member speak again."""
        await self.actions.untimeout(community, user_id, reason)

    async def kick(self, community: str, user_id: str, reason: str) -> None:
        """Kick a member."""
        await self.actions.kick(community, user_id, reason)

    async def ban(self, community: str, user_id: str, reason: str, clean_seconds: int) -> None:
        """Ban a member and delete their messages of the last `clean_seconds` (7 days at most)."""
        await self.actions.ban(community, user_id, reason, clean_seconds)

    async def unban(self, community: str, user_id: str, reason: str) -> None:
        """Lift a ban."""
        await self.actions.unban(community, user_id, reason)

    async def set_slowmode(self, community: str, room: str, seconds: int) -> None:
        """Set a channel's slowmode."""
        await self.actions.slowmode(community, room, seconds)

    async def lockdown(self, community: str, rooms: list[str], enabled: bool, reason: str) -> None:
        """Lock channels (only moderators post) or restore them."""
        await self.actions.lockdown(community, rooms, enabled, reason)

    def _pings(self, community: str, card: ReportCard) -> tuple[str, discord.AllowedMentions]:
        """Return the mention of the on-call role (or user) when the card pages it."""
        on_call = self.community(community).on_call
        nobody = discord.AllowedMentions.none()
        if not on_call or on_call not in card.pings:
            return "", nobody
        guild = self.guild(community)
        ident = snowflake(on_call)
        role = (
            guild.get_role(ident)
            if ident is not None
            else discord.utils.get(guild.roles, name=on_call.removeprefix("@"))
        )
        if role is not None:
            allowed = discord.AllowedMentions(everyone=False, users=False, roles=[role])
            return role.mention, allowed
        if ident is not None and not on_call.startswith("<@&"):
            allowed = discord.AllowedMentions(
                everyone=False, roles=False, users=[discord.Object(ident)]
            )
            return f"<@{ident}>", allowed
        self.log.warning("on_call %r of %s is neither a role nor a member id", on_call, community)
        return "", nobody

    async def send_report(self, community: str, channel: str, card: ReportCard) -> str:
        """Post a report as an embed with its buttons; only the on-call role is pinged."""
        target = self.client.get_partial_messageable(
            self.channel_id(community, channel), guild_id=self._guilds.get(community)
        )
        mention, allowed = self._pings(community, card)
        content = f"{mention} urgent report" if mention else None
        view = report_view(card)
        extra: dict[str, Any] = {"view": view} if view is not None else {}
        async with mapped(f"report in {channel}"):
            message = await target.send(
                content, embed=report_embed(card), allowed_mentions=allowed, **extra
            )
        return str(message.id)

    async def edit_report(
        self, community: str, channel: str, message_id: str, card: ReportCard
    ) -> None:
        """Replace a posted report (grouping, "handled by"); its buttons go once handled."""
        target = self.client.get_partial_messageable(
            self.channel_id(community, channel), guild_id=self._guilds.get(community)
        )
        async with mapped(f"edit report {message_id}"):
            await target.get_partial_message(int(message_id)).edit(
                embed=report_embed(card),
                view=report_view(card),
                allowed_mentions=discord.AllowedMentions.none(),
            )

    async def send_message(self, community: str, room: str, text: str) -> str:
        """Post plain text that pings nobody."""
        target = self.client.get_partial_messageable(
            self.channel_id(community, room), guild_id=self._guilds.get(community)
        )
        async with mapped(f"message in {room}"):
            message = await target.send(
                text[:_MAX_CONTENT], allowed_mentions=discord.AllowedMentions.none()
            )
        return str(message.id)

    # What the command router asks of every adapter

    async def resolve_member(self, community: str, ref: str) -> Member | None:
        """Return a guild member by id (or exact name), or None."""
        found = await self.member(self.guild(community), ref)
        return None if found is None else translate.member_of(found)

    async def rank_of(self, community: str, user_id: str) -> int:
        """Return the position of the member's top role (the owner above all); 0 if unknown."""
        found = await self.member(self.guild(community), user_id)
        return 0 if found is None else rank(found)

    async def bot_user_id(self, community: str) -> str:
        """Return Vigie's own user id."""
        del community
        me = self.client.user
        if me is None:
            raise Unavailable("not logged in yet")
        return str(me.id)

    async def send_dm(self, community: str, user_id: str, text: str) -> str | None:
        """Send a direct message; None when the member does not accept them."""
        del community
        ident = snowflake(user_id)
        if ident is None:
            return None
        try:
            async with mapped(f"DM to {user_id}"):
                user = self.client.get_user(ident) or await self.client.fetch_user(ident)
                message = await user.send(
                    text[:_MAX_CONTENT], allowed_mentions=discord.AllowedMentions.none()
                )
        except PlatformError as err:
            if err.retryable:
                raise
            self.log.info("no DM to %s: %s", user_id, err)
            return None
        return str(message.id)

    async def fetch_history(self, community: str, room: str, limit: int) -> list[MessageCreated]:
        """Return up to `limit` recent messages of a channel, newest first."""
        target = self.client.get_partial_messageable(
            self.channel_id(community, room), guild_id=self._guilds.get(community)
        )
        async with mapped(f"history of {room}"):
            return [
                translate.message_created(
                    m, community, tuple(translate.attachment_of(a) for a in m.attachments)
                )
                async for m in target.history(limit=limit)
            ]


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


def _channel_ref(room: str) -> str:
    ident = room.strip().removeprefix("<#").removesuffix(">")
    return f"<#{ident}>" if ident.isdigit() else room


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
