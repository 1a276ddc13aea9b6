"""Triggers on how a message looks: shouted in capitals, or buried under combining marks."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from bot.categories import Category, Severity
from bot.context import Context
from bot.events import Event, MessageCreated
from bot.registry import Options, Registry, Services
from bot.rules import Match, Span
from plugins.spam import counting


class CapsOptions(Options):
    """Judge the share of capitals among letters, on messages long enough to shout."""

    shorthand = "ratio"
    ratio: float = Field(
        default=0.7,
        gt=0,
        le=1,
        description="Fire when at least this share of letters are capitals.",
    )
    min_letters: int = Field(
        default=20,
        ge=1,
        description="Only judge messages with at least this many letters, so OK or LOL never fire.",
    )


class Caps:
    """Fire on messages written mostly in capitals."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: CapsOptions) -> None:
        self._ratio = options.ratio
        self._min_letters = options.min_letters
        # A message that fires has at least this many capitals: fewer rule it out early.
        self._min_upper = options.ratio * options.min_letters

    def cannot_match(self, ctx: Context) -> bool:
        """Tell at once that a text is too short or has no capital (the engine skips `match`)."""
        text = ctx.text
        return len(text) < self._min_letters or text.islower()

    async def match(self, ctx: Context) -> Match | None:
        """Match when capitals make up at least the ratio of enough letters."""
        text = ctx.text
        if len(text) < self._min_letters or text.islower():
            return None
        caps = counting.count_caps(text, self._min_upper)
        if caps is None:
            return None
        upper, letters = caps
        if letters < self._min_letters or upper < self._ratio * letters:
            return None
        return Match(
            category=Category.SPAM,
            severity=Severity.LOW,
            summary=f"{round(100 * upper / letters)}% capitals ({upper} of {letters} letters)",
            signals=("spam.caps",),
        )


class ZalgoOptions(Options):
    """Judge combining marks: the stack on one character, and their share of the text."""

    shorthand = "per_char"
    per_char: int = Field(
        default=3,
        ge=1,
        description="Fire when one character carries more marks than this (Vietnamese and "
        "most scripts use at most two).",
    )
    ratio: float = Field(
        default=1.5,
        gt=0,
        description="Fire when marks outnumber the other non-space characters by this ratio...",
    )
    min_marks: int = Field(
        default=10, ge=1, description="...and there are at least this many marks."
    )


class Zalgo:
    """Fire on text buried under stacked combining marks (Z̷̛a̸l̶g̵o̵)."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: ZalgoOptions) -> None:
        self._per_char = options.per_char
        self._ratio = options.ratio
        self._min_marks = options.min_marks
        counting.count_marks("\u0301")  # build the table now, not on a message

    def cannot_match(self, ctx: Context) -> bool:
        """Tell at once that a text is plain ASCII, so has no mark (the engine skips `match`)."""
        return ctx.text.isascii()

    async def match(self, ctx: Context) -> Match | None:
        """Match on a tall stack of marks or a text made mostly of marks."""
        text = ctx.text
        marks = counting.count_marks(text)
        if marks.total < self._min_marks and marks.longest <= self._per_char:
            return None
        base = len(text) - marks.total - text.count(" ")
        dense = marks.total >= self._min_marks and marks.total > self._ratio * max(base, 1)
        if marks.longest <= self._per_char and not dense:
            return None
        return Match(
            category=Category.SPAM,
            severity=Severity.LOW,
            summary=f"{marks.total} combining marks, up to {marks.longest} on one character",
            spans=(Span(marks.start, marks.end, text[marks.start : marks.end]),),
            signals=("spam.zalgo",),
        )


def register_shape(registry: Registry) -> None:
    """Register the shape triggers."""
    registry.add_trigger("caps", CapsOptions, _caps, "Messages mostly in capitals.")
    registry.add_trigger("zalgo", ZalgoOptions, _zalgo, "Text buried under combining marks.")


def _caps(options: CapsOptions, _services: Services) -> Caps:
    return Caps(options)


def _zalgo(options: ZalgoOptions, _services: Services) -> Zalgo:
    return Zalgo(options)
