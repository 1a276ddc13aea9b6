"""Greet a guild that invites Vigie: say whether it is configured and what is missing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.adapters.discord_invite import needs_of
from bot.adapters.discordbot.directory import Directory

if TYPE_CHECKING:
    from bot.registry import Registry


class Welcome(Directory):
    """Post the setup message when Vigie joins a guild."""

    _registry: Registry | None

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


def _channel_ref(room: str) -> str:
    ident = room.strip().removeprefix("<#").removesuffix(">")
    return f"<#{ident}>" if ident.isdigit() else room
