"""Remember what the platform told about members, and who moderates."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.events import Event, Member, MemberJoined, ProfileChanged

if TYPE_CHECKING:
    from bot.config_models import CommunityBase


class MemberDirectory:
    """Keep the latest facts per member, bounded, to enrich events that carry fewer."""

    def __init__(self, capacity: int = 200_000) -> None:
        self._facts: OrderedDict[tuple[str, str], Member] = OrderedDict()
        self._capacity = capacity

    def observe(self, event: Event) -> Member:
        """Merge what the event says about its member with what is known, and return it."""
        key = (event.community, event.member.id)
        known = self._facts.get(key)
        member = event.member
        if isinstance(event, MemberJoined | ProfileChanged) or known is None:
            merged = member if known is None else _fill(member, known)
            self._facts[key] = merged
            self._facts.move_to_end(key)
            if len(self._facts) > self._capacity:
                self._facts.popitem(last=False)
            return merged
        return _fill(member, known)

    def get(self, community: str, member_id: str) -> Member | None:
        """Return the facts known about a member."""
        return self._facts.get((community, member_id))

    def __len__(self) -> int:
        return len(self._facts)


def _fill(member: Member, known: Member) -> Member:
    """Fill the facts `member` lacks from `known`."""
    if (
        member.display_name is None
        and member.power_level is None
        and member.account_created is None
        and member.has_avatar is None
        and not member.roles
        and member.is_bot == known.is_bot
        and member.id == known.id
    ):
        # Most events name the member and nothing more: the filled facts are `known`'s own.
        return known
    if member == known:
        return member
    changes = {}
    for name in ("display_name", "account_created", "power_level", "has_avatar"):
        if getattr(member, name) is None and getattr(known, name) is not None:
            changes[name] = getattr(known, name)
    if not member.roles and known.roles:
        changes["roles"] = known.roles
    return replace(member, **changes) if changes else member


def is_moderator(community: CommunityBase, member: Member) -> bool:
    """Tell whether the member moderates this community, by user, role or power level."""
    mods = community.moderators
    if member.id in mods.users:
        return True
    if mods.roles and not member.roles.isdisjoint(mods.roles):
        return True
    return (
        mods.power_level is not None
        and member.power_level is not None
        and member.power_level >= mods.power_level
    )
