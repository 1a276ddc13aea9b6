"""Facts about the conversation around one message, each looked up on first use."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from bot.context import Context
    from plugins.packs.conversation import Memory
    from plugins.packs.pack import Pack

__all__ = ["EVASION_FLAGS", "Situation", "word_in"]

#: Normalizer flags that mean someone hid their words.
EVASION_FLAGS: Final = frozenset(
    {"invisible", "confusable", "mixed_script", "leet", "spaced", "fullwidth_or_math", "combining"}
)


# An age a minor might have said, standing alone ("14?", "for 15", "17 is"), not a time,
# an amount or part of a longer number.
_AGE_ECHO: Final = re.compile(r"(?<![\w.,:/+-])1[0-7](?![\w.,:/%€$£]|\s?\d)")


def word_in(token: str, text: str) -> bool:
    """Tell whether `token` stands as a whole word in `text`."""
    start = text.find(token)
    end_of_text = len(text)
    while start != -1:
        end = start + len(token)
        if (start == 0 or not text[start - 1].isalnum()) and (
            end == end_of_text or not text[end].isalnum()
        ):
            return True
        start = text.find(token, start + 1)
    return False


class Situation:
    """Facts about the conversation around one message, computed on first use."""

    def __init__(self, memory: Memory, ctx: Context, pack: Pack) -> None:
        self.memory = memory
        self.ctx = ctx
        self.pack = pack
        self.author_total: float | None = None
        self._explicit: list[str] | None = None
        self._room_minors: list[tuple[str, str]] | None = None
        self._minors: dict[str, bool] = {}
        self._implicit: list[str] | None = None
        self._pairs: list[tuple[str, str, float]] | None = None

    async def explicit(self) -> list[str]:
        """Return the members the message mentions or replies to, and minors it names."""
        if self._explicit is None:
            found = await self.memory.explicit_targets(self.ctx)
            text = self.ctx.normalized.text
            author = self.ctx.event.member.id
            minors = await self.room_minors() if self.pack.minors is not None else []
            for member, name in minors:
                if name and member != author and member not in found and word_in(name, text):
                    found.append(member)
            self._explicit = found
        return self._explicit

    async def room_minors(self) -> list[tuple[str, str]]:
        """Return the declared minors seen in this room."""
        if self._room_minors is None:
            self._room_minors = await self.memory.minors.room_minors(self.ctx)
        return self._room_minors

    async def is_minor(self, member: str) -> bool:
        """Tell whether a member declared being a minor (and no adult age since)."""
        known = self._minors.get(member)
        if known is None:
            known = self._minors[member] = await self.memory.minors.is_minor(self.ctx, member)
        return known

    async def implicit(self) -> list[str]:
        """Return the other party of the exchange and whom the author has been addressing."""
        if self._implicit is None:
            others = await self.memory.other_parties(self.ctx)
            found: list[str] = others[:1]
            # "14? ur cute" answers the minor who said it, even with a line between.
            if len(others) > 1 and _AGE_ECHO.search(self.ctx.normalized.text):
                found.append(others[1])
            room = self.ctx.event.room
            for pair_room, target, _ in reversed(await self.pairs()):
                if pair_room == room and target not in found:
                    found.append(target)
            self._implicit = found
        return self._implicit

    async def pairs(self) -> list[tuple[str, str, float]]:
        """Return the author's recent (room, target, score) records for this pack."""
        if self._pairs is None:
            self._pairs = await self.memory.incidents.pair_history(self.ctx, self.pack)
        return self._pairs

    async def target(self) -> str | None:
        """Return the member the message is most likely aimed at, a minor first."""
        explicit = await self.explicit()
        candidates = explicit or await self.implicit()
        for member in candidates:
            if await self.is_minor(member):
                return member
        return candidates[0] if candidates else None

    async def holds(self, context: str, text_score: float) -> bool:  # noqa: PLR0911 - one per name
        """Tell whether a conversation signal holds for this message."""
        ctx = self.ctx
        author = ctx.event.member.id
        if context == "evasion":
            return not ctx.normalized.flags.isdisjoint(EVASION_FLAGS)
        if context == "author_minor":
            return await self.is_minor(author)
        if context == "minor_room":
            minors = self.pack.minors
            return minors is not None and minors.room_is_for_minors(ctx.event.room)
        if context == "target_minor":
            target = await self.target()
            return target is not None and await self.is_minor(target)
        if context == "room_offer":
            return await self.memory.incidents.offer_nearby(ctx, self.pack)
        if context == "deal_party":
            # Every party flag is set along with the room's offer flag and dies first: a
            # room with no offer flag has no deal going on, one lookup says so.
            if not await self.memory.incidents.room_hot(ctx, self.pack):
                return False
            return await self.memory.incidents.in_deal(
                ctx, self.pack, [author, *await self.explicit()]
            )
        if context == "author_recent":
            return await self.memory.incidents.author_fired(ctx, self.pack)
        if context == "author_score":
            total = self.author_total if self.author_total is not None else text_score
            return total >= self.pack.conversation.author_score
        if context == "pair_score":
            target = await self.target()
            if target is None:
                return False
            room = ctx.event.room
            prior = sum(s for r, t, s in await self.pairs() if t == target and r == room)
            return prior + text_score >= self.pack.conversation.pair_score
        return False
