"""Tell who is who in a community: members, moderators, power levels, room creators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nio import Event as NioEvent
from nio import MatrixRoom, RoomCreateEvent

from bot.adapters.base import Forbidden, NotFound
from bot.adapters.matrix import power
from bot.adapters.matrix.client import quoted
from bot.adapters.matrix.translate import member_of
from bot.events import Member

if TYPE_CHECKING:
    from bot.adapters.matrix.client import MatrixClient
    from bot.adapters.matrix.rooms import RoomDirectory

DEFAULT_MODERATOR_LEVEL = 50


class Members:
    """Answer the MatrixAdapter's questions about members and their power."""

    def __init__(self, client: MatrixClient, rooms: RoomDirectory) -> None:
        self._client = client
        self._rooms = rooms
        self._creators: dict[str, frozenset[str]] = {}

    def note_creators(self, room_id: str, events: list[NioEvent]) -> None:
        """Remember who created a room, from its creation event among these."""
        for event in events:
            if isinstance(event, RoomCreateEvent):
                self._creators[room_id] = power.creators_of(event.source)

    def creators(self, room_id: str) -> frozenset[str]:
        """Return who created a room, when its version makes them all-powerful."""
        return self._creators.get(room_id, frozenset())

    def level_of(self, room: MatrixRoom, user_id: str) -> int:
        """Return a user's power level in a room, creators of version-12 rooms included."""
        if user_id in self.creators(room.room_id):
            return power.CREATOR_LEVEL
        level: int = room.power_levels.get_user_level(user_id)
        return level

    async def is_moderator(self, community: str, user_id: str) -> bool:
        """Tell whether a user moderates a community (by account or by power level)."""
        settings = self._rooms.communities[community]
        if user_id == self._client.user_id or user_id in settings.moderator_users:
            return True
        level = settings.moderator_level or DEFAULT_MODERATOR_LEVEL
        return await self.rank_of(community, user_id) >= level

    def protected(self, community: str) -> list[MatrixRoom]:
        """Return a community's protected rooms, largest first."""
        return self._rooms.protected(community, self._client.nio.rooms.values())

    def _community_rooms(self, community: str) -> list[MatrixRoom]:
        rooms = self.protected(community)
        managed = self._client.room(self._rooms.management.get(community, ""))
        return [*rooms, managed] if managed is not None else rooms

    async def resolve_member(self, community: str, ref: str) -> Member | None:
        """Return a member known in the community's rooms, else an existing account, else None."""
        for room in self._community_rooms(community):
            if ref in room.users:
                return member_of(room, ref, creators=self.creators(room.room_id))
        if not ref.startswith("@") or ":" not in ref:
            return None
        try:
            profile = await self._client.raw("GET", f"/_matrix/client/v3/profile/{quoted(ref)}")
        except (NotFound, Forbidden):
            return None
        name = profile.get("displayname")
        return Member(id=ref, display_name=name if isinstance(name, str) else None)

    async def rank_of(self, community: str, user_id: str) -> int:
        """Return a user's highest power level across the community's rooms."""
        levels = [self.level_of(r, user_id) for r in self._community_rooms(community)]
        return max(levels, default=0)

    async def bot_user_id(self, community: str) -> str:
        """Return the bot's own account."""
        del community
        return self._client.user_id
