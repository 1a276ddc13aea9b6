"""Turn the events of Matrix rooms into neutral events for the sink."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import TYPE_CHECKING

from nio import Event as NioEvent
from nio import MatrixRoom, MegolmEvent, RoomMemberEvent, UnknownEncryptedEvent

from bot.adapters.matrix.intake import BACKFILL_PAGE
from bot.adapters.matrix.media import hash_attachments
from bot.adapters.matrix.rooms import room_name
from bot.adapters.matrix.shared import Part
from bot.adapters.matrix.translate import Place, translate
from bot.events import Event, MessageCreated
from bot.storage import StorageError

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from bot.adapters.base import EventSink
    from bot.adapters.matrix.commands import Commands
    from bot.adapters.matrix.enforce import PolicyEnforcer
    from bot.adapters.matrix.members import Members
    from bot.adapters.matrix.notices import Notices
    from bot.adapters.matrix.recent import RecentTexts
    from bot.adapters.matrix.shared import Shared


class Inbound(Part):
    """Hand the MatrixAdapter's room events to the sink, and read a room's history."""

    def __init__(
        self,
        shared: Shared,
        members: Members,
        *,
        notices: Notices,
        commands: Commands,
        enforcer: PolicyEnforcer,
        recent: RecentTexts,
        is_bot: Callable[[str | None], bool],
        room_id: Callable[[str], Awaitable[str]],
    ) -> None:
        super().__init__(shared)
        self._members = members
        self._notices = notices
        self._commands = commands
        self._enforcer = enforcer
        self._recent = recent
        self._is_bot = is_bot
        self._room_id = room_id
        #: Where neutral events go; set when the adapter starts.
        self.sink: EventSink | None = None

    async def room_events(self, room: MatrixRoom, events: list[NioEvent]) -> None:
        """Hand a room's events on, in order: to the commands, or as neutral events to the sink."""
        community = self._rooms.community_of_management(room.room_id)
        if community is not None:
            for event in events:
                await self._patience.steadily(
                    functools.partial(self._commands.on_event, community, room, event),
                    what=event.event_id,
                )
            return
        place = self._rooms.place(room)
        if place is None:
            return
        for event in events:
            if self._is_bot(event.sender):
                continue
            await self._patience.steadily(
                functools.partial(self._room_event, event, place, room), what=event.event_id
            )

    async def _room_event(self, event: NioEvent, place: Place, room: MatrixRoom) -> None:
        if isinstance(event, MegolmEvent | UnknownEncryptedEvent):
            await self._notices.say_encrypted(place.community, room)
            return
        if isinstance(event, RoomMemberEvent) and event.membership == "join":
            await self._enforcer.check_newcomer(place.community, event.state_key)
        await self._dispatch(event, place, room)

    async def _dispatch(self, event: NioEvent, place: Place, room: MatrixRoom) -> None:
        if self.sink is None:
            return
        try:
            neutral = await self._neutral(event, place, room)
            if neutral is not None:
                await self.sink(neutral)
        except StorageError:
            raise
        except Exception:  # noqa: BLE001 - logged with its traceback, see below
            # One odd event, or one that breaks a rule, must not stop moderation of the rest.
            self._log.exception("handling %s in %s failed", event.event_id, room.room_id)

    async def _neutral(self, event: NioEvent, place: Place, room: MatrixRoom) -> Event | None:
        translated = translate(event, place, room, self._members.creators(room.room_id))
        if translated is None:
            return None
        neutral = translated.event
        if translated.media and isinstance(neutral, MessageCreated):
            attachments = await hash_attachments(self._client, translated.media, self._log)
            neutral = replace(neutral, attachments=attachments)
        if isinstance(neutral, MessageCreated):
            neutral = self._recent.remember(neutral, event.event_id)
        return neutral

    async def fetch_history(self, community: str, room: str, limit: int) -> list[MessageCreated]:
        """Return the latest messages of a room, newest first (for `clean`)."""
        room_id = await self._room_id(room)
        joined = self._client.room(room_id)
        place = Place(community, room_name(joined) if joined else room, room_id)
        token = self._client.nio.next_batch
        found: list[MessageCreated] = []
        while token and len(found) < limit:
            page = await self._client.messages(room_id, token, None, min(BACKFILL_PAGE, limit * 2))
            for event in page.chunk:
                translated = translate(event, place, joined, self._members.creators(room_id))
                if translated is not None and type(translated.event) is MessageCreated:
                    found.append(translated.event)
            if not page.chunk or not page.end or page.end == token:
                break
            token = page.end
        return found[:limit]
