"""The `learned` trigger: a statistical second opinion, trained on labelled example corpora."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Final

from pydantic import Field

from bot.categories import Category, Severity
from bot.events import Event, MessageCreated
from bot.registry import Options, Services
from bot.rules import Match, Related
from plugins.learned.excerpt import around
from plugins.learned.thread import NO_THREAD, RoomMemory, Thread

if TYPE_CHECKING:
    from bot.context import Context
    from bot.state import StateStore
    from plugins.learned.model import Reading, TextModel

#: Key of the shared scorer in `Services.extra`: every rule shares one trained model.
SERVICE_KEY = "learned.scorer"

#: The signal of a match the message alone would not have fired: the thread tipped it.
AFTER_THREAD: Final = "learned.thread"


class LearnedOptions(Options):
    """Fire when the model trained on the example corpora scores a category high enough."""

    shorthand = "category"
    category: Category = Field(description="The category this rule watches.")
    threshold: float = Field(
        default=0.8, gt=0, lt=1, description="Probability from which the rule fires (0-1)."
    )
    severity: Severity = Field(default=Severity.LOW, description="low, medium, high or critical.")
    min_letters: int = Field(
        default=8, ge=0, description="Shorter messages are left alone: too little to judge."
    )


class Scorer:
    """Score each message once for every category, whatever number of rules ask."""

    def __init__(self, model: TextModel, state: StateStore) -> None:
        self.model = model
        self._memory = RoomMemory(state) if model.reads_thread else None
        self._last: tuple[Event, int, Reading | None] | None = None
        self._followed: tuple[Event, Thread] | None = None

    async def follow(self, ctx: Context) -> Thread:
        """Return the thread the context's message follows, remembering the message once."""
        followed = self._followed
        if followed is not None and followed[0] is ctx.event:
            return followed[1]
        event = ctx.event
        thread = NO_THREAD
        if self._memory is not None and isinstance(event, MessageCreated):
            thread = await self._memory.follow(event, lambda: ctx.normalized.text)
        self._followed = (event, thread)
        return thread

    def known(self, ctx: Context) -> tuple[int, Reading | None] | None:
        """Return the letters and reading of the context's message if it was read already."""
        last = self._last
        return None if last is None or last[0] is not ctx.event else last[1:]

    async def read(self, ctx: Context, min_letters: int) -> Reading | None:
        """Return the reading of the context's message, or None when it is too short."""
        # Rules of one event ask in turn with no await in between: one entry is enough.
        last = self._last
        if last is None or last[0] is not ctx.event:
            thread = await self.follow(ctx)
            text = ctx.normalized.text
            letters = _letters(text)
            reading = self.model.read(text, thread.other, thread.own) if letters else None
            last = self._last = (ctx.event, letters, reading)
        return last[2] if last[1] >= min_letters else None

    def read_alone(self, text: str, min_letters: int) -> Reading | None:
        """Return the reading of a normalized text on its own, or None when it is too short."""
        if _letters(text) < max(min_letters, 1):
            return None
        return self.model.read(text)


def _letters(text: str) -> int:
    """Count the letters of a text: the model judges no text with too few."""
    return sum(map(str.isalpha, text))


class LearnedObserver:
    """See every message, so the thread of the next one is known even when no rule read it."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, services: Services) -> None:
        self._services = services

    async def observe(self, ctx: Context) -> None:
        """Remember the message in its room's thread, when a rule uses the model."""
        # Never trains the model: without a learned rule there is no scorer and nothing to do.
        scorer = self._services.extra.get(SERVICE_KEY)
        if isinstance(scorer, Scorer):
            await scorer.follow(ctx)


def shared(services: Services) -> Scorer:
    """Return the scorer shared by every rule built on these services, training if needed."""
    scorer = services.extra.get(SERVICE_KEY)
    if not isinstance(scorer, Scorer):
        # scikit-learn is imported only when a rule uses the model: other commands start fast.
        from plugins.learned.model import Settings  # noqa: PLC0415
        from plugins.learned.store import load_or_train  # noqa: PLC0415

        folder = Path(services.examples_dir)
        cache = Path(services.cache_dir) if services.cache_dir else None
        model = load_or_train(folder, Settings(), cache, services.logger)
        scorer = Scorer(model, services.state)
        services.extra[SERVICE_KEY] = scorer
    return scorer


class Learned:
    """Report messages the model finds close to labelled harms of one category."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: LearnedOptions, services: Services) -> None:
        self._scorer = shared(services)
        self._category = options.category
        self._threshold = options.threshold
        self._severity = options.severity
        self._min_letters = options.min_letters

    def cannot_match(self, ctx: Context) -> bool:
        """Tell at once that a message read for another rule stays under the threshold."""
        # A message not read yet is left to `match`, which reads it and follows its thread.
        known = self._scorer.known(ctx)
        if known is None:
            return False
        letters, reading = known
        return (
            letters < self._min_letters
            or reading is None
            or reading.scores.get(self._category, 0.0) < self._threshold
        )

    async def describe(self, ctx: Context) -> list[str]:
        """Say how likely the model finds the category for the text alone, and the bar."""
        # Read alone: `vigie explain` shows one text, and nothing joins the room's memory.
        reading = self._scorer.read_alone(ctx.normalized.text, self._min_letters)
        if reading is None:
            return [f"learned {self._category}: under {self._min_letters} letters, not judged"]
        probability = reading.scores.get(self._category, 0.0)
        return [f"learned {self._category} at {probability:.2f}, fires from {self._threshold:.2f}"]

    async def match(self, ctx: Context) -> Match | None:
        """Match when the message's probability for the category reaches the threshold."""
        reading = await self._scorer.read(ctx, self._min_letters)
        if reading is None:
            return None
        category = self._category
        probability = reading.scores.get(category, 0.0)
        if probability < self._threshold:
            return None
        words = reading.reasons(category)
        because = f" ({', '.join(words)})" if words else ""
        signals = [f"learned.{category}", *(f"learned.word:{w}" for w in words)]
        if reading.without_thread(category) < self._threshold:
            # The message alone would not have fired: say so, and which words answered.
            said = reading.thread_reasons(category)
            because += f", after {', '.join(said)}" if said else ", after the thread"
            signals += [AFTER_THREAD, *(f"{AFTER_THREAD}:{w}" for w in said)]
        return Match(
            category=category,
            severity=self._severity,
            summary=f"learned: looks like {category} at {probability:.2f}{because}",
            signals=tuple(signals),
            score=probability,
        )


class UnlikelyOptions(Options):
    """Match when the model finds a message unlikely to be of a category: a rule's doubt."""

    shorthand = "category"
    category: Category = Field(description="The category the model is asked about.")
    below: float = Field(
        default=0.1, gt=0, lt=1, description="Probability under which the model doubts (0-1)."
    )
    min_letters: int = Field(
        default=8, ge=0, description="Shorter messages are not judged: the model never doubts."
    )
    spare: list[str] = Field(
        default_factory=list,
        description="Matches this doubt never holds back, each named by its signals, several "
        "joined by '+' all needed: hate_harassment.slur+hate_harassment.evasion is a slur in a "
        "message disguised to slip past filters.",
    )


class Unlikely:
    """Say the model doubts a message is of a category, for a rule's `unless` list."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: UnlikelyOptions, services: Services) -> None:
        self._scorer = shared(services)
        self._category = options.category
        self._below = options.below
        self._min_letters = options.min_letters
        self._spare = tuple(frozenset(entry.split("+")) for entry in options.spare)

    def _spares(self, match: Match) -> bool:
        """Tell whether the match carries a signal this doubt lets through."""
        return any(needed.issubset(match.signals) for needed in self._spare)

    async def match(self, ctx: Context) -> Match | None:
        """Match when the message's probability for the category is under `below`."""
        return self._doubt(await self._scorer.read(ctx, self._min_letters))

    async def judge(self, ctx: Context, match: Match) -> Match | None:
        """Doubt a match when the message, and the words around what it found, are unlikely."""
        if self._spares(match):
            return None
        doubt = await self.match(ctx)
        event = ctx.event
        if doubt is None or not isinstance(event, MessageCreated):
            return doubt
        # Padding a harm with chatter dilutes the whole message's reading: the words around
        # the match must be doubted too, read alone, or the match stands.
        excerpt = around(event.text, match.spans)
        if excerpt is None:
            return doubt
        return self._doubt(self._scorer.read_alone(ctx.normalize(excerpt).text, self._min_letters))

    async def doubts(self, ctx: Context, related: Related) -> Match | None:
        """Match when an earlier message a case takes is, read alone, unlikely of the category."""
        # Only its excerpt is kept, and not the line it answered: it is read on its own.
        return self._doubt(
            self._scorer.read_alone(ctx.normalize(related.excerpt).text, self._min_letters)
        )

    def _doubt(self, reading: Reading | None) -> Match | None:
        if reading is None:
            return None
        probability = reading.scores.get(self._category)
        if probability is None or probability >= self._below:
            return None
        return Match(
            category=self._category,
            severity=Severity.LOW,
            summary=f"learned: {self._category} unlikely at {probability:.2f}",
            signals=(f"learned.unlikely.{self._category}",),
            score=probability,
        )
