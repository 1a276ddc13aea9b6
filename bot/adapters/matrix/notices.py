"""Tell the management rooms what the bot cannot do: power levels, encrypted rooms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nio import MatrixRoom

from bot.adapters.base import PlatformError
from bot.adapters.matrix import power
from bot.adapters.matrix.render import notice_content
from bot.adapters.matrix.rooms import room_name
from bot.adapters.matrix.shared import Part

if TYPE_CHECKING:
    from bot.adapters.matrix.members import Members
    from bot.adapters.matrix.shared import Shared


class Notices(Part):
    """Post the MatrixAdapter's notices in the management rooms."""

    def __init__(self, shared: Shared, members: Members) -> None:
        super().__init__(shared)
        self._members = members
        self._said_encrypted: set[str] = set()

    async def check_rooms(self, rooms: list[MatrixRoom]) -> None:
        """Tell each management room what the bot cannot do in its protected rooms."""
        for room in rooms:
            place = self._rooms.place(room)
            if place is None:
                continue
            if room.encrypted:
                await self.say_encrypted(place.community, room)
            try:
                content = await self._client.state_event(room.room_id, power.PL_EVENT) or {}
            except PlatformError as err:
                self._log.warning("cannot read power levels of %s: %s", room.room_id, err)
                continue
            lacks = power.missing_abilities(
                content, self._client.user_id, self._members.creators(room.room_id)
            )
            if lacks:
                needed = max(lack.needed for lack in lacks)
                await self.tell(
                    place.community,
                    f"In {place.room} I cannot: {'; '.join(map(str, lacks))}. "
                    f"Give me power level {needed} there.",
                )

    async def say_encrypted(self, community: str, room: MatrixRoom) -> None:
        """Tell once (ever) that a room is encrypted, so nothing posted in it is moderated."""
        if room.room_id in self._said_encrypted:
            return
        self._said_encrypted.add(room.room_id)
        key = f"said_encrypted:{room.room_id}"
        if await self._values.get(key):
            return
        await self.tell(
            community,
            f"{room_name(room)} is end-to-end encrypted: I cannot read its messages, so "
            "nothing posted there is moderated. Membership changes are still watched.",
        )
        await self._values.set(key, "1")

    async def tell(self, community: str, text: str) -> None:
        """Post a notice in a community's management room; a failure is logged, not raised."""
        room_id = self._rooms.management.get(community)
        if room_id is None:
            self._log.warning("no management room for %s: %s", community, text)
            return
        try:
            content = notice_content(text)
            await self._patience.patiently(lambda: self._client.send(room_id, content))
        except PlatformError as err:
            self._log.warning("cannot tell %s: %s (%s)", community, text, err)

    async def tell_all(self, text: str) -> None:
        """Post a notice in every community's management room."""
        for community in self._rooms.management:
            await self.tell(community, text)
