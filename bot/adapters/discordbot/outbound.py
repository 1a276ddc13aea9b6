"""Carry out the neutral actions: deletions, sanctions, lockdowns, messages, DMs, history."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import discord

from bot.adapters.base import PlatformError
from bot.adapters.discordbot import translate
from bot.adapters.discordbot.errors import mapped
from bot.adapters.discordbot.render import snowflake
from bot.events import MessageCreated

if TYPE_CHECKING:
    import logging

    from bot.adapters.discordbot.actions import GuildActions
    from bot.adapters.discordbot.directory import Directory

_MAX_CONTENT = 2000


class Outbound:
    """Do on Discord what the core decided, through the guild actions and the client."""

    def __init__(self, directory: Directory, actions: GuildActions, logger: logging.Logger) -> None:
        self.directory = directory
        self.client = directory.client
        self.actions = actions
        self.log = logger

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
        guild = self.directory.guild(community)
        settings = self.directory.community(community)
        text = f"You were warned in **{discord.utils.escape_markdown(guild.name)}**: {reason}"
        if settings.appeals:
            text += f"\n{settings.appeals}"
        if await self.send_dm(community, user_id, text) is not None:
            return
        channel = self.client.get_partial_messageable(
            self.directory.channel_id(community, room), guild_id=guild.id
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

    async def send_message(self, community: str, room: str, text: str) -> str:
        """Post plain text that pings nobody."""
        target = self.client.get_partial_messageable(
            self.directory.channel_id(community, room),
            guild_id=self.directory.guilds.get(community),
        )
        async with mapped(f"message in {room}"):
            message = await target.send(
                text[:_MAX_CONTENT], allowed_mentions=discord.AllowedMentions.none()
            )
        return str(message.id)

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
            self.directory.channel_id(community, room),
            guild_id=self.directory.guilds.get(community),
        )
        async with mapped(f"history of {room}"):
            return [
                translate.message_created(
                    m, community, tuple(translate.attachment_of(a) for a in m.attachments)
                )
                async for m in target.history(limit=limit)
            ]
