"""Earlier moves of a thread: kept while too weak to fire, handed to the case that fires.

A member's grooming or ambush thread often starts with messages no pack fires on (an age
question, "you home alone?"). Each pack keeps, per author, the messages that carried its
signals; when the pack fires, the earlier ones of the same room, aimed at the same member,
join the match as `Related` under the pack's category.

A message may carry the signals of several packs ("delete our chat, it's our secret" is
grooming and, weakly, an ambush). Every message a case holds (the one it fired on, the
earlier ones it took) is claimed with the score of the pack's words in it; another pack
takes it only when its own words in it scored higher.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from plugins.packs.incidents import pack_prefix

if TYPE_CHECKING:
    from bot.events import MessageCreated
    from bot.state import StateStore
    from plugins.packs.library import PackLibrary
    from plugins.packs.pack import Pack

#: How many signal-carrying messages an author's memory keeps per pack, the latest ones.
SIGNALS_KEPT: Final = 8
#: How much of a remembered message is kept, for the report of a later match.
EXCERPT_CHARS: Final = 160
#: How many claimed messages an author's memory keeps, all packs together.
CLAIMS_KEPT: Final = 32
#: Fields of a move stored before moves had a target and a score.
_OLDER_FIELDS: Final = 4


@dataclass(frozen=True, slots=True)
class Earlier:
    """An earlier message of an author that carried a pack's signals without firing it."""

    stamp: float
    room: str
    message_id: str
    #: The member it was aimed at, empty when no one.
    target: str
    #: The score of the pack's words in it.
    score: float
    excerpt: str

    def line(self) -> str:
        """Return the stored form: tab-separated, the excerpt last."""
        return (
            f"{self.stamp:.0f}\t{self.room}\t{self.message_id}\t{self.target}\t"
            f"{self.score:.2f}\t{self.excerpt}"
        )

    @classmethod
    def parse(cls, line: str) -> Earlier:
        """Read the stored form back, or the older one with no target and no score."""
        fields = line.split("\t", 5)
        if len(fields) == _OLDER_FIELDS:
            # Kept by a version that did not file moves by target: aimed at no one, and
            # the weakest claim of another case outweighs it.
            stamp, room, message_id, excerpt = fields
            return cls(float(stamp), room, message_id, "", 0.0, excerpt)
        stamp, room, message_id, target, score, excerpt = fields
        return cls(float(stamp), room, message_id, target, float(score), excerpt)


class Threads:
    """Remember each author's weak moves per pack and hand them to the case that fires."""

    def __init__(self, state: StateStore, library: PackLibrary) -> None:
        self.state = state
        self.library = library

    async def remember(
        self, event: MessageCreated, pack: Pack, score: float, target: str | None
    ) -> None:
        """Keep a message that carried this pack's signals, in case the author's thread fires."""
        key = _signals_key(event, pack)
        value = await self.state.get(key, event.ts)
        lines = value.split("\n") if value else []
        excerpt = " ".join(event.text.split())[:EXCERPT_CHARS]
        found = Earlier(
            event.ts.timestamp(), event.room, event.message_id, target or "", score, excerpt
        )
        lines.append(found.line())
        window = pack.conversation.author
        await self.state.put(key, "\n".join(lines[-SIGNALS_KEPT:]), event.ts, window)

    async def take(
        self, event: MessageCreated, pack: Pack, score: float, target: str | None
    ) -> list[Earlier]:
        """Return the author's earlier moves that join the case firing now, and claim them.

        They are this room's, within the author window, aimed at `target` or at no one, and
        not held by another pack's case whose signals in them were as strong. Moves aimed at
        someone else stay remembered for their own thread.
        """
        key = _signals_key(event, pack)
        value = await self.state.get(key, event.ts)
        claims = await self._claims(event)
        since = (event.ts - pack.conversation.author).timestamp()
        taken: list[Earlier] = []
        kept: list[str] = []
        for line in value.split("\n") if value else ():
            earlier = Earlier.parse(line)
            if earlier.stamp < since:
                continue
            if earlier.room != event.room or (
                target and earlier.target and earlier.target != target
            ):
                kept.append(line)
                continue
            if _held_elsewhere(claims, earlier, pack.name):
                continue
            taken.append(earlier)
        if value:
            if kept:
                await self.state.put(key, "\n".join(kept), event.ts, pack.conversation.author)
            else:
                await self.state.delete(key)
        mine = [(e.message_id, e.score) for e in taken] + [(event.message_id, score)]
        await self._claim(event, pack, claims, mine)
        return taken

    async def claim(self, event: MessageCreated, pack: Pack, score: float) -> None:
        """Claim the message for this pack's case, with the score of the pack's words in it."""
        await self._claim(event, pack, await self._claims(event), [(event.message_id, score)])

    async def _claims(self, event: MessageCreated) -> list[str]:
        value = await self.state.get(_claims_key(event), event.ts)
        return value.split("\n") if value else []

    async def _claim(
        self, event: MessageCreated, pack: Pack, claims: list[str], mine: list[tuple[str, float]]
    ) -> None:
        lines = claims + [f"{message_id}\t{pack.name}\t{score:.2f}" for message_id, score in mine]
        value = "\n".join(lines[-CLAIMS_KEPT:])
        # Claims outlive every pack's author window, so no pack forgets one too early.
        ttl = self.library.longest_author_window()
        await self.state.put(_claims_key(event), value, event.ts, ttl)


def _held_elsewhere(claims: list[str], earlier: Earlier, pack: str) -> bool:
    """Tell whether another pack's case holds the message on signals as strong as ours.

    On a tie the case that holds it keeps it: the same words are no more this pack's harm.
    """
    for line in claims:
        message_id, owner, score = line.split("\t", 2)
        if message_id == earlier.message_id and owner != pack and float(score) >= earlier.score:
            return True
    return False


def _signals_key(event: MessageCreated, pack: Pack) -> str:
    return f"{pack_prefix(event, pack)}:signals:{event.member.id}"


def _claims_key(event: MessageCreated) -> str:
    return f"{event.community}:packs:claims:{event.member.id}"
