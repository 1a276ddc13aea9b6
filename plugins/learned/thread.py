"""What came just before a message in its room: the thread the model reads beside the message.

A buyer's "yh 10 mins" or "t'es seule ?" only means something after what it answers. The
memory of a room is one short string (the latest message of each of its last few authors),
so the same pure functions build the thread from a corpus at training time and from the
state store at run time (`RoomMemory`), and a test holds them equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from bot.events import MessageCreated
    from bot.state import StateStore

#: How recent the message answered must be: past this, a line starts a new exchange.
WINDOW: Final = timedelta(minutes=5)
#: How many authors' latest messages a room keeps: memory stays small whatever the traffic.
AUTHORS_KEPT: Final = 3
#: How much of a remembered message is kept: the words near its end are the ones answered.
TEXT_CHARS: Final = 300


@dataclass(frozen=True, slots=True)
class Said:
    """Hold the latest message of one author in a room, normalized and cut to `TEXT_CHARS`."""

    stamp: float
    author: str
    message_id: str
    text: str

    def line(self) -> str:
        """Return the stored form: tab-separated, the text last."""
        # The stamp exactly (repr): the window's edge is judged as the state store judges it.
        return f"{self.stamp!r}\t{self.author}\t{self.message_id}\t{self.text}"


@dataclass(frozen=True, slots=True)
class Thread:
    """Hold what a message follows in its room, if recent: someone else's latest line, its own."""

    other: str = ""
    own: str = ""

    def __bool__(self) -> bool:
        """Tell whether there is anything before the message."""
        return bool(self.other or self.own)


NO_THREAD: Final = Thread()


def _clean(text: str) -> str:
    # Tabs and new lines are the stored form's separators; the model's words ignore them.
    return " ".join(text.split())[-TEXT_CHARS:]


def thread_of(memory: str | None, author: str, stamp: float, message_id: str) -> Thread:
    """Return the thread a message of `author` at `stamp` follows, from a room's memory."""
    if not memory:
        return NO_THREAD
    window = WINDOW.total_seconds()
    other = own = ""
    # Latest first: the room keeps one line per author, in the order they came.
    for line in reversed(memory.split("\n")):
        # The fields of Said.line, split without building a Said: this runs for every message.
        said_at, said_by, said_id, text = line.split("\t", 3)
        # The message itself, if it was remembered already, is not what it follows. A line
        # exactly WINDOW old is gone, as the state store's flag holding it is.
        if float(said_at) + window <= stamp or said_id == message_id:
            continue
        if said_by == author:
            own = text
        elif not other:
            other = text
    return Thread(other, own) if other or own else NO_THREAD


def remember(memory: str | None, author: str, stamp: float, message_id: str, text: str) -> str:
    """Return a room's memory with this message as the author's latest, oldest authors out."""
    lines = memory.split("\n") if memory else []
    kept = [line for line in lines if line.split("\t", 2)[1] != author]
    kept.append(Said(stamp, author, message_id, _clean(text)).line())
    return "\n".join(kept[-AUTHORS_KEPT:])


def threads(
    messages: Iterable[tuple[str, str, str, float, str]],
) -> Iterable[tuple[str, Thread]]:
    """Yield each message's id and thread, from (id, room, author, stamp, normalized text)."""
    rooms: dict[str, str] = {}
    for message_id, room, author, stamp, text in messages:
        memory = rooms.get(room)
        yield message_id, thread_of(memory, author, stamp, message_id)
        rooms[room] = remember(memory, author, stamp, message_id, text)


class RoomMemory:
    """Keep each room's memory in the state store, expiring with the window."""

    def __init__(self, state: StateStore) -> None:
        self._state = state

    async def follow(self, event: MessageCreated, normalized: Callable[[], str]) -> Thread:
        """Return the thread the message follows, and remember it for the next ones."""
        key = f"{event.community}:learned:room:{event.room}"
        memory = await self._state.get(key, event.ts)
        stamp, author, message_id = event.ts.timestamp(), event.member.id, event.message_id
        found = thread_of(memory, author, stamp, message_id)
        updated = remember(memory, author, stamp, message_id, normalized())
        await self._state.put(key, updated, event.ts, WINDOW)
        return found
