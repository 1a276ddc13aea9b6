"""Which community each room belongs to, and the management room of each community."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field

from nio import MatrixRoom

from bot.adapters.matrix.translate import Place
from bot.cluster.ownership import RoomShare


@dataclass(frozen=True, slots=True)
class CommunityRooms:
    """What the adapter needs from a community's config."""

    name: str
    patterns: tuple[str, ...]
    mod_channel: str
    moderator_level: int | None = None
    moderator_users: frozenset[str] = frozenset()


def room_name(room: MatrixRoom) -> str:
    """Return the name events carry for a room: its canonical alias, else its ID."""
    name: str = room.canonical_alias or room.room_id
    return name


@dataclass(slots=True)
class RoomDirectory:
    """Place rooms in communities; the management rooms and policy lists are not protected."""

    communities: dict[str, CommunityRooms]
    management: dict[str, str] = field(default_factory=dict)  # community -> room ID
    policy_rooms: set[str] = field(default_factory=set)
    #: The rooms this process handles when several split them (bot.cluster.ownership).
    share: RoomShare = field(default_factory=RoomShare)

    def handles(self, room: MatrixRoom) -> bool:
        """Tell whether this process handles a room's events; another process does if not.

        Management rooms go by the hash of their ID, so exactly one process answers commands.
        """
        if self.community_of_management(room.room_id):
            return self.share.hashed(room.room_id)
        return self.share.owns(room.room_id, room.canonical_alias)

    def community_of_management(self, room_id: str) -> str | None:
        """Return the community whose management room this is."""
        for name, managed in self.management.items():
            if managed == room_id:
                return name
        return None

    def place(self, room: MatrixRoom) -> Place | None:
        """Return where a room's events go, or None when no community protects it."""
        if room.room_id in self.policy_rooms or self.community_of_management(room.room_id):
            return None
        if not self.share.owns(room.room_id, room.canonical_alias):
            return None  # another process protects it
        names = [room.room_id] + ([room.canonical_alias] if room.canonical_alias else [])
        for community in self.communities.values():
            if any(_matches(n, community.patterns) for n in names):
                return Place(community.name, room_name(room), room.room_id)
        return None

    def protected(self, community: str, rooms: Iterable[MatrixRoom]) -> list[MatrixRoom]:
        """Return a community's protected rooms, largest first (bans reach most people first)."""
        mine = [r for r in rooms if (p := self.place(r)) is not None and p.community == community]
        return sorted(mine, key=lambda r: (-r.joined_count, r.room_id))


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    return any(name == p or fnmatch.fnmatchcase(name, p) for p in patterns)
