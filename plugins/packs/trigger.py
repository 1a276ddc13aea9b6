"""The `pack` trigger: score a message against a pack, in its conversation, and explain why."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from pydantic import Field

from bot.categories import Severity
from bot.events import Event, MemberJoined, MessageCreated, ProfileChanged
from bot.registry import Options, Services
from bot.rules import Match, Related
from plugins.packs.explain import explain, signals_seen
from plugins.packs.shared import shared
from plugins.packs.situation import Situation

if TYPE_CHECKING:
    from bot.context import Context
    from plugins.packs.combination import Verdict
    from plugins.packs.lexicon import Hit
    from plugins.packs.pack import MinorRules, Pack
    from plugins.packs.runs import RunHit
    from plugins.packs.threads import Earlier

__all__ = ["MinorsPackTrigger", "PackOptions", "PackTrigger"]

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
        # The minors rules when the pack has words by which members declare their age.
        self._declares = minors if minors is not None and minors.declare_group is not None else None

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
        declares = self._declares
        if declares is not None:
            await self._declarations(ctx, hits, declares)
        scorer = pack.scorer
        fired = scorer.fired(hits)
        text_score = sum(v for v in fired.values() if v > 0)
        if text_score <= 0:
            return None
        situation = Situation(self._memory, ctx, pack)
        if text_score >= _REMEMBER_FROM:
            await self._remember_scores(situation, text_score)
        words = sum(fired.values())
        verdict = await self._verdict(situation, fired, text_score)
        pieces: list[RunHit] = []
        if verdict is None:
            run = await self._with_run(situation, hits, fired)
            if run is not None:
                pieces, fired, verdict = run
        if verdict is None:
            return await self._weak(situation, hits, fired, words, text_score)
        earlier = await memory.threads.take(event, pack, text_score, await situation.target())
        await memory.incidents.record_fired(ctx, pack, plot=verdict.plot)
        match = self._explain(ctx, hits, fired, verdict.combo.name, verdict.score)
        related = self._related(event, earlier, split, pieces, fired)
        return replace(match, related=related) if related else match

    async def _verdict(
        self, situation: Situation, fired: dict[int, float], text_score: float
    ) -> Verdict | None:
        """Add the conversation signals that could complete a combination; judge.

        `fired` gains the context groups that hold.
        """
        scorer = self.pack.scorer
        if scorer.out_of_reach(fired, self._threshold):
            return None
        for group in scorer.needed_contexts(fired, self._threshold):
            info = self.pack.groups[group]
            if await situation.holds(info.context or "", text_score):
                fired[group] = info.weight
        verdict = scorer.verdict(fired, self._threshold)
        if verdict is not None and await self._exempt_answer(situation, verdict, fired):
            return None
        return verdict

    async def _with_run(
        self, situation: Situation, hits: list[Hit], fired: dict[int, float]
    ) -> tuple[list[RunHit], dict[int, float], Verdict] | None:
        """Judge the message with the words of the earlier pieces of its author's run.

        Returns the pieces whose words count, the groups and the verdict; None when the run
        adds no group to the message's own `fired` or completes no combination. A run whose
        author the pack already fired on is left to the incident's own follow-ups: the
        offer was flagged, what comes next is not a new one.
        """
        pieces = self._memory.run_hits(situation.ctx.event, self.pack)
        if not pieces or await self._memory.incidents.author_fired(situation.ctx, self.pack):
            return None
        joined = self.pack.scorer.fired([*hits, *(p.hit for p in pieces)])
        if all(g in fired or value <= 0 for g, value in joined.items()):
            return None
        run_score = sum(v for v in joined.values() if v > 0)
        verdict = await self._verdict(situation, joined, run_score)
        if verdict is None:
            return None
        return [p for p in pieces if joined.get(p.hit.group, 0.0) > 0], joined, verdict

    async def describe(self, ctx: Context) -> list[str]:
        """Say which of the pack's groups the message's words reach, without a match."""
        # The words alone, as `vigie explain` shows them: nothing is read from or written
        # to the conversation's memory.
        event = ctx.event
        if not isinstance(event, MessageCreated):
            return []
        hits = self.pack.text_hits(ctx.normalized)
        fired = self.pack.scorer.fired(hits) if hits else {}
        # Counter-evidence alone ("banned" in a rule's quote) is nothing seen of the harm.
        if not any(value > 0 for value in fired.values()):
            return []
        return [signals_seen(self.pack, ctx.normalized, hits, fired)]

    def _related(
        self,
        event: MessageCreated,
        earlier: list[Earlier],
        split: list[Hit],
        pieces: list[RunHit],
        fired: dict[int, float],
    ) -> tuple[Related, ...]:
        """Name the earlier messages of the thread, of the run and where a split word began."""
        category = self.pack.category
        related = [Related(e.message_id, category, e.excerpt) for e in earlier]
        for found in pieces:
            piece = found.piece
            if all(r.message_id != piece.message_id for r in related):
                related.append(Related(piece.message_id, category, piece.tail))
        seam = self._memory.seam(event)
        if (
            seam is not None
            and any(fired.get(h.group, 0.0) > 0 for h in split)
            and all(r.message_id != seam.message_id for r in related)
        ):
            related.append(Related(seam.message_id, category, seam.excerpt))
        return tuple(related)

    async def _declarations(self, ctx: Context, hits: list[Hit], minors: MinorRules) -> None:
        for hit in hits:
            if hit.group == minors.declare_group:
                await self._memory.minors.set_age(ctx, -1, minors.max_age)
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
        """Flag a reply to an open incident or a plot of the pack, or remember a weak signal.

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
        reply = await self._reply(situation, words, fired)
        if reply is not None:
            await memory.threads.claim(event, pack, text_score)
            return self._explain(ctx, hits, fired, reply, sum(fired.values()))
        # A bare weak word ("you", "ce soir") is no move of a thread: attached to a later
        # match of the author, it would only pad the case with noise.
        if text_score >= pack.conversation.remember_score:
            await memory.threads.remember(event, pack, text_score, await situation.target())
        return None

    async def _reply(
        self, situation: Situation, words: float, fired: dict[int, float]
    ) -> str | None:
        """Name how the message goes on with the pack's thread in the room, if it does.

        `incident_reply`: its author is the member the pack fired on, going on with their
        own deal ("text me the day before to confirm"), or it engages with that member.
        `plot_reply`: it adds to a plan against someone absent, whose target is not in the
        room to answer ("on sera 5 à l'attendre"). Counter-evidence (a warning, a refusal,
        someone objecting) and a declared minor's message never are.
        """
        if min(fired.values()) < 0:
            return None
        ctx = situation.ctx
        conv = self.pack.conversation
        incidents = self._memory.incidents
        author = ctx.event.member.id
        reply = None
        if (
            conv.reply_score is not None
            and words >= conv.reply_score
            and await incidents.room_hot(ctx, self.pack)
            and (
                await incidents.in_deal(ctx, self.pack, [author])
                or await self._engages_party(situation)
            )
        ):
            reply = "incident_reply"
        elif (
            conv.plot_score is not None
            and words >= conv.plot_score
            and await incidents.plot_open(ctx, self.pack)
        ):
            reply = "plot_reply"
        if reply is None or await situation.is_minor(author):
            return None
        return reply

    async def _engages_party(self, situation: Situation) -> bool:
        """Tell whether the message engages with the member the pack fired on in the room."""
        ctx = situation.ctx
        explicit = await situation.explicit()
        # Speaking right after someone, unaddressed, is an answer only when it asks them
        # something ("dispo ?", "where do we meet?"); a statement is more likely a new
        # topic (another member's own lawful ad, a bystander's address).
        event = ctx.event
        if not explicit and (not isinstance(event, MessageCreated) or "?" not in event.text):
            return False
        return await self._memory.incident_party(ctx, self.pack, explicit) is not None

    async def _remember_scores(self, situation: Situation, text_score: float) -> None:
        if self._uses_author_score:
            situation.author_total = await self._memory.incidents.add_author_score(
                situation.ctx, self.pack, text_score
            )
        if self._uses_targets:
            target = await situation.target()
            if target is not None:
                await self._memory.incidents.add_pair_score(
                    situation.ctx, self.pack, target, text_score
                )

    def _explain(
        self, ctx: Context, hits: list[Hit], fired: dict[int, float], combo: str, score: float
    ) -> Match:
        """Explain a match, under the rule's own severity when it sets one."""
        return explain(
            self.pack,
            ctx.normalized,
            hits,
            fired,
            combo=combo,
            score=score,
            override=self._severity,
        )


class MinorsPackTrigger(PackTrigger):
    """A pack trigger that also sees joins and profile changes, to learn minors' ages."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated, MemberJoined, ProfileChanged)
