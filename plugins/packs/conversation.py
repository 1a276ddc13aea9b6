"""Conversation memory shared by every pack: who speaks where, whom a message answers.

All of it lives in the state store under keys prefixed by the community, so the trigger
objects (shared by communities) keep nothing per community, and several processes on
Redis see the same conversation. Declared minors, where each pack fired and each
author's earlier moves have their own records (`minors`, `incidents`, `threads`).
"""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import timedelta
from typing import TYPE_CHECKING, Final

from bot.events import MemberJoined, MessageCreated, ProfileChanged
from plugins.packs.facts import EventFacts
from plugins.packs.incidents import Incidents
from plugins.packs.lexicon import LexiconError
from plugins.packs.minors import Minors
from plugins.packs.runs import RunHit, continued, is_piece, run_hits
from plugins.packs.seams import Said, Seam, joins, seam_hits
from plugins.packs.threads import Threads

if TYPE_CHECKING:
    from bot.context import Context
    from bot.events import Event
    from bot.state import StateStore
    from plugins.packs.lexicon import Hit
    from plugins.packs.library import PackLibrary
    from plugins.packs.pack import Pack

__all__ = ["MESSAGE_TTL", "SPEAKERS_WINDOW", "Memory"]

#: How recent the other party of an exchange must be.
SPEAKERS_WINDOW: Final = timedelta(minutes=10)
#: How long the author of a message id is remembered, for replies (short: one flag each).
MESSAGE_TTL: Final = timedelta(minutes=30)

_AT_MENTION: Final = re.compile(r"@([\w.\-]+)")


class Memory:
    """Record and read the conversation; one per Services, shared by triggers and observer."""

    def __init__(self, state: StateStore, library: PackLibrary) -> None:
        self.state = state
        self.library = library
        # Facts about the event being handled (whom it answers, who is a minor), read by
        # every pack that scores it: looked up once per event, not once per pack.
        self.facts = EventFacts()
        #: Declared ages and each room's minors.
        self.minors = Minors(state, self.facts)
        #: Where and on whom each pack fired, and the scores adding up to it.
        self.incidents = Incidents(state)
        #: Each author's earlier moves per pack, for the case that fires on their thread.
        self.threads = Threads(state, library)
        # Identity of the last event recorded: observer and triggers may both ask.
        self._last: Event | None = None
        # Words the event's author split across this message and their previous one.
        self._seam_of: Event | None = None
        self._seam: Seam | None = None
        # The author's earlier short messages that this one continues, scanned on demand.
        self._run_of: Event | None = None
        self._run: list[Said] = []
        self._run_hits: dict[int, list[RunHit]] | None = None

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
                await self.minors.from_display_name(ctx, minors, ctx.member.display_name)
        elif isinstance(event, MessageCreated):
            await self._speaker(ctx, event)
            if minors:
                await self.minors.declarations(ctx, minors)

    async def _speaker(self, ctx: Context, event: MessageCreated) -> None:
        member = ctx.member.id
        state = self.state
        # One expiring flag per room holding the last three speakers, not a window: O(1)
        # whatever the traffic. Three, so that a line can answer the one before the last.
        # Its next lines keep what its last author said: the tail of their last message,
        # for split words, after their earlier short messages, for offers in pieces.
        key = _speakers_key(event)
        value = await state.get(key, event.ts)
        speakers, _, rest = (value or "").partition("\n")
        earlier = speakers.split("\t") if speakers else []
        now = Said.of(event.ts, event.message_id, event.text)
        run: list[Said] = []
        if not earlier or earlier[0] != member:
            kept = [m for m in earlier if m != member][: _SPEAKERS - 1]
            speakers = "\t".join([member, *kept])
        else:
            said = [s for s in map(Said.parse, rest.split("\n")) if s is not None]
            self._find_seam(event, said[-1] if said else None)
            if is_piece(now):
                run = self._find_run(event, said)
        lines = [speakers, *(s.line() for s in run), now.line()]
        await state.put(key, "\n".join(lines), event.ts, SPEAKERS_WINDOW)
        await state.put(_author_key(event, event.message_id), member, event.ts, MESSAGE_TTL)

    def _find_seam(self, event: MessageCreated, earlier: Said | None) -> None:
        """Scan the join of the author's previous message and this one, when it may be split."""
        if earlier is None or not joins(earlier, event.ts, event.text):
            return
        hits = seam_hits(self.library.scanner, earlier, event.text)
        if hits:
            excerpt = earlier.tail if earlier.whole else f"…{earlier.tail}"
            self._seam_of = event
            self._seam = Seam(earlier.message_id, excerpt, hits)

    def _find_run(self, event: MessageCreated, said: list[Said]) -> list[Said]:
        """Keep the author's earlier pieces that this message, a piece itself, continues."""
        pieces = continued(said, event.ts)
        if pieces:
            self._run_of, self._run, self._run_hits = event, pieces, None
        return pieces

    def run_hits(self, event: Event, pack: Pack) -> list[RunHit]:
        """Return the pack's hits in the earlier pieces of the run this message continues."""
        if event is not self._run_of:
            return []
        found = self._run_hits
        if found is None:
            found = self._run_hits = run_hits(self.library.scanner, self._run)
        index = pack.owns(self.library.scanner)
        return [] if index is None else found.get(index, [])

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

    async def explicit_targets(self, ctx: Context) -> list[str]:
        """Return the members a message is aimed at by a reply or a mention."""
        event = ctx.event
        facts = self.facts.of(event)
        known = facts.get("explicit")
        if not isinstance(known, list):
            known = facts["explicit"] = await self._explicit_targets(ctx)
        return list(known)  # a copy: callers add the minors the text names

    async def _explicit_targets(self, ctx: Context) -> list[str]:
        event = ctx.event
        assert isinstance(event, MessageCreated)
        author = event.member.id
        found: list[str] = [m for m in event.mentions if m != author]
        if event.reply_to:
            replied = await self.state.get(_author_key(event, event.reply_to), event.ts)
            if replied and replied != author and replied not in found:
                found.append(replied)
        if "@" in event.text:
            for name in _AT_MENTION.findall(event.text):
                member = name.rstrip(".-")
                if member != author and member not in found:
                    found.append(member)
        return found

    async def other_parties(self, ctx: Context) -> list[str]:
        """Return the room's recent speakers other than the author, the latest first."""
        event = ctx.event
        facts = self.facts.of(event)
        known = facts.get("others")
        if not isinstance(known, list):
            value = await self.state.get(_speakers_key(event), event.ts)
            members = value.partition("\n")[0].split("\t") if value is not None else ()
            known = facts["others"] = [m for m in members if m and m != event.member.id]
        return known

    async def other_party(self, ctx: Context) -> str | None:
        """Return the last other member who spoke in the room, if recent."""
        others = await self.other_parties(ctx)
        return others[0] if others else None

    async def incident_party(self, ctx: Context, pack: Pack, explicit: list[str]) -> str | None:
        """Return the member this pack fired on in this room whom the message engages with.

        Engaging is naming, mentioning or answering them, or speaking right after them
        with no one else addressed; the incident lasts `conversation.thread`.
        """
        flagged = await self.incidents.offerers(ctx, pack)
        if not flagged:
            return None
        for member in explicit:
            if member in flagged:
                return member
        if explicit:
            return None
        other = await self.other_party(ctx)
        return other if other in flagged else None


_SPEAKERS: Final = 3


def _speakers_key(event: Event) -> str:
    """Return the key of the room's last speakers and the tail of its last message."""
    return f"{event.community}:packs:last:{event.room}"


def _author_key(event: Event, message_id: str) -> str:
    """Return the key of who wrote a message, for the replies to it."""
    return f"{event.community}:packs:msg:{message_id}"
