"""The discord.py client Vigie runs: intents, sharding, mentions, and event forwarding."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

if TYPE_CHECKING:
    from bot.adapters.discordbot.adapter import DiscordAdapter

#: 429s asking for longer than this are not slept through inside discord.py: they reach the
#: executor as RateLimited(retry_after), which keeps the action pending and retries it.
MAX_RATELIMIT_WAIT = 30.0


def vigie_intents() -> discord.Intents:
    """Return the gateway intents Vigie needs.

    The defaults (guilds, messages, reactions, moderation, AutoMod execution...) plus the two
    privileged ones: message content (to read what members write) and members (joins,
    leaves, nickname and avatar changes). Presences are not needed.
    """
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    intents.presences = False
    intents.typing = False
    return intents


class VigieClient(discord.AutoShardedClient):
    """An AutoShardedClient whose events go to the adapter; no message of its own pings."""

    def __init__(
        self,
        adapter: DiscordAdapter,
        *,
        shard_ids: list[int] | None = None,
        shard_count: int | None = None,
        application_id: int | None = None,
        **options: Any,
    ) -> None:
        # discord.py types shard_ids and application_id without None, yet reads None as unset.
        super().__init__(
            intents=vigie_intents(),
            shard_ids=shard_ids,  # type: ignore[arg-type]
            shard_count=shard_count,
            application_id=application_id,  # type: ignore[arg-type]
            # Nothing Vigie posts pings anyone unless a call allows it explicitly.
            allowed_mentions=discord.AllowedMentions.none(),
            # Members are fetched when needed; chunking big servers at start is not.
            chunk_guilds_at_startup=False,
            max_ratelimit_timeout=MAX_RATELIMIT_WAIT,
            **options,
        )
        self.adapter = adapter
        self.tree: app_commands.CommandTree[VigieClient] = app_commands.CommandTree(self)

    async def setup_hook(self) -> None:
        """Register the persistent buttons and the application commands (after login)."""
        await self.adapter.setup()

    # Gateway events, forwarded

    async def on_ready(self) -> None:
        """Say the shards are connected."""
        await self.adapter.gateway.on_ready()

    async def on_message(self, message: discord.Message) -> None:
        """Forward a new message."""
        await self.adapter.gateway.on_message(message)

    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """Forward an edit, cached or not."""
        await self.adapter.gateway.on_raw_message_edit(payload)

    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        """Forward a deletion."""
        await self.adapter.gateway.on_raw_message_delete(payload)

    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        """Forward a bulk deletion as single deletions."""
        await self.adapter.gateway.on_raw_bulk_message_delete(payload)

    async def on_member_join(self, member: discord.Member) -> None:
        """Forward a join."""
        await self.adapter.gateway.on_member_join(member)

    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        """Forward a departure (left, kicked or banned)."""
        await self.adapter.gateway.on_raw_member_remove(payload)

    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        """Forward a nickname, server avatar or roles change."""
        await self.adapter.gateway.on_member_update(before, after)

    async def on_user_update(self, before: discord.User, after: discord.User) -> None:
        """Forward a change of global name or avatar."""
        await self.adapter.gateway.on_user_update(before, after)

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        """Forward a reaction."""
        await self.adapter.gateway.on_raw_reaction_add(payload)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        """Greet a new server."""
        await self.adapter.welcome.on_guild_join(guild)

    async def on_automod_action(self, execution: discord.AutoModAction) -> None:
        """Record what Discord's AutoMod did."""
        await self.adapter.gateway.on_automod_action(execution)

    async def on_audit_log_entry_create(self, entry: discord.AuditLogEntry) -> None:
        """See bans and kicks made in Discord's own menus."""
        await self.adapter.gateway.on_audit_log_entry(entry)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """Log a handler's failure with its traceback; the client keeps running."""
        del args, kwargs
        self.adapter.log.exception("Discord event %s failed", event_method)
