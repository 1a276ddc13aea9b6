"""Tell the management rooms what the bot cannot do: power levels, encrypted rooms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nio import MatrixRoom

from bot.adapters.base import PlatformError
from bot.adapters.matrix import power
from bot.adapters.matrix.render import notice_content
from bot.adapters.matrix.rooms import room_name

if TYPE_CHECKING:
    import logging
    from collections.abc import Awaitable, Callable

    from bot.adapters.matrix.client import MatrixClient
    from bot.adapters.matrix.retry import T
    from bot.adapters.matrix.rooms import RoomDirectory


class Notices:
    """Post the MatrixAdapter's notices in the management rooms."""

    # Set by the MatrixAdapter this part is composed into.
    client: MatrixClient
    rooms: RoomDirectory
    _log: logging.Logger
    _said_encrypted: set[str]

    # The adapter's other parts define these: declared for mypy only, they shadow none at run time.
    if TYPE_CHECKING:

        def creators(self, room_id: str) -> frozenset[str]:
            """Return who created a room, when its version makes them all-powerful."""

        async def _kv_get(self, key: str) -> str | None: ...
        async def _kv_set(self, key: str, value: str) -> None: ...
        async def _patiently(self, call: Callable[[], Awaitable[T]]) -> T: ...

    async def _check_rooms(self, rooms: list[MatrixRoom]) -> None:
        """Tell each management room what the bot cannot do in its protected rooms."""
        for room in rooms:
            place = self.rooms.place(room)
            if place is None:
                continue
            if room.encrypted:
                await self._say_encrypted(place.community, room)
            try:
                content = await self.client.state_event(room.room_id, power.PL_EVENT) or {}
            except PlatformError as err:
                self._log.warning("cannot read power levels of %s: %s", room.room_id, err)
                continue
            lacks = power.missing_abilities(
                content, self.client.user_id, self.creators(room.room_id)
            )
            if lacks:
                needed = max(lack.needed for lack in lacks)
                await self._tell(
                    place.community,
                    f"In {place.room} I cannot: {'; '.join(map(str, lacks))}. "
                    f"Give me power level {needed} there.",
                )

    async def _say_encrypted(self, community: str, room: MatrixRoom) -> None:
        if room.room_id in self._said_encrypted:
            return
        self._said_encrypted.add(room.room_id)
        key = f"said_encrypted:{room.room_id}"
        if await self._kv_get(key):
            return
        await self._tell(
            community,
            f"{room_name(room)} is end-to-end encrypted: I cannot read its messages, so "
            "nothing posted there is moderated. Membership changes are still watched.",
        )
        await self._kv_set(key, "1")

    async def _tell(self, community: str, text: str, html_body: str | None = None) -> str | None:
        """Post a notice in a community's management room; a failure is logged, not raised."""
        room_id = self.rooms.management.get(community)
        if room_id is None:
            self._log.warning("no management room for %s: %s", community, text)
            return None
        try:
            content = notice_content(text, html_body)
            return await self._patiently(lambda: self.client.send(room_id, content))
        except PlatformError as err:
            self._log.warning("cannot tell %s: %s (%s)", community, text, err)
            return None

    async def _tell_all(self, text: str) -> None:
        for community in self.rooms.management:
            await self._tell(community, text)

    async def tell(self, community: str, text: str) -> None:
        """Post a notice in a community's management room."""
        await self._tell(community, text)
