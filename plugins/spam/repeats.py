"""Trigger on one word, emoji or character typed over and over in one message (a one-line flood)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby
from typing import ClassVar, Final

from pydantic import Field

from bot.categories import Category, Severity
from bot.context import Context
from bot.events import Event, MessageCreated
from bot.registry import Options, Registry, Services
from bot.rules import Match, Span
from plugins.spam.counting import EMOJI_PATTERN

# A token is an emoji as seen (a toned hand or a flag is one), a Discord custom emoji, or a
# word of two characters or more: single letters are how evasion spaces a word out
# ("s p a c e d"), not a flood.
_TOKEN: Final = re.compile(rf"{EMOJI_PATTERN}|<a?:\w{{1,32}}:\d{{15,21}}>|\w{{2,}}")


# Not a NamedTuple: a field named `count` would hide tuple.count.
@dataclass(frozen=True, slots=True)
class Run:
    """The longest run of one token: the token, how many times, and where it lies."""

    token: str
    count: int
    start: int
    end: int


def longest_run(text: str, at_least: int = 1) -> Run | None:
    """Return the longest run of one token repeated back to back if it repeats `at_least` times."""
    if at_least > 1 and _longest_count(text) < at_least:
        return None
    best: Run | None = None
    token = ""
    count = start = end = 0
    for m in _TOKEN.finditer(text):
        # Emoji variants (with or without U+FE0F) and case are the same token to a reader.
        seen = m.group().replace("\ufe0f", "").casefold()
        if seen == token:
            count += 1
            end = m.end()
        else:
            token, count, start, end = seen, 1, m.start(), m.end()
        if best is None or count > best.count:
            best = Run(token, count, start, end)
    return best if best is not None and best.count >= at_least else None


def _longest_count(text: str) -> int:
    # The same tokens as the loop above reads them, split and counted by C-level calls:
    # most messages hold no run worth locating.
    found = _TOKEN.findall(text)
    if "\ufe0f" in text:
        found = [token.replace("\ufe0f", "") for token in found]
    tokens = list(map(str.casefold, found))
    return max((len(list(run)) for _, run in groupby(tokens)), default=0)


class RepeatsOptions(Options):
    """How many times one token may follow itself in a message."""

    shorthand = "count"
    count: int = Field(
        default=8,
        ge=2,
        description="Fire when one word or emoji is repeated back to back at least this many "
        "times (🔥🔥🔥🔥🔥🔥🔥🔥, 'lol' eight times); emphasis rarely goes past five.",
    )
    held: int | None = Field(
        default=20,
        ge=2,
        description="Also fire when one character is held down this many times in a row "
        "(AAAAAAAA…, !!!!!!!!…; a letter, ! or ?); a drawn-out 'nooooon' stays near ten. "
        "null: never.",
    )


class Repeats:
    """Fire on a message that repeats one word or emoji many times in a row."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: RepeatsOptions) -> None:
        self._count = options.count
        held = options.held
        # Letters and ! or ?: a divider of dashes or box lines in an announcement is layout.
        self._held = None if held is None else re.compile(rf"([^\W\d_]|[!?])\1{{{held - 1},}}")
        self._shortest = self._count if held is None else min(self._count, held)

    def cannot_match(self, ctx: Context) -> bool:
        """Tell at once that a text is too short to hold the run (the engine skips `match`)."""
        # Each repeat takes one character at least (an astral emoji is one code point).
        return len(ctx.text) < self._shortest

    async def match(self, ctx: Context) -> Match | None:
        """Match when the longest run of one token reaches the count, or a character is held."""
        text = ctx.text
        run = longest_run(text, self._count)
        if run is not None:
            return _repeated(text, f"{run.token!r} repeated {run.count} times in a row", run)
        held = self._held.search(text) if self._held is not None else None
        if held is None:
            return None
        start, end = held.span()
        char = Run(held.group(1), end - start, start, end)
        return _repeated(text, f"{char.token!r} held down {char.count} times in a row", char)


def _repeated(text: str, summary: str, run: Run) -> Match:
    return Match(
        category=Category.SPAM,
        severity=Severity.LOW,
        summary=summary,
        spans=(Span(run.start, run.end, text[run.start : run.end]),),
        signals=("spam.repeats",),
    )


def register_repeats(registry: Registry) -> None:
    """Register the repeats trigger."""
    registry.add_trigger(
        "repeats",
        RepeatsOptions,
        _repeats,
        "One word, emoji or character repeated many times in a row.",
    )


def _repeats(options: RepeatsOptions, _services: Services) -> Repeats:
    return Repeats(options)
