"""Who may run what, and on whom: per-command permissions and rank checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.members import is_moderator
from bot.moderation.errors import Refused
from bot.moderation.settings import PUBLIC_COMMANDS, Who

if TYPE_CHECKING:
    from bot.adapters.base import Adapter
    from bot.config_models import CommunityBase
    from bot.events import Member


def _matches(who: Who, community: CommunityBase, member: Member) -> bool:
    if who.everyone:
        return True
    if who.moderators and is_moderator(community, member):
        return True
    if member.id in who.users:
        return True
    if who.roles and not member.roles.isdisjoint(who.roles):
        return True
    return (
        who.power_level is not None
        and member.power_level is not None
        and member.power_level >= who.power_level
    )


def describe(who: Who) -> str:
    """Say in words who a permission lets in."""
    if who.everyone:
        return "everyone"
    parts = ["moderators"] if who.moderators else []
    if who.roles:
        parts.append("roles " + ", ".join(who.roles))
    if who.users:
        parts.append("users " + ", ".join(who.users))
    if who.power_level is not None:
        parts.append(f"power level {who.power_level}+")
    return " or ".join(parts) or "nobody"


def rule_for(community: CommunityBase, command: str) -> Who:
    """Return who may run a command in a community: the config's entry or the default."""
    configured = community.permissions.get(command)
    if configured is not None:
        return configured
    return Who(everyone=True) if command in PUBLIC_COMMANDS else Who(moderators=True)


def check_command(community: CommunityBase, member: Member, command: str) -> None:
    """Raise Refused, saying who may, when the member may not run this command."""
    who = rule_for(community, command)
    if not _matches(who, community, member):
        raise Refused(f"you may not use `{command}` here: it is for {describe(who)}")


async def check_target(
    adapter: Adapter, community_name: str, author: Member, target: str, verb: str
) -> None:
    """Raise Refused when the author may not act on the target: the bot, or a peer or superior."""
    if target == author.id:
        raise Refused(f"you cannot {verb} yourself")
    bot_id = await adapter.bot_user_id(community_name)
    if target == bot_id:
        raise Refused(f"I will not {verb} my own account")
    mine = await adapter.rank_of(community_name, author.id)
    if author.power_level is not None:
        mine = max(mine, author.power_level)
    theirs = await adapter.rank_of(community_name, target)
    if theirs >= mine:
        raise Refused(
            f"you cannot {verb} {target}: their rank ({theirs}) is not below yours ({mine})"
        )
