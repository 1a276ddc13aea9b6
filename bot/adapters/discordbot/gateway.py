"""Turn Discord gateway events into neutral events for the core."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import discord

from bot.adapters.discordbot import translate
from bot.adapters.discordbot.automod import execution_of
from bot.events import Member, MemberLeft, ProfileChanged
from bot.moderation.parsing import DEFAULT_PREFIX

if TYPE_CHECKING:
    import asyncio
    import logging

    from bot.adapters.discordbot.automod import AutoModCases
    from bot.adapters.discordbot.directory import Directory
    from bot.adapters.discordbot.interactions import Interactions
    from bot.adapters.discordbot.outlet import Outlet
    from bot.clock import Clock


class GatewayEvents:
    """Receive the client's gateway events and emit what the core understands."""

    def __init__(
        self,
        directory: Directory,
        outlet: Outlet,
        interactions: Interactions,
        automod: AutoModCases,
        *,
        clock: Clock,
        ready: asyncio.Event,
        logger: logging.Logger,
    ) -> None:
        self._directory = directory
        self._client = directory.client
        self._outlet = outlet
        self._interactions = interactions
        self._automod = automod
        self._clock = clock
        self._ready = ready
        self._log = logger

    async def on_ready(self) -> None:
        """Say which configured guilds this process sees."""
        for community, guild_id in self._directory.guilds.items():
            if not self._directory.on_my_shards(guild_id):
                continue
            if self._client.get_guild(guild_id) is None:
                self._log.warning(
                    "community %s: Vigie is not in guild %s; invite it (`vigie invite-url`)",
                    community,
                    guild_id,
                )
        for guild in self._client.guilds:
            if self._directory.community_of(guild.id) is None:
                # Invited while Vigie was offline: it ignores the guild; say so once.
                self._log.warning(
                    "Vigie is in guild %s (%r), which no community configures: it is ignored; "
                    "remove Vigie from it, or add it to the config",
                    guild.id,
                    guild.name,
                )
        self._log.info("Discord ready on shards %s", sorted(self._client.shards))
        self._ready.set()

    async def on_message(self, message: discord.Message) -> None:
        """Scan a message; pass commands to the router."""
        if self._directory.own(message.author.id):
            return
        if message.guild is None:
            await self._direct(message)
            return
        community = self._directory.community_of(message.guild.id)
        if community is None:
            return
        attachments = await translate.hash_attachments(list(message.attachments), self._log)
        await self._outlet.emit(translate.message_created(message, community, attachments))
        if self._may_command(message) and self._is_command(community, message):
            await self._interactions.text_command(message, community, direct=False)

    @staticmethod
    def _may_command(message: discord.Message) -> bool:
        """Tell whether a message may be a command: from a person, not a bot or a webhook."""
        # A webhook picks any name and avatar, and may even carry a real member's id as author.
        return not message.author.bot and message.webhook_id is None

    def _is_command(self, community: str, message: discord.Message) -> bool:
        if message.channel.id == self._directory.mod_channel_id(community):
            return True
        prefix = self._directory.community(community).command_prefix or DEFAULT_PREFIX["discord"]
        return message.content.startswith(prefix)

    async def _direct(self, message: discord.Message) -> None:
        if not self._may_command(message):
            return
        for community, guild_id in self._directory.guilds.items():
            guild = self._client.get_guild(guild_id)
            member = guild.get_member(message.author.id) if guild is not None else None
            if member is not None:
                # A DM carries no roles: the author is judged as the guild knows them.
                await self._interactions.text_command(message, community, direct=True, as_=member)
                return

    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """Scan an edited text again; unfurled links and other non-edits are ignored."""
        community = self._directory.community_of(payload.guild_id)
        message = payload.message
        if community is None or self._directory.own(message.author.id) or message.edited_at is None:
            return
        before = payload.cached_message
        if before is not None and before.content == message.content:
            return
        attachments = tuple(translate.attachment_of(a) for a in message.attachments)
        previous = before.content if before is not None else None
        await self._outlet.emit(translate.message_edited(message, community, previous, attachments))

    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        """Say a message disappeared (its author is known when it was cached)."""
        community = self._directory.community_of(payload.guild_id)
        if community is None:
            return
        cached = payload.cached_message
        author = cached.author if cached is not None else None
        event = translate.message_deleted(
            community, payload.channel_id, payload.message_id, author, _now()
        )
        await self._outlet.emit(event)

    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        """Say each message of a bulk deletion disappeared."""
        community = self._directory.community_of(payload.guild_id)
        if community is None:
            return
        authors = {m.id: m.author for m in payload.cached_messages}
        for message_id in sorted(payload.message_ids):
            event = translate.message_deleted(
                community, payload.channel_id, message_id, authors.get(message_id), _now()
            )
            await self._outlet.emit(event)

    async def on_member_join(self, member: discord.Member) -> None:
        """Say a member joined (with their account's age)."""
        community = self._directory.community_of(member.guild.id)
        if community is not None:
            await self._outlet.emit(
                translate.member_joined(member, community, _join_room(member.guild))
            )

    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        """Say a member left (or was kicked or banned)."""
        community = self._directory.community_of(payload.guild_id)
        if community is None or self._directory.own(payload.user.id):
            return
        guild = self._client.get_guild(payload.guild_id)
        room = _join_room(guild) if guild is not None else str(payload.guild_id)
        await self._outlet.emit(translate.member_left(payload.user, community, room, _now()))

    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        """Say a member changed nickname, server avatar or roles."""
        community = self._directory.community_of(after.guild.id)
        if community is None:
            return
        event = translate.profile_changed(before, after, community, _join_room(after.guild), _now())
        if event is not None:
            await self._outlet.emit(event)

    async def on_user_update(self, before: discord.User, after: discord.User) -> None:
        """Say a member changed their global name or avatar, in each configured guild."""
        renamed = before.display_name != after.display_name
        if not renamed and before.avatar == after.avatar:
            return
        for guild in after.mutual_guilds:
            community = self._directory.community_of(guild.id)
            member = guild.get_member(after.id)
            if community is None or member is None:
                continue
            shown = renamed and member.nick is None  # a nickname hides the global name
            event = ProfileChanged(
                community=community,
                room=_join_room(guild),
                ts=_now(),
                member=translate.member_of(member),
                previous_display_name=before.display_name if shown else None,
            )
            await self._outlet.emit(event)

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        """Say a member reacted to a message."""
        community = self._directory.community_of(payload.guild_id)
        if community is None or self._directory.own(payload.user_id):
            return
        await self._outlet.emit(
            translate.reaction_added(payload, payload.member, community, _now())
        )

    async def on_audit_log_entry(self, entry: discord.AuditLogEntry) -> None:
        """Turn bans and kicks made in Discord's menus into MemberLeft(banned_by / kicked_by)."""
        community = self._directory.community_of(entry.guild.id)
        action = entry.action
        kinds = (discord.AuditLogAction.ban, discord.AuditLogAction.kick)
        if community is None or action not in kinds or entry.user_id is None:
            return
        if self._directory.own(entry.user_id) or entry.target is None:
            return  # Vigie's own sanctions are cases already
        target = entry.target
        member = (
            translate.member_of(target)
            if isinstance(target, discord.User | discord.Member)
            else Member(id=str(target.id))
        )
        by = str(entry.user_id)
        banned = action is discord.AuditLogAction.ban
        await self._outlet.emit(
            MemberLeft(
                community=community,
                room=_join_room(entry.guild),
                ts=entry.created_at,
                member=member,
                banned_by=by if banned else None,
                kicked_by=None if banned else by,
                reason=entry.reason,
            )
        )

    async def on_automod_action(self, execution: discord.AutoModAction) -> None:
        """Record what Discord's AutoMod did as a case (not as an event: it already acted)."""
        community = self._directory.community_of(execution.guild_id)
        if community is None:
            return
        await self._automod.record(execution_of(execution, community), self._clock.now())


def _now() -> datetime:
    """Return the current time, for events Discord does not timestamp."""
    return datetime.now(UTC)


def _join_room(guild: discord.Guild) -> str:
    """Return the room that membership events happen in: the system channel, else the guild."""
    channel = guild.system_channel
    return str(channel.id if channel is not None else guild.id)
