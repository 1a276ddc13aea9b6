"""Find a community's guild, channels and members, and answer the router's member lookups."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.adapters.base import NotFound, PlatformError, Unavailable
from bot.adapters.discordbot import translate
from bot.adapters.discordbot.actions import check_in_guild
from bot.adapters.discordbot.errors import mapped
from bot.adapters.discordbot.hierarchy import rank
from bot.adapters.discordbot.render import plain_id, snowflake
from bot.events import Member

if TYPE_CHECKING:
    from bot.adapters.discordbot.client import VigieClient
    from bot.config import Config
    from bot.config_models import CommunityBase, DiscordPlatform


class Directory:
    """Map communities to guilds and look up what lives in them."""

    def __init__(
        self,
        client: VigieClient,
        config: Config,
        settings: DiscordPlatform,
        guilds: dict[str, int],
    ) -> None:
        self.client = client
        self.config = config
        self._settings = settings
        #: Each Discord community's guild id.
        self.guilds = guilds
        self._communities = {guild: name for name, guild in guilds.items()}

    def community_of(self, guild_id: int | None) -> str | None:
        """Return the community configured for a guild, or None."""
        return None if guild_id is None else self._communities.get(guild_id)

    def community(self, name: str) -> CommunityBase:
        """Return a community's config."""
        return self.config.communities[name]

    def guild(self, community: str) -> discord.Guild:
        """Return the guild of a community, or raise Unavailable while it is not connected."""
        guild_id = self.guilds.get(community)
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
        found = plain_id(ident)
        if found is not None:
            return found
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
        """Return the guild roles the config gives as moderators (by id: names are refused)."""
        wanted = set(self.community(community).moderators.roles)
        return [r for r in guild.roles if str(r.id) in wanted]

    async def member(self, guild: discord.Guild, user_id: str) -> discord.Member | None:
        """Return a guild member by id (cache or API) or unique username; None when not found."""
        ident = snowflake(user_id)
        if ident is None:
            # Usernames are unique; nicknames and display names are not, and anyone can copy
            # one to be picked instead of the member a moderator meant.
            return discord.utils.get(guild.members, name=user_id.strip().lower())
        found = guild.get_member(ident)
        if found is not None:
            return found
        try:
            async with mapped(f"fetch member {ident}"):
                return await guild.fetch_member(ident)
        except NotFound:
            return None

    def own(self, user_id: int) -> bool:
        """Tell whether a user id is Vigie's own."""
        me = self.client.user
        return me is not None and me.id == user_id

    def on_my_shards(self, guild_id: int) -> bool:
        """Tell whether this process's shards serve the guild."""
        ids, count = self._settings.shard_ids, self._settings.shard_count
        if ids is None or count is None:
            return True
        return (guild_id >> 22) % count in ids

    async def resolve_member(self, community: str, ref: str) -> Member | None:
        """Return a guild member by id (or username), or None."""
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
