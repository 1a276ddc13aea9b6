"""Post and edit report cards in the mod channel, paging only the on-call role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.adapters.discordbot.errors import mapped
from bot.adapters.discordbot.render import report_embed, report_view, snowflake

if TYPE_CHECKING:
    import logging

    from bot.adapters.discordbot.directory import Directory
    from bot.moderation.reports import ReportCard


class ReportPosting:
    """Show report cards, with their quick-action buttons, in the mod channel."""

    def __init__(self, directory: Directory, logger: logging.Logger) -> None:
        self._directory = directory
        self._log = logger

    def _pings(self, community: str, card: ReportCard) -> tuple[str, discord.AllowedMentions]:
        """Return the mention of the on-call role (or user) when the card pages it."""
        on_call = self._directory.community(community).on_call
        nobody = discord.AllowedMentions.none()
        if not on_call or on_call not in card.pings:
            return "", nobody
        guild = self._directory.guild(community)
        # By id only (the config refuses names): a copied role name must never be paged.
        ident = snowflake(on_call)
        role = guild.get_role(ident) if ident is not None else None
        if role is not None:
            allowed = discord.AllowedMentions(everyone=False, users=False, roles=[role])
            return role.mention, allowed
        if ident is not None and not on_call.startswith("<@&"):
            allowed = discord.AllowedMentions(
                everyone=False, roles=False, users=[discord.Object(ident)]
            )
            return f"<@{ident}>", allowed
        self._log.warning("on_call %r of %s is neither a role nor a member id", on_call, community)
        return "", nobody

    async def send_report(self, community: str, channel: str, card: ReportCard) -> str:
        """Post a report as an embed with its buttons; only the on-call role is pinged."""
        target = self._directory.client.get_partial_messageable(
            self._directory.channel_id(community, channel),
            guild_id=self._directory.guilds.get(community),
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
        target = self._directory.client.get_partial_messageable(
            self._directory.channel_id(community, channel),
            guild_id=self._directory.guilds.get(community),
        )
        async with mapped(f"edit report {message_id}"):
            await target.get_partial_message(int(message_id)).edit(
                embed=report_embed(card),
                view=report_view(card),
                allowed_mentions=discord.AllowedMentions.none(),
            )
