"""The neutral actions on Discord: deletions, sanctions, slowmode and lockdown."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import discord
from discord.utils import time_snowflake

from bot.adapters.base import NotFound, Unavailable
from bot.adapters.discordbot.errors import mapped
from bot.adapters.discordbot.hierarchy import check_bot_can_act

if TYPE_CHECKING:
    from bot.adapters.discordbot.directory import Directory
    from bot.adapters.values import Values

#: Discord's own limits.
MAX_TIMEOUT = timedelta(days=28)
MAX_BAN_CLEAN = 7 * 24 * 3600
MAX_SLOWMODE = 6 * 3600
BULK_MAX = 100
BULK_AGE = timedelta(days=14)
# A little margin, so "now + 28 days" is not refused as over the limit once it arrives.
_TIMEOUT_MARGIN = timedelta(minutes=1)
_BULK_MARGIN = timedelta(minutes=5)

#: What a lockdown denies to @everyone, and allows to the moderators' roles.
LOCKED = (
    "send_messages",
    "send_messages_in_threads",
    "create_public_threads",
    "create_private_threads",
    "add_reactions",
)
MODERATORS_KEEP = ("send_messages", "send_messages_in_threads")


class GuildActions:
    """Carry out actions in the guild of a community, checking the role hierarchy first."""

    def __init__(self, directory: Directory, values: Values, logger: logging.Logger) -> None:
        self._directory = directory
        self._values = values
        self._log = logger

    @property
    def _http(self) -> discord.http.HTTPClient:
        return self._directory.client.http

    # Messages

    async def delete(self, community: str, room: str, message_id: str, reason: str) -> None:
        """Delete one message."""
        channel_id = self._directory.channel_id(community, room)
        async with mapped(f"delete {message_id}"):
            await self._http.delete_message(channel_id, int(message_id), reason=reason or None)

    async def delete_many(
        self, community: str, room: str, message_ids: list[str], reason: str
    ) -> None:
        """Delete messages, 100 at a time where Discord allows it (younger than 14 days)."""
        channel_id = self._directory.channel_id(community, room)
        oldest = time_snowflake(datetime.now(UTC) - BULK_AGE + _BULK_MARGIN)
        ids = list(dict.fromkeys(int(m) for m in message_ids))
        recent = [m for m in ids if m > oldest]
        single = [m for m in ids if m <= oldest]
        for start in range(0, len(recent), BULK_MAX):
            chunk = recent[start : start + BULK_MAX]
            if len(chunk) == 1:
                single += chunk
                continue
            async with mapped(f"bulk delete of {len(chunk)} messages in {channel_id}"):
                # discord.py asks for a list of str | int: a list of int is as good, it is
                # only read.
                await self._http.delete_messages(channel_id, chunk, reason=reason or None)  # type: ignore[arg-type]
        for message_id in single:
            try:
                await self.delete(community, str(channel_id), str(message_id), reason)
            except NotFound:
                continue

    # Sanctions

    async def _target(self, community: str, user_id: str, action: str) -> discord.Member | None:
        """Return the member (None when not in the guild) after checking the bot can act."""
        guild = self._directory.guild(community)
        member = await self._directory.member(guild, user_id)
        if member is not None:
            me = guild.me
            if me is None:
                raise Unavailable(f"{action}: Vigie's own member is not known yet in {guild.id}")
            check_bot_can_act(me, member, action)
        return member

    async def _present(self, community: str, user_id: str, action: str) -> discord.Member:
        """Return the member after the hierarchy check; NotFound when they are not there."""
        member = await self._target(community, user_id, action)
        if member is None:
            raise NotFound(f"{action}: {user_id} is not a member of the server")
        return member

    async def timeout(self, community: str, user_id: str, until: datetime, reason: str) -> None:
        """Mute with Discord's native timeout (communication_disabled_until), 28 days at most."""
        now = datetime.now(UTC)
        if until <= now:
            self._log.info("timeout of %s already over (%s); nothing to do", user_id, until)
            return
        until = min(until, now + MAX_TIMEOUT - _TIMEOUT_MARGIN)
        member = await self._present(community, user_id, "timeout")
        async with mapped(f"timeout {user_id}"):
            await member.timeout(until, reason=reason or None)

    async def untimeout(self, community: str, user_id: str, reason: str) -> None:
        """Lift a timeout."""
        member = await self._present(community, user_id, "untimeout")
        async with mapped(f"untimeout {user_id}"):
            await member.timeout(None, reason=reason or None)

    async def kick(self, community: str, user_id: str, reason: str) -> None:
        """Kick a member."""
        member = await self._present(community, user_id, "kick")
        async with mapped(f"kick {user_id}"):
            await member.guild.kick(member, reason=reason or None)

    async def ban(self, community: str, user_id: str, reason: str, clean_seconds: int) -> None:
        """Ban a user (member or not), deleting their messages of the last `clean_seconds`."""
        await self._target(community, user_id, "ban")
        guild = self._directory.guild(community)
        seconds = max(0, min(int(clean_seconds), MAX_BAN_CLEAN))
        async with mapped(f"ban {user_id}"):
            await guild.ban(
                discord.Object(int(user_id)),
                reason=reason or None,
                delete_message_seconds=seconds,
            )

    async def unban(self, community: str, user_id: str, reason: str) -> None:
        """Lift a ban."""
        guild = self._directory.guild(community)
        async with mapped(f"unban {user_id}"):
            await guild.unban(discord.Object(int(user_id)), reason=reason or None)

    # Channels

    async def slowmode(self, community: str, room: str, seconds: int) -> None:
        """Set a channel's slowmode (0 lifts it; Discord allows 6 hours at most)."""
        channel_id = self._directory.channel_id(community, room)
        delay = max(0, min(int(seconds), MAX_SLOWMODE))
        async with mapped(f"slowmode of {channel_id}"):
            await self._http.edit_channel(
                channel_id, reason=f"Vigie slowmode {delay}s", rate_limit_per_user=delay
            )

    async def lockdown(self, community: str, rooms: list[str], enabled: bool, reason: str) -> None:
        """Deny posting to @everyone (moderators' roles keep it), or restore what was before."""
        guild = self._directory.guild(community)
        channels = [self._directory.text_channel(community, room) for room in rooms]
        if not rooms:
            mod = self._directory.mod_channel_id(community)
            channels = [c for c in guild.text_channels if c.id != mod]
        moderators = self._directory.moderator_roles(community, guild)
        for channel in channels:
            if enabled:
                await self._lock(channel, moderators, reason)
            else:
                await self._unlock(channel, reason)

    async def _lock(
        self, channel: discord.TextChannel, moderators: list[discord.Role], reason: str
    ) -> None:
        key = f"lockdown:{channel.id}"
        if await self._values.get(key):
            return  # already locked by Vigie: keep the first saved state
        guild = channel.guild
        saved: dict[str, dict[str, bool | None]] = {}
        targets: list[tuple[discord.Role, tuple[str, ...], bool]] = [
            (guild.default_role, LOCKED, False),
            *((role, MODERATORS_KEEP, True) for role in moderators),
        ]
        # Save first: a crash half-way must still be undone by `unlock`.
        for role, names, _ in targets:
            overwrite = channel.overwrites_for(role)
            saved[str(role.id)] = {name: getattr(overwrite, name) for name in names}
        await self._values.set(key, json.dumps(saved))
        for role, names, value in targets:
            overwrite = channel.overwrites_for(role)
            overwrite.update(**dict.fromkeys(names, value))
            await self._write(channel, role, overwrite, reason or "Vigie lockdown")

    async def _unlock(self, channel: discord.TextChannel, reason: str) -> None:
        key = f"lockdown:{channel.id}"
        raw = await self._values.get(key)
        guild = channel.guild
        saved: dict[str, dict[str, bool | None]] = (
            json.loads(raw) if raw else {str(guild.default_role.id): dict.fromkeys(LOCKED)}
        )
        for role_id, values in saved.items():
            role = guild.get_role(int(role_id))
            if role is None:
                continue
            overwrite = channel.overwrites_for(role)
            overwrite.update(**values)
            await self._write(channel, role, overwrite, reason or "Vigie lockdown lifted")
        await self._values.set(key, "")

    async def _write(
        self,
        channel: discord.TextChannel,
        role: discord.Role,
        overwrite: discord.PermissionOverwrite,
        reason: str,
    ) -> None:
        async with mapped(f"permissions of {role.name} in {channel.id}"):
            if overwrite.is_empty():
                if role in channel.overwrites:
                    await channel.set_permissions(role, overwrite=None, reason=reason)
            else:
                await channel.set_permissions(role, overwrite=overwrite, reason=reason)


def check_in_guild(channel: object, room: str) -> discord.TextChannel:
    """Return the channel when it is a guild text channel, else raise NotFound."""
    if not isinstance(channel, discord.TextChannel):
        raise NotFound(f"{room} is not a text channel of the server")
    return channel
