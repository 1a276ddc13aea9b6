"""Greet a guild that invites Vigie: say whether it is configured and what is missing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.adapters.base import PlatformError
from bot.adapters.discord_invite import needs_of
from bot.adapters.discordbot.errors import mapped

if TYPE_CHECKING:
    import logging

    from bot.adapters.discordbot.directory import Directory
    from bot.registry import Registry


class Welcome:
    """Post the setup message when Vigie joins a guild."""

    def __init__(
        self, directory: Directory, registry: Registry | None, logger: logging.Logger
    ) -> None:
        self._directory = directory
        self._registry = registry
        self._log = logger

    async def on_guild_join(self, guild: discord.Guild) -> None:
        """Leave a guild no community configures; else post a short setup message."""
        if self._directory.community_of(guild.id) is None:
            await self._refuse(guild)
            return
        text = self.setup_message(guild)
        channel = guild.system_channel
        none = discord.AllowedMentions.none()
        try:
            if channel is not None and channel.permissions_for(guild.me).send_messages:
                await channel.send(text, allowed_mentions=none)
                return
            owner = guild.owner or await guild.fetch_member(guild.owner_id or 0)
            await owner.send(text, allowed_mentions=none)
        except discord.HTTPException as err:
            self._log.warning("cannot post the setup message in guild %s: %s", guild.id, err)

    async def _refuse(self, guild: discord.Guild) -> None:
        """Leave a guild that invited Vigie without being in its configuration, and log it."""
        # Anyone may invite a public bot: staying would give strangers its moderation powers.
        self._log.warning(
            "guild %s (%r, owner %s) invited Vigie but no community configures it: leaving. "
            'To moderate it, add a community with `guild: "%s"` and invite Vigie again.',
            guild.id,
            guild.name,
            guild.owner_id,
            guild.id,
        )
        try:
            async with mapped(f"leave guild {guild.id}"):
                await guild.leave()
        except PlatformError as err:
            self._log.warning("cannot leave the unconfigured guild %s: %s", guild.id, err)

    def setup_message(self, guild: discord.Guild) -> str:
        """Return what Vigie says when it joins a configured guild: what is missing, if any."""
        community = self._directory.community_of(guild.id)
        if community is None:
            return f"This server ({guild.id}) is not in Vigie's configuration."
        settings = self._directory.community(community)
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
        needs = needs_of(self._directory.config, self._registry, [community])
        have = guild.me.guild_permissions
        if have.administrator:
            return []
        return sorted(name for name in needs.reasons if not getattr(have, name, False))


def _channel_ref(room: str) -> str:
    ident = room.strip().removeprefix("<#").removesuffix(">")
    return f"<#{ident}>" if ident.isdigit() else room
