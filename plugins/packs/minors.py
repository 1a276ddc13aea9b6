"""Who is a minor: the ages members declare, in messages or display names, and each room's list.

A declared age lives in the state store under the community's prefix, so several
processes on Redis share it; an adult age given later forgets the flag.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from bot.text import skeleton

if TYPE_CHECKING:
    from bot.context import Context
    from bot.events import Event
    from bot.state import StateStore
    from plugins.packs.facts import EventFacts
    from plugins.packs.pack import MinorRules

__all__ = ["MINOR_TTL", "ROOM_MINORS", "Minors", "declared_age", "name_token"]

#: How many declared minors a room remembers, the latest ones.
ROOM_MINORS: Final = 50
#: How long a declared minor stays one without declaring again.
MINOR_TTL: Final = timedelta(days=365)

#: How many parsed lists of room minors are kept (one per busy room).
_PARSED_MINORS: Final = 1024

_DIGIT: Final = re.compile(r"\d")
_NAME_TOKEN: Final = re.compile(r"[a-z]{3,}")
# First words of names that are also everyday words: never read as someone being named.
_COMMON: Final = frozenset(
    {"the", "big", "mod", "modo", "les", "des", "mec", "bro", "free", "new", "anon", "nice"}
    | {"quiet", "sale", "boss", "best", "top", "vip", "team", "official", "officiel", "admin"}
)
# Words after "i'm 14" that make it a quantity, not an age.
_NOT_AGE_UNITS: Final = frozenset(
    {"min", "mins", "minutes", "hours", "hrs", "h", "am", "pm", "k", "km", "miles", "days"}
    | {"weeks", "months", "percent", "dollars", "bucks", "euros", "cm", "kg", "lbs", "ft"}
    | {"inches", "points", "pts", "levels", "lvl", "kills", "wins", "games", "heures"}
)


@lru_cache(maxsize=8192)
def name_token(member_id: str, display_name: str | None) -> str:
    """Return the word people use to name a member in chat, or an empty string."""
    for source in (display_name, member_id.lstrip("@").split(":", 1)[0]):
        if not source:
            continue
        found = _NAME_TOKEN.search(skeleton(source))
        if found is not None and found.group() not in _COMMON:
            return found.group()
    return ""


def declared_age(rules: MinorRules, text: str, *, display: bool = False) -> int | None:
    """Return the age a member gives for themselves (-1 when a minor without age), or None."""
    candidates = rules.candidates(text, display=display)
    if candidates and not display and any(remark.search(text) for remark in rules.remarks):
        return None
    for pattern in candidates:
        for found in pattern.finditer(text):
            after = text[found.end() :].split(maxsplit=1)
            if after and after[0].strip(".,!?") in _NOT_AGE_UNITS:
                continue
            if not found.groups() or found.group(1) is None:
                return -1
            return int(found.group(1))
    return None


class Minors:
    """Record and read declared ages and the minors seen in each room."""

    def __init__(self, state: StateStore, facts: EventFacts) -> None:
        self.state = state
        self.facts = facts
        # Parsed lists of a room's minors, by the stored value: read by every message
        # aimed at someone in the room, rewritten only when a minor is added.
        self._parsed_minors: dict[str, tuple[tuple[str, str], ...]] = {}

    async def declarations(self, ctx: Context, minors: list[MinorRules]) -> None:
        """Learn a minor from what a message or its author's display name declares."""
        if ctx.member.display_name:
            await self.from_display_name(ctx, minors, ctx.member.display_name)
        text = ctx.normalized.text
        if _DIGIT.search(text) is not None:
            for rules in minors:
                age = declared_age(rules, text)
                if age is not None:
                    await self.set_age(ctx, age, rules.max_age)
                    return
        if await self.is_minor(ctx, ctx.member.id):
            # A minor who speaks in a room is one the room's messages may be aimed at.
            await self.enlist(ctx)

    async def enlist(self, ctx: Context) -> None:
        """Put the author on the room's list of minors, with the name people call them by."""
        event = ctx.event
        member = ctx.member
        key = _room_key(event)
        value = await self.state.get(key, event.ts) or ""
        entries = [line for line in value.split("\n") if line]
        if any(line.split("\t", 1)[0] == member.id for line in entries):
            return
        entries.append(f"{member.id}\t{name_token(member.id, member.display_name)}")
        joined = "\n".join(entries[-ROOM_MINORS:])
        await self.state.put(key, joined, event.ts, MINOR_TTL)

    async def room_minors(self, ctx: Context) -> list[tuple[str, str]]:
        """Return (member, name) of the declared minors seen in this room."""
        event = ctx.event
        value = await self.state.get(_room_key(event), event.ts)
        if not value:
            return []
        parsed = self._parsed_minors.get(value)
        if parsed is None:
            if len(self._parsed_minors) >= _PARSED_MINORS:
                self._parsed_minors.clear()
            lines = (line.partition("\t") for line in value.split("\n"))
            parsed = tuple((member, name) for member, _, name in lines)
            self._parsed_minors[value] = parsed
        return list(parsed)

    async def from_display_name(self, ctx: Context, minors: list[MinorRules], name: str) -> None:
        """Learn a minor from the age a display name gives ("lea_14")."""
        for rules in minors:
            age = _display_age_cached(rules, name)
            if age is not None:
                await self.set_age(ctx, age, rules.max_age)
                return

    async def set_age(self, ctx: Context, age: int, max_age: int) -> None:
        """Remember a declared age: a minor is tracked, an adult age forgets the flag."""
        event = ctx.event
        key = _minor_key(event, ctx.member.id)
        self.facts.of(event).pop(key, None)
        if age <= max_age:
            await self.state.put(key, str(age), event.ts, MINOR_TTL)
            await self.enlist(ctx)
        else:
            await self.state.delete(key)

    async def is_minor(self, ctx: Context, member_id: str) -> bool:
        """Tell whether a member declared being a minor."""
        event = ctx.event
        key = _minor_key(event, member_id)
        facts = self.facts.of(event)
        known = facts.get(key)
        if known is None:
            known = facts[key] = await self.state.get(key, event.ts) is not None
        return bool(known)


@lru_cache(maxsize=4096)
def _display_age_cached(rules: MinorRules, name: str) -> int | None:
    return declared_age(rules, skeleton(name), display=True)


def _room_key(event: Event) -> str:
    return f"{event.community}:packs:minors:{event.room}"


def _minor_key(event: Event, member_id: str) -> str:
    return f"{event.community}:packs:minor:{member_id}"
