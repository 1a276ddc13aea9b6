"""The `pack` trigger: score a message against a pack, in its conversation, and explain why."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from pydantic import Field

from bot.categories import Severity
from bot.events import Event, MemberJoined, MessageCreated, ProfileChanged
from bot.registry import Options, Services
from bot.rules import Match, Related, Span
from plugins.packs.conversation import EVASION_FLAGS, Memory, word_in
from plugins.packs.library import SERVICE_KEY, PackLibrary

if TYPE_CHECKING:
    from bot.context import Context
    from plugins.packs.combination import Verdict
    from plugins.packs.lexicon import Hit
    from plugins.packs.pack import Pack
    from plugins.packs.threads import Earlier

MEMORY_KEY = "packs.memory"
_TARGET_CONTEXTS = frozenset({"target_minor", "pair_score"})
# Scores below this (one weak word) are not worth a write to the author and pair memory.
_REMEMBER_FROM = 0.8


class PackOptions(Options):
    """Name a pack of config/packs/ and, optionally, its languages and sensitivity."""

    shorthand = "name"
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Pack name, e.g. drugs.")
    languages: list[str] | None = Field(
        default=None, description="Pack languages to merge (all found when unset)."
    )
    threshold: float | None = Field(
        default=None, description="Score every combination needs, instead of the pack's."
    )
    severity: str | None = Field(
        default=None,
        pattern=r"^(low|medium|high|critical)$",
        description="Severity of matches, instead of the pack's.",
    )


def shared(services: Services) -> tuple[PackLibrary, Memory]:
    """Return the pack library and conversation memory shared by everything built on services."""
    library = services.extra.get(SERVICE_KEY)
    if not isinstance(library, PackLibrary):
        library = PackLibrary(services.packs_dir or _bundled(), services.logger)
        services.extra[SERVICE_KEY] = library
    memory = services.extra.get(MEMORY_KEY)
    if not isinstance(memory, Memory):
        memory = Memory(services.state, library)
        services.extra[MEMORY_KEY] = memory
    return library, memory


def _bundled() -> str:
    from bot.config import BUNDLED_PACKS  # noqa: PLC0415 - only when no folder was given

    return str(BUNDLED_PACKS)


class PackTrigger:
    """Fire when the signals of a pack add up to one of its combinations."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: PackOptions, services: Services) -> None:
        library, self._memory = shared(services)
        languages = tuple(options.languages) if options.languages else None
        self.pack: Pack = library.get(options.name, languages)
        self._threshold = options.threshold
        self._severity = Severity[options.severity.upper()] if options.severity else None
        contexts = set(self.pack.contexts)
        self._uses_targets = bool(contexts & _TARGET_CONTEXTS)
        self._uses_author_score = "author_score" in contexts
        minors = self.pack.minors
        self._declare_group = None if minors is None else minors.declare_group

    def cannot_match(self, ctx: Context) -> bool:
        """Tell at once that `match` would return None and record nothing (the engine skips it).

        True for an event the memory already recorded that is not a message, or a message
        in which the pack has no word, emoji or pattern.
        """
        event = ctx.event
        if not self._memory.observed(event):
            return False
        if not isinstance(event, MessageCreated):
            return True
        return not self.pack.text_hits(ctx.normalized) and not self._memory.seam_hits(
            event, self.pack
        )

    async def match(self, ctx: Context) -> Match | None:
        """Score the message; return a match naming the signals when a combination holds."""
        memory = self._memory
        event = ctx.event
        if not memory.observed(event):
            await memory.observe(ctx)
        if not isinstance(event, MessageCreated):
            return None
        pack = self.pack
        hits = pack.text_hits(ctx.normalized)
        split = memory.seam_hits(event, pack)
        if split:
            hits = [*hits, *split]
        if not hits:
            return None
        if self._declare_group is not None:
            await self._declarations(ctx, hits)
        scorer = pack.scorer
        fired = scorer.fired(hits)
        text_score = sum(v for v in fired.values() if v > 0)
        if text_score <= 0:
            return None
        situation = Situation(self._memory, ctx, pack)
        if text_score >= _REMEMBER_FROM:
            await self._remember_scores(situation, text_score)
        words = sum(fired.values())
        verdict = None
        if not scorer.out_of_reach(fired, self._threshold):
            for group in scorer.needed_contexts(fired, self._threshold):
                info = pack.groups[group]
                if await situation.holds(info.context or "", text_score):
                    fired[group] = info.weight
            verdict = scorer.verdict(fired, self._threshold)
        if verdict is not None and await self._exempt_answer(situation, verdict, fired):
            verdict = None
        if verdict is None:
            return await self._weak(situation, hits, fired, words, text_score)
        earlier = await memory.threads.take(event, pack, text_score, await situation.target())
        await memory.record_fired(ctx, pack)
        match = self._match(ctx, hits, fired, verdict.combo.name, verdict.score)
        related = self._related(event, earlier, split, fired)
        return replace(match, related=related) if related else match

    def _related(
        self,
        event: MessageCreated,
        earlier: list[Earlier],
        split: list[Hit],
        fired: dict[int, float],
    ) -> tuple[Related, ...]:
        """Name the earlier messages of the thread, and the one a split word began in."""
        category = self.pack.category
        related = [Related(e.message_id, category, e.excerpt) for e in earlier]
        seam = self._memory.seam(event)
        if (
            seam is not None
            and any(fired.get(h.group, 0.0) > 0 for h in split)
            and all(r.message_id != seam.message_id for r in related)
        ):
            related.append(Related(seam.message_id, category, seam.excerpt))
        return tuple(related)

    async def _declarations(self, ctx: Context, hits: list[Hit]) -> None:
        for hit in hits:
            if hit.group == self._declare_group:
                await self._memory.set_age(ctx, -1, self.pack.minors.max_age)  # type: ignore[union-attr]
                return

    async def _exempt_answer(
        self, situation: Situation, verdict: Verdict, fired: dict[int, float]
    ) -> bool:
        """Tell whether a match only holds as an answer in a thread, by whom it never counts.

        A moderator's or a declared minor's answer (asking, refusing) is never flagged.
        """
        answers = self.pack.answer_groups
        if not any(g in answers and g in fired for g in verdict.combo.contexts):
            return False
        ctx = situation.ctx
        return ctx.is_moderator or await situation.is_minor(ctx.event.member.id)

    async def _weak(
        self,
        situation: Situation,
        hits: list[Hit],
        fired: dict[int, float],
        words: float,
        text_score: float,
    ) -> Match | None:
        """Flag a reply to an open incident of the pack, or remember a weak signal.

        `words` is the score of the words alone, before the conversation signals, and
        `text_score` that of the words for the harm (counter-evidence left out).
        """
        ctx = situation.ctx
        if ctx.is_moderator:
            return None
        event = ctx.event
        assert isinstance(event, MessageCreated)
        pack = self.pack
        memory = self._memory
        least = pack.conversation.reply_score
        # Counter-evidence (a warning, a refusal, prevention) is never part of the harm.
        if (
            least is not None
            and words >= least
            and min(fired.values()) >= 0
            and await memory.room_hot(ctx, pack)
            and await self._answers_incident(situation)
        ):
            await memory.threads.claim(event, pack, text_score)
            return self._match(ctx, hits, fired, "incident_reply", sum(fired.values()))
        # A bare weak word ("you", "ce soir") is no move of a thread: attached to a later
        # match of the author, it would only pad the case with noise.
        if text_score >= pack.conversation.remember_score:
            await memory.threads.remember(event, pack, text_score, await situation.target())
        return None

    async def _answers_incident(self, situation: Situation) -> bool:
        """Tell whether the message engages with the member the pack fired on in the room."""
        ctx = situation.ctx
        explicit = await situation.explicit()
        # Speaking right after someone, unaddressed, is an answer only when it asks them
        # something ("dispo ?", "where do we meet?"); a statement is more likely a new
        # topic (another member's own lawful ad, a bystander's address).
        if not explicit and "?" not in ctx.event.text:
            return False
        if await self._memory.incident_party(ctx, self.pack, explicit) is None:
            return False
        # A declared minor answering or refusing is never flagged.
        return not await situation.is_minor(ctx.event.member.id)

    async def _remember_scores(self, situation: Situation, text_score: float) -> None:
        if self._uses_author_score:
            situation.author_total = await self._memory.add_author_score(
                situation.ctx, self.pack, text_score
            )
        if self._uses_targets:
            target = await situation.target()
            if target is not None:
                await self._memory.add_pair_score(situation.ctx, self.pack, target, text_score)

    def _match(
        self, ctx: Context, hits: list[Hit], fired: dict[int, float], combo: str, score: float
    ) -> Match:
        pack = self.pack
        groups = pack.groups
        positive = sorted(g for g, value in fired.items() if value > 0)
        view = ctx.normalized
        found = sorted(
            (hit.start, hit.end) if hit.raw else view.to_raw(hit.start, hit.end)
            for hit in hits
            if fired.get(hit.group, 0.0) > 0
        )
        spans: list[tuple[int, int]] = []
        for start, end in found:
            # Overlapping words ("viens" in "viens seul") make one highlighted span.
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
        raw = view.raw
        names = " + ".join(groups[g].name.replace("_", " ") for g in positive)
        found_combo = next((c for c in pack.combos if c.name == combo), None)
        severity = pack.severity if found_combo is None else found_combo.severity
        return Match(
            category=pack.category,
            severity=self._severity or severity,
            summary=f"{combo.replace('_', ' ')}: {names} (score {score:.1f})",
            spans=tuple(Span(a, b, raw[a:b]) for a, b in spans),
            signals=(*(groups[g].signal for g in positive), f"{pack.name}.combo.{combo}"),
            score=score,
        )


class MinorsPackTrigger(PackTrigger):
    """A pack trigger that also sees joins and profile changes, to learn minors' ages."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated, MemberJoined, ProfileChanged)


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
            self._room_minors = await self.memory.room_minors(self.ctx)
        return self._room_minors

    async def is_minor(self, member: str) -> bool:
        """Tell whether a member declared being a minor (and no adult age since)."""
        known = self._minors.get(member)
        if known is None:
            known = self._minors[member] = await self.memory.is_minor(self.ctx, member)
        return known

    async def implicit(self) -> list[str]:
        """Return the other party of the exchange and whom the author has been addressing."""
        if self._implicit is None:
            found: list[str] = []
            other = await self.memory.other_party(self.ctx)
            if other is not None:
                found.append(other)
            room = self.ctx.event.room
            for pair_room, target, _ in reversed(await self.pairs()):
                if pair_room == room and target not in found:
                    found.append(target)
            self._implicit = found
        return self._implicit

    async def pairs(self) -> list[tuple[str, str, float]]:
        """Return the author's recent (room, target, score) records for this pack."""
        if self._pairs is None:
            self._pairs = await self.memory.pair_history(self.ctx, self.pack)
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
            return await self.memory.offer_nearby(ctx, self.pack)
        if context == "deal_party":
            # Every party flag is set along with the room's offer flag and dies first: a
            # room with no offer flag has no deal going on, one lookup says so.
            if not await self.memory.room_hot(ctx, self.pack):
                return False
            return await self.memory.in_deal(ctx, self.pack, [author, *await self.explicit()])
        if context == "author_recent":
            return await self.memory.author_fired(ctx, self.pack)
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
