"""The simplest triggers: any message at all, and a literal list of words."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from bot.categories import Category, Severity, SeverityLevel
from bot.context import Context
from bot.events import Event, MessageCreated
from bot.matching import Matcher, Term
from bot.registry import NoOptions, Options, Registry, Services
from bot.rules import Match, Span


class AnyMessage:
    """Match every message; with conditions it scopes a rule to rooms or members."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    async def match(self, _ctx: Context) -> Match | None:
        """Match any message."""
        return Match(category=Category.SPAM, summary="any message", severity=Severity.LOW)


class WordsOptions(Options):
    """List words or phrases; `coca*` also matches longer words that start with coca."""

    shorthand = "terms"
    terms: list[str] = Field(min_length=1, description="Words or phrases, `*` as a wildcard.")
    allow: list[str] = Field(default_factory=list, description="Phrases that never fire.")
    category: Category = Category.HATE_HARASSMENT
    severity: SeverityLevel = Severity.MEDIUM


class Words:
    """Match listed words on the normalized text, so spacing and lookalikes do not hide them."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: WordsOptions) -> None:
        self._options = options
        self._matcher = Matcher((Term(pattern=t, key=t) for t in options.terms), options.allow)

    async def match(self, ctx: Context) -> Match | None:
        """Match when any listed word appears."""
        view = ctx.normalized
        hits = self._matcher.find(view)
        if not hits:
            return None
        spans = tuple(
            Span(start, end, view.raw[start:end])
            for start, end in (view.to_raw(h.start, h.end) for h in hits)
        )
        words = sorted({h.term for h in hits})
        return Match(
            category=self._options.category,
            severity=self._options.severity,
            summary=f"listed word: {', '.join(words)}",
            spans=spans,
            signals=tuple(f"word:{w}" for w in words),
        )


def register_triggers(registry: Registry) -> None:
    """Register the basic triggers."""
    registry.add_trigger(
        "any_message", NoOptions, lambda _o, _s: AnyMessage(), "Every message (use conditions)."
    )
    registry.add_trigger("words", WordsOptions, _words, "A list of words or phrases.")


def _words(options: WordsOptions, _services: Services) -> Words:
    return Words(options)
