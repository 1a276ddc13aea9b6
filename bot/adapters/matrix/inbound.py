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
from bot.adapters.matrix.translate import Place, translate
from bot.events import Event, MessageCreated, MessageEdited
from bot.storage import StorageError

if TYPE_CHECKING:
    import logging
    from collections import OrderedDict
    from collections.abc import Awaitable, Callable

    from bot.adapters.base import EventSink
    from bot.adapters.matrix.client import MatrixClient
    from bot.adapters.matrix.enforce import PolicyEnforcer
    from bot.adapters.matrix.retry import T
    from bot.adapters.matrix.rooms import RoomDirectory

_RECENT_TEXTS = 5000


class Inbound:
    """Hand the MatrixAdapter's room events to the sink, and read a room's history."""

    # Set by the MatrixAdapter this part is composed into.
    client: MatrixClient
    rooms: RoomDirectory
    enforcer: PolicyEnforcer
    _log: logging.Logger
    _sink: EventSink | None
    _texts: OrderedDict[str, str]
    _edits: dict[str, list[str]]

    # The adapter's other parts define these: declared for mypy only, they shadow none at run time.
    if TYPE_CHECKING:

        def is_bot(self, user_id: str | None) -> bool:
            """Tell whether a user is this bot or the bot account of another of its processes."""

        def creators(self, room_id: str) -> frozenset[str]:
            """Return who created a room, when its version makes them all-powerful."""

        async def room_id(self, room: str) -> str:
            """Return the ID of a room given by ID, alias or the name events carry."""

        async def _steadily(self, step: Callable[[], Awaitable[T]], *, what: str) -> T: ...
        async def _management_event(
            self, community: str, room: MatrixRoom, event: NioEvent
        ) -> None: ...
        async def _say_encrypted(self, community: str, room: MatrixRoom) -> None: ...

    async def _room_events(self, room: MatrixRoom, events: list[NioEvent]) -> None:
        community = self.rooms.community_of_management(room.room_id)
        if community is not None:
            for event in events:
                await self._steadily(
                    functools.partial(self._management_event, community, room, event),
                    what=event.event_id,
                )
            return
        place = self.rooms.place(room)
        if place is None:
            return
        for event in events:
            if self.is_bot(event.sender):
                continue
            await self._steadily(
                functools.partial(self._room_event, event, place, room), what=event.event_id
            )

    async def _room_event(self, event: NioEvent, place: Place, room: MatrixRoom) -> None:
        if isinstance(event, MegolmEvent | UnknownEncryptedEvent):
            await self._say_encrypted(place.community, room)
            return
        if isinstance(event, RoomMemberEvent) and event.membership == "join":
            await self.enforcer.check_newcomer(place.community, event.state_key)
        await self._dispatch(event, place, room)

    async def _dispatch(self, event: NioEvent, place: Place, room: MatrixRoom) -> None:
        if self._sink is None:
            return
        try:
            neutral = await self._neutral(event, place, room)
            if neutral is not None:
                await self._sink(neutral)
        except StorageError:
            raise
        except Exception:  # noqa: BLE001 - logged with its traceback, see below
            # One odd event, or one that breaks a rule, must not stop moderation of the rest.
            self._log.exception("handling %s in %s failed", event.event_id, room.room_id)

    async def _neutral(self, event: NioEvent, place: Place, room: MatrixRoom) -> Event | None:
        translated = translate(event, place, room, self.creators(room.room_id))
        if translated is None:
            return None
        neutral = translated.event
        if translated.media and isinstance(neutral, MessageCreated):
            attachments = await hash_attachments(self.client, translated.media, self._log)
            neutral = replace(neutral, attachments=attachments)
        if isinstance(neutral, MessageCreated):
            neutral = self._remember(neutral, event.event_id)
        return neutral

    def _remember(self, message: MessageCreated, event_id: str) -> MessageCreated:
        """Keep recent texts so an edit shows what it replaced, and edits can be redacted."""
        previous = self._texts.get(message.message_id)
        self._texts[message.message_id] = message.text
        self._texts.move_to_end(message.message_id)
        while len(self._texts) > _RECENT_TEXTS:
            oldest, _ = self._texts.popitem(last=False)
            self._edits.pop(oldest, None)
        if isinstance(message, MessageEdited):
            self._edits.setdefault(message.message_id, []).append(event_id)
            return replace(message, previous_text=previous)
        return message

    async def fetch_history(self, community: str, room: str, limit: int) -> list[MessageCreated]:
        """Return the latest messages of a room, newest first (for `clean`)."""
        room_id = await self.room_id(room)
        joined = self.client.room(room_id)
        place = Place(community, room_name(joined) if joined else room, room_id)
        token = self.client.nio.next_batch
        found: list[MessageCreated] = []
        while token and len(found) < limit:
            page = await self.client.messages(room_id, token, None, min(BACKFILL_PAGE, limit * 2))
            for event in page.chunk:
                translated = translate(event, place, joined, self.creators(room_id))
                if translated is not None and type(translated.event) is MessageCreated:
                    found.append(translated.event)
            if not page.chunk or not page.end or page.end == token:
                break
            token = page.end
        return found[:limit]
