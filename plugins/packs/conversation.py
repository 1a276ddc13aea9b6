"""Conversation memory shared by every pack: who speaks where, who is a minor, who fired.

All of it lives in the state store under keys prefixed by the community, so the trigger
objects (shared by communities) keep nothing per community, and several processes on
Redis see the same conversation.
"""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from bot.events import MemberJoined, MessageCreated, ProfileChanged
from bot.text import skeleton
from plugins.packs.lexicon import LexiconError
from plugins.packs.seams import Said, Seam, joins, seam_hits
from plugins.packs.threads import Threads

if TYPE_CHECKING:
    from bot.context import Context
    from bot.events import Event
    from bot.state import StateStore
    from plugins.packs.lexicon import Hit
    from plugins.packs.library import PackLibrary
    from plugins.packs.pack import MinorRules, Pack

#: How recent the other party of an exchange must be.
SPEAKERS_WINDOW: Final = timedelta(minutes=10)
#: How long the author of a message id is remembered, for replies (short: one flag each).
MESSAGE_TTL: Final = timedelta(minutes=30)
#: How many declared minors a room remembers, the latest ones.
ROOM_MINORS: Final = 50
#: How long a declared minor stays one without declaring again.
MINOR_TTL: Final = timedelta(days=365)
#: Normalizer flags that mean someone hid their words.
EVASION_FLAGS: Final = frozenset(
    {"invisible", "confusable", "mixed_script", "leet", "spaced", "fullwidth_or_math", "combining"}
)

#: How many parsed lists of room minors are kept (one per busy room).
_PARSED_MINORS: Final = 1024

_DIGIT: Final = re.compile(r"\d")
_NAME_TOKEN: Final = re.compile(r"[a-z]{3,}")
_AT_MENTION: Final = re.compile(r"@([\w.\-]+)")
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
    for pattern in rules.candidates(text, display=display):
        for found in pattern.finditer(text):
            after = text[found.end() :].split(maxsplit=1)
            if after and after[0].strip(".,!?") in _NOT_AGE_UNITS:
                continue
            if not found.groups() or found.group(1) is None:
                return -1
            return int(found.group(1))
    return None


class Memory:
    """Record and read the conversation; one per Services, shared by triggers and observer."""

    def __init__(self, state: StateStore, library: PackLibrary) -> None:
        self.state = state
        self.library = library
        #: Each author's earlier moves per pack, for the case that fires on their thread.
        self.threads = Threads(state, library)
        # Identity of the last event recorded: observer and triggers may both ask.
        self._last: Event | None = None
        # Facts about the event being handled (whom it answers, who is a minor), read by
        # every pack that scores it: looked up once per event, not once per pack.
        self._facts_of: Event | None = None
        self._facts: dict[str, object] = {}
        # Parsed lists of a room's minors, by the stored value: read by every message
        # aimed at someone in the room, rewritten only when a minor is added.
        self._parsed_minors: dict[str, tuple[tuple[str, str], ...]] = {}
        # Words the event's author split across this message and their previous one.
        self._seam_of: Event | None = None
        self._seam: Seam | None = None

    def observed(self, event: Event) -> bool:
        """Tell whether `observe` already recorded this event (no need to call it again)."""
        return event is self._last

    async def observe(self, ctx: Context) -> None:
        """Record what later messages need: speakers, message authors, minors."""
        event = ctx.event
        if event is self._last or not self.library.loaded:
            return
        self._last = event
        # Packs are compiled when the first rule using them is; their shared matcher is
        # built here, on whatever event comes first, rather than while a message waits.
        scanner = self.library.scanner
        if scanner.stale:
            with suppress(LexiconError):  # the pack's trigger reports it, naming the pack
                scanner.prepare()
        minors = self.library.minor_rules()
        if isinstance(event, MemberJoined | ProfileChanged):
            if minors and ctx.member.display_name:
                await self._display_age(ctx, minors, ctx.member.display_name)
        elif isinstance(event, MessageCreated):
            await self._speaker(ctx, event)
            if minors:
                await self._declarations(ctx, minors)

    async def _speaker(self, ctx: Context, event: MessageCreated) -> None:
        prefix = f"{event.community}:packs"
        member = ctx.member.id
        state = self.state
        # One expiring flag per room holding the last two speakers, not a window: O(1)
        # whatever the traffic.
        # Its second line keeps the tail of the room's last message, for split words.
        key = f"{prefix}:last:{event.room}"
        value = await state.get(key, event.ts)
        speakers, _, said = (value or "").partition("\n")
        last = speakers.split("\t", 1)[0] if speakers else None
        if last != member:
            speakers = member if last is None else f"{member}\t{last}"
        else:
            self._find_seam(event, Said.parse(said))
        said = Said.of(event.ts, event.message_id, event.text).line()
        await state.put(key, f"{speakers}\n{said}", event.ts, SPEAKERS_WINDOW)
        await state.put(f"{prefix}:msg:{event.message_id}", member, event.ts, MESSAGE_TTL)

    def _find_seam(self, event: MessageCreated, earlier: Said | None) -> None:
        """Scan the join of the author's previous message and this one, when it may be split."""
        if earlier is None or not joins(earlier, event.ts, event.text):
            return
        hits = seam_hits(self.library.scanner, earlier, event.text)
        if hits:
            excerpt = earlier.tail if earlier.length == len(earlier.tail) else f"…{earlier.tail}"
            self._seam_of = event
            self._seam = Seam(earlier.message_id, excerpt, hits)

    def seam(self, event: Event) -> Seam | None:
        """Return the words split across this message and the author's previous one."""
        return self._seam if event is self._seam_of else None

    def seam_hits(self, event: Event, pack: Pack) -> list[Hit]:
        """Return the pack's hits that run from the author's previous message into this one."""
        seam = self.seam(event)
        if seam is None:
            return []
        index = pack.owns(self.library.scanner)
        return [] if index is None else seam.hits.get(index, [])

    async def _declarations(self, ctx: Context, minors: list[MinorRules]) -> None:
        if ctx.member.display_name:
            await self._display_age(ctx, minors, ctx.member.display_name)
        text = ctx.normalized.text
        if _DIGIT.search(text) is not None:
            for rules in minors:
                age = declared_age(rules, text)
                if age is not None:
                    await self.set_age(ctx, age, rules.max_age)
                    return
        if await self.is_minor(ctx, ctx.member.id):
            # A minor who speaks in a room is one the room's messages may be aimed at.
            await self._enlist(ctx)

    async def _enlist(self, ctx: Context) -> None:
        """Put the author on the room's list of minors, with the name people call them by."""
        event = ctx.event
        member = ctx.member
        key = f"{event.community}:packs:minors:{event.room}"
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
        value = await self.state.get(f"{event.community}:packs:minors:{event.room}", event.ts)
        if not value:
            return []
        parsed = self._parsed_minors.get(value)
        if parsed is None:
            if len(self._parsed_minors) >= _PARSED_MINORS:
                self._parsed_minors.clear()
            parsed = tuple(tuple(line.split("\t", 1)) for line in value.split("\n"))  # type: ignore[misc]
            self._parsed_minors[value] = parsed
        return list(parsed)

    async def _display_age(self, ctx: Context, minors: list[MinorRules], name: str) -> None:
        for rules in minors:
            age = _display_age_cached(rules, name)
            if age is not None:
                await self.set_age(ctx, age, rules.max_age)
                return

    def _event_facts(self, event: Event) -> dict[str, object]:
        """Return the facts looked up so far for this event (a new event starts afresh)."""
        if event is not self._facts_of:
            self._facts_of = event
            self._facts = {}
        return self._facts

    async def set_age(self, ctx: Context, age: int, max_age: int) -> None:
        """Remember a declared age: a minor is tracked, an adult age forgets the flag."""
        event = ctx.event
        key = f"{event.community}:packs:minor:{ctx.member.id}"
        self._event_facts(event).pop(key, None)
        if age <= max_age:
            await self.state.put(key, str(age), event.ts, MINOR_TTL)
            await self._enlist(ctx)
        else:
            await self.state.delete(key)

    async def is_minor(self, ctx: Context, member_id: str) -> bool:
        """Tell whether a member declared being a minor."""
        event = ctx.event
        key = f"{event.community}:packs:minor:{member_id}"
        facts = self._event_facts(event)
        known = facts.get(key)
        if known is None:
            known = facts[key] = await self.state.get(key, event.ts) is not None
        return bool(known)

    async def explicit_targets(self, ctx: Context) -> list[str]:
        """Return the members a message is aimed at by a reply or a mention."""
        event = ctx.event
        facts = self._event_facts(event)
        known = facts.get("explicit")
        if not isinstance(known, list):
            known = facts["explicit"] = await self._explicit_targets(ctx)
        return list(known)  # a copy: callers add the minors the text names

    async def _explicit_targets(self, ctx: Context) -> list[str]:
        event = ctx.event
        assert isinstance(event, MessageCreated)
        author = event.member.id
        found: list[str] = [m for m in event.mentions if m != author]
        prefix = f"{event.community}:packs"
        if event.reply_to:
            replied = await self.state.get(f"{prefix}:msg:{event.reply_to}", event.ts)
            if replied and replied != author and replied not in found:
                found.append(replied)
        if "@" in event.text:
            for name in _AT_MENTION.findall(event.text):
                member = name.rstrip(".-")
                if member != author and member not in found:
                    found.append(member)
        return found

    async def other_party(self, ctx: Context) -> str | None:
        """Return the last other member who spoke in the room, if recent."""
        event = ctx.event
        facts = self._event_facts(event)
        if "other" not in facts:
            key = f"{event.community}:packs:last:{event.room}"
            value = await self.state.get(key, event.ts)
            members = value.partition("\n")[0].split("\t") if value is not None else ()
            facts["other"] = next((m for m in members if m != event.member.id), None)
        return facts["other"]  # type: ignore[return-value]

    async def room_hot(self, ctx: Context, pack: Pack) -> bool:
        """Tell whether this pack fired in this room within the thread window."""
        event = ctx.event
        key = f"{event.community}:packs:{pack.name}:offer:{event.room}"
        return await self.state.get(key, event.ts) is not None

    async def offer_nearby(self, ctx: Context, pack: Pack) -> bool:
        """Tell whether this pack fired on someone else in this room within the thread window."""
        event = ctx.event
        prefix = f"{event.community}:packs:{pack.name}"
        for key in (f"{prefix}:offer:{event.room}", f"{prefix}:offer2:{event.room}"):
            offerer = await self.state.get(key, event.ts)
            if offerer is not None and offerer != event.member.id:
                return True
        return False

    async def in_deal(self, ctx: Context, pack: Pack, members: list[str]) -> bool:
        """Tell whether this pack fired lately, in this room, on one of these members."""
        event = ctx.event
        prefix = f"{event.community}:packs:{pack.name}:party:{event.room}"
        for member in members:
            if await self.state.get(f"{prefix}:{member}", event.ts) is not None:
                return True
        return False

    async def record_fired(self, ctx: Context, pack: Pack) -> None:
        """Mark the room, the author in it, and the author: this pack just fired on them.

        Expiring flags rather than windows, so a busy room costs the same as a quiet one.
        """
        event = ctx.event
        author = event.member.id
        prefix = f"{event.community}:packs:{pack.name}"
        conv = pack.conversation
        state = self.state
        offer_key = f"{prefix}:offer:{event.room}"
        last = await state.get(offer_key, event.ts)
        if last is not None and last != author:
            await state.put(f"{prefix}:offer2:{event.room}", last, event.ts, conv.thread)
        await state.put(offer_key, author, event.ts, conv.thread)
        await state.put(f"{prefix}:party:{event.room}:{author}", "1", event.ts, conv.thread)
        await state.put(f"{prefix}:fired:{author}", "1", event.ts, conv.author)

    async def incident_party(self, ctx: Context, pack: Pack, explicit: list[str]) -> str | None:
        """Return the member this pack fired on in this room whom the message engages with.

        Engaging is naming, mentioning or answering them, or speaking right after them
        with no one else addressed; the incident lasts `conversation.thread`.
        """
        event = ctx.event
        author = event.member.id
        prefix = f"{event.community}:packs:{pack.name}"
        flagged: list[str] = []
        for key in (f"{prefix}:offer:{event.room}", f"{prefix}:offer2:{event.room}"):
            member = await self.state.get(key, event.ts)
            if member is not None and member != author:
                flagged.append(member)
        if not flagged:
            return None
        for member in explicit:
            if member in flagged:
                return member
        if explicit:
            return None
        other = await self.other_party(ctx)
        return other if other in flagged else None

    async def author_fired(self, ctx: Context, pack: Pack) -> bool:
        """Tell whether this pack fired on the author within the author window."""
        event = ctx.event
        key = f"{event.community}:packs:{pack.name}:fired:{event.member.id}"
        return await self.state.get(key, event.ts) is not None

    async def add_author_score(self, ctx: Context, pack: Pack, score: float) -> float:
        """Add a message's score to the author's window and return the window's sum."""
        event = ctx.event
        key = f"{event.community}:packs:{pack.name}:score:{event.member.id}"
        window = pack.conversation.author
        await self.state.hit(key, event.ts, window, f"{score:.2f}")
        return sum(float(v) for v in await self.state.recent(key, event.ts, window))

    async def pair_history(self, ctx: Context, pack: Pack) -> list[tuple[str, str, float]]:
        """Return (room, target, score) of the author's recent scored messages."""
        event = ctx.event
        key = f"{event.community}:packs:{pack.name}:pair:{event.member.id}"
        values = await self.state.recent(key, event.ts, pack.conversation.pair)
        out = []
        for value in values:
            room, target, score = value.rsplit("\t", 2)
            out.append((room, target, float(score)))
        return out

    async def add_pair_score(self, ctx: Context, pack: Pack, target: str, score: float) -> None:
        """Add a message's score to the (author, target) window."""
        event = ctx.event
        key = f"{event.community}:packs:{pack.name}:pair:{event.member.id}"
        value = f"{event.room}\t{target}\t{score:.2f}"
        await self.state.hit(key, event.ts, pack.conversation.pair, value)


@lru_cache(maxsize=4096)
def _display_age_cached(rules: MinorRules, name: str) -> int | None:
    return declared_age(rules, skeleton(name), display=True)
