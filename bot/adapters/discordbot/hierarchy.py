"""Discord's role hierarchy, checked before acting so refusals say why in plain words."""

from __future__ import annotations

import discord

from bot.adapters.base import Forbidden

#: The rank of a guild's owner: above every role position.
OWNER_RANK = 1_000_000


def rank(member: discord.Member) -> int:
    """Return the member's rank: the position of their top role; the owner above all."""
    if member.guild.owner_id == member.id:
        return OWNER_RANK
    return member.top_role.position


def check_bot_can_act(me: discord.Member, target: discord.Member, action: str) -> None:
    """Raise Forbidden when Discord would refuse the bot acting on this member."""
    guild = target.guild
    if target.id == guild.owner_id:
        raise Forbidden(f"cannot {action} {target} ({target.id}): they own the server")
    if target.id == me.id:
        raise Forbidden(f"cannot {action} Vigie itself")
    if target.top_role >= me.top_role:
        raise Forbidden(
            f"cannot {action} {target} ({target.id}): their top role "
            f"'{target.top_role.name}' (position {target.top_role.position}) is not below "
            f"Vigie's top role '{me.top_role.name}' (position {me.top_role.position}); "
            "move Vigie's role higher in Server Settings → Roles"
        )
    if action == "timeout" and target.guild_permissions.administrator:
        raise Forbidden(f"cannot timeout {target} ({target.id}): administrators cannot be muted")
