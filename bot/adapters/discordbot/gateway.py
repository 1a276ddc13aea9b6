"""Turn Discord gateway events into neutral events for the core."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.adapters.discordbot import translate
from bot.adapters.discordbot.automod import execution_of
from bot.adapters.discordbot.directory import Directory
from bot.events import Event, Member, MemberLeft, ProfileChanged
from bot.moderation.parsing import DEFAULT_PREFIX

if TYPE_CHECKING:
    import asyncio

    from bot.adapters.base import EventSink
    from bot.adapters.discordbot.automod import AutoModCases
    from bot.adapters.discordbot.interactions import Interactions
    from bot.clock import Clock


class GatewayEvents(Directory):
    """Receive the client's gateway events and emit what the core understands."""

    interactions: Interactions
    automod: AutoModCases
    _clock: Clock
    _sink: EventSink | None
    ready: asyncio.Event

    async def emit(self, event: Event) -> None:
        """Hand a neutral event to the core."""
        if self._sink is None:
            self.log.debug("no sink yet; dropped %s", type(event).__name__)
            return
        await self._sink(event)

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
        for guild in self.client.guilds:
            if self.community_of(guild.id) is None:
                # Invited while Vigie was offline: it ignores the guild; say so once.
                self.log.warning(
                    "Vigie is in guild %s (%r), which no community configures: it is ignored; "
                    "remove Vigie from it, or add it to the config",
                    guild.id,
                    guild.name,
                )
        self.log.info("Discord ready on shards %s", sorted(self.client.shards))
        self.ready.set()

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
        if self._may_command(message) and self._is_command(community, message):
            await self.interactions.text_command(message, community, direct=False)

    @staticmethod
    def _may_command(message: discord.Message) -> bool:
        """Tell whether a message may be a command: from a person, not a bot or a webhook."""
        # A webhook picks any name and avatar, and may even carry a real member's id as author.
        return not message.author.bot and message.webhook_id is None

    def _is_command(self, community: str, message: discord.Message) -> bool:
        if message.channel.id == self.mod_channel_id(community):
            return True
        prefix = self.community(community).command_prefix or DEFAULT_PREFIX["discord"]
        return message.content.startswith(prefix)

    async def _direct(self, message: discord.Message) -> None:
        if not self._may_command(message):
            return
        for community, guild_id in self._guilds.items():
            guild = self.client.get_guild(guild_id)
            member = guild.get_member(message.author.id) if guild is not None else None
            if member is not None:
                # A DM carries no roles: the author is judged as the guild knows them.
                await self.interactions.text_command(message, community, direct=True, as_=member)
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
