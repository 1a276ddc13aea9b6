"""Where each pack fired: the room's last offers, the parties to a deal, the scores of authors.

Expiring flags and short windows in the state store, under the community's prefix, so a
busy room costs the same as a quiet one and several processes share them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.context import Context
    from bot.events import Event
    from bot.state import StateStore
    from plugins.packs.pack import Pack

__all__ = ["Incidents", "pack_prefix"]


class Incidents:
    """Record where and on whom each pack fired, and the scores that add up to firing."""

    def __init__(self, state: StateStore) -> None:
        self.state = state

    async def room_hot(self, ctx: Context, pack: Pack) -> bool:
        """Tell whether this pack fired in this room within the thread window."""
        event = ctx.event
        key = _offer_keys(event, pack)[0]
        return await self.state.get(key, event.ts) is not None

    async def offer_nearby(self, ctx: Context, pack: Pack) -> bool:
        """Tell whether this pack fired on someone else in this room within the thread window."""
        event = ctx.event
        for key in _offer_keys(event, pack):
            offerer = await self.state.get(key, event.ts)
            if offerer is not None and offerer != event.member.id:
                return True
        return False

    async def offerers(self, ctx: Context, pack: Pack) -> list[str]:
        """Return the members other than the author this pack last fired on in this room."""
        event = ctx.event
        found: list[str] = []
        for key in _offer_keys(event, pack):
            member = await self.state.get(key, event.ts)
            if member is not None and member != event.member.id:
                found.append(member)
        return found

    async def in_deal(self, ctx: Context, pack: Pack, members: list[str]) -> bool:
        """Tell whether this pack fired lately, in this room, on one of these members."""
        event = ctx.event
        prefix = f"{pack_prefix(event, pack)}:party:{event.room}"
        for member in members:
            if await self.state.get(f"{prefix}:{member}", event.ts) is not None:
                return True
        return False

    async def record_fired(self, ctx: Context, pack: Pack, *, plot: bool = False) -> None:
        """Mark the room, the author in it, and the author: this pack just fired on them.

        With `plot`, also mark the room: a plan against someone absent is made in it.
        Expiring flags rather than windows, so a busy room costs the same as a quiet one.
        """
        event = ctx.event
        author = event.member.id
        prefix = pack_prefix(event, pack)
        conv = pack.conversation
        state = self.state
        offer_key, second_key = _offer_keys(event, pack)
        last = await state.get(offer_key, event.ts)
        if last is not None and last != author:
            await state.put(second_key, last, event.ts, conv.thread)
        await state.put(offer_key, author, event.ts, conv.thread)
        await state.put(f"{prefix}:party:{event.room}:{author}", "1", event.ts, conv.thread)
        await state.put(f"{prefix}:fired:{author}", "1", event.ts, conv.author)
        if plot:
            await state.put(f"{prefix}:plot:{event.room}", author, event.ts, conv.thread)

    async def plot_open(self, ctx: Context, pack: Pack) -> bool:
        """Tell whether a plan of this pack was made in this room within the thread window."""
        event = ctx.event
        key = f"{pack_prefix(event, pack)}:plot:{event.room}"
        return await self.state.get(key, event.ts) is not None

    async def author_fired(self, ctx: Context, pack: Pack) -> bool:
        """Tell whether this pack fired on the author within the author window."""
        event = ctx.event
        key = f"{pack_prefix(event, pack)}:fired:{event.member.id}"
        return await self.state.get(key, event.ts) is not None

    async def add_author_score(self, ctx: Context, pack: Pack, score: float) -> float:
        """Add a message's score to the author's window and return the window's sum."""
        event = ctx.event
        key = f"{pack_prefix(event, pack)}:score:{event.member.id}"
        window = pack.conversation.author
        await self.state.hit(key, event.ts, window, f"{score:.2f}")
        return sum(float(v) for v in await self.state.recent(key, event.ts, window))

    async def pair_history(self, ctx: Context, pack: Pack) -> list[tuple[str, str, float]]:
        """Return (room, target, score) of the author's recent scored messages."""
        event = ctx.event
        key = f"{pack_prefix(event, pack)}:pair:{event.member.id}"
        values = await self.state.recent(key, event.ts, pack.conversation.pair)
        out = []
        for value in values:
            room, target, score = value.rsplit("\t", 2)
            out.append((room, target, float(score)))
        return out

    async def add_pair_score(self, ctx: Context, pack: Pack, target: str, score: float) -> None:
        """Add a message's score to the (author, target) window."""
        event = ctx.event
        key = f"{pack_prefix(event, pack)}:pair:{event.member.id}"
        value = f"{event.room}\t{target}\t{score:.2f}"
        await self.state.hit(key, event.ts, pack.conversation.pair, value)


def pack_prefix(event: Event, pack: Pack) -> str:
    """Return the prefix of a pack's keys in the event's community."""
    return f"{event.community}:packs:{pack.name}"


def _offer_keys(event: Event, pack: Pack) -> tuple[str, str]:
    """Return the keys of the last member this pack fired on in the room, and the one before."""
    prefix = pack_prefix(event, pack)
    return f"{prefix}:offer:{event.room}", f"{prefix}:offer2:{event.room}"
