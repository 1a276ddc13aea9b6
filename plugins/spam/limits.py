"""Triggers on how much one message, or one member's recent messages, carry.

Mentions, role mentions, links, attachments, emoji, lines and characters all
work the same way: more than `per_message` in one message fires, and so does
more than `per_window` added up over the member's messages `within` a window.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import timedelta
from typing import Any, ClassVar, Final

from pydantic import Field, model_validator

from bot.categories import Category, Severity
from bot.context import Context
from bot.durations import Duration, format_duration
from bot.events import Event, MessageCreated, MessageEdited
from bot.registry import Options, Registry, Services
from bot.rules import Match, Span
from plugins.spam import counting, window

#: Spans shown in a report; a message with 200 links does not need 200.
MAX_SPANS: Final = 10


def _per_message(default: int | None, noun: str) -> Any:
    return Field(
        default=default,
        ge=0,
        description=f"Fire when one message has more {noun} than this; null: no limit.",
    )


def _per_window(noun: str) -> Any:
    return Field(
        default=None,
        ge=0,
        description=(
            f"Fire when a member's messages within `within` add up to more {noun} than this "
            "(in all rooms of the community); every message adding to an excess fires, so "
            "`delete` removes each one: use the rule's `cooldown` to report once."
        ),
    )


class LimitOptions(Options):
    """Limits per message and per window; at least one must be set."""

    shorthand = "per_message"
    per_message: int | None = None
    per_window: int | None = None
    within: Duration = Field(
        # Written as in the YAML, so the JSON schema shows "10s" rather than "PT10S".
        default="10s",
        validate_default=True,
        gt=timedelta(0),
        description="The window `per_window` counts over.",
    )

    @model_validator(mode="after")
    def _some_limit(self) -> LimitOptions:
        if self.per_message is None and self.per_window is None:
            raise ValueError("set per_message, per_window, or both")
        return self


class Limit(ABC):
    """Fire on more of something than allowed in one message or in a member's window."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)
    #: YAML name, also the kind of the member's window in the state store.
    kind: ClassVar[str] = ""
    noun: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.MEDIUM

    def __init__(self, options: LimitOptions) -> None:
        self._per_message = options.per_message
        self._per_window = options.per_window
        self._within = options.within
        self._span = format_duration(options.within)
        self._signal = f"spam.{self.kind}"

    @abstractmethod
    def measure(self, event: MessageCreated) -> int:
        """Return how much of the thing this message carries."""

    def details(self, event: MessageCreated) -> tuple[str, tuple[str, ...], tuple[Span, ...]]:
        """Return a summary suffix, extra signals and spans for a message that fires."""
        del event
        return "", (), ()

    def cannot_match(self, ctx: Context) -> bool:
        """Tell at once that a message carries none of the thing (the engine skips `match`)."""
        event = ctx.event
        return not isinstance(event, MessageCreated) or not self.measure(event)

    async def match(self, ctx: Context) -> Match | None:
        """Match when the message, or the member's recent messages, exceed a limit."""
        event = ctx.event
        if not isinstance(event, MessageCreated):
            return None
        amount = self.measure(event)
        if not amount:
            return None
        summary = signal = None
        if self._per_message is not None and amount > self._per_message:
            summary, signal = f"{_count(amount, self.noun)} in one message", self._signal
        # An edit is the same message again: it is checked, not counted twice.
        if self._per_window is not None and not isinstance(event, MessageEdited):
            key = window.window_key(event, self.kind)
            total = await window.total(ctx, event, key, self._within, amount)
            if summary is None and total > self._per_window:
                summary = f"{_count(total, self.noun)} in {self._span}"
                signal = f"{self._signal}.window"
        if summary is None or signal is None:
            return None
        suffix, signals, spans = self.details(event)
        return Match(
            category=Category.SPAM,
            severity=self.severity,
            summary=summary + suffix,
            spans=spans,
            signals=(signal, *signals),
        )


def _count(amount: int, noun: str) -> str:
    if amount == 1 and noun.endswith("s"):
        noun = noun[:-1]
    return f"{amount} {noun}"


class MentionsOptions(LimitOptions):
    """Limit user mentions; a user pinged twice in one message counts once, as on Discord."""

    per_message: int | None = _per_message(5, "user mentions")
    per_window: int | None = _per_window("user mentions")


class Mentions(Limit):
    """Fire on mass mentions of users."""

    kind = "mentions"
    noun = "mentions"

    def measure(self, event: MessageCreated) -> int:
        """Count the distinct users mentioned."""
        mentions = event.mentions
        return len(set(mentions)) if len(mentions) > 1 else len(mentions)


class RoleMentionsOptions(LimitOptions):
    """Limit role mentions; @everyone and @here count as one role mention each message."""

    per_message: int | None = _per_message(2, "role mentions")
    per_window: int | None = _per_window("role mentions")


class RoleMentions(Limit):
    """Fire on mass mentions of roles, @everyone and @here included."""

    kind = "role_mentions"
    noun = "role mentions"
    severity = Severity.HIGH

    def measure(self, event: MessageCreated) -> int:
        """Count the distinct roles mentioned, plus one for @everyone."""
        roles = event.role_mentions
        return (len(set(roles)) if len(roles) > 1 else len(roles)) + event.mentions_everyone

    def details(self, event: MessageCreated) -> tuple[str, tuple[str, ...], tuple[Span, ...]]:
        """Say when @everyone was among them."""
        if event.mentions_everyone:
            return " (including @everyone)", ("spam.everyone",), ()
        return "", (), ()


class LinksOptions(LimitOptions):
    """Limit links written plainly (https://..., www..., example.com/...)."""

    per_message: int | None = _per_message(5, "links")
    per_window: int | None = _per_window("links")


class Links(Limit):
    """Fire on many links; disguised links are the links plugin's job."""

    kind = "links_spam"
    noun = "links"

    def measure(self, event: MessageCreated) -> int:
        """Count the links in the raw text."""
        return counting.count_links(event.text)

    def details(self, event: MessageCreated) -> tuple[str, tuple[str, ...], tuple[Span, ...]]:
        """Point at the links."""
        text = event.text
        spans = counting.link_spans(text)[:MAX_SPANS]
        return "", (), tuple(Span(a, b, text[a:b]) for a, b in spans)


class AttachmentsOptions(LimitOptions):
    """Limit attached files."""

    per_message: int | None = _per_message(5, "attachments")
    per_window: int | None = _per_window("attachments")


class Attachments(Limit):
    """Fire on many attached files."""

    kind = "attachments_spam"
    noun = "attachments"

    def measure(self, event: MessageCreated) -> int:
        """Count the attachments."""
        return len(event.attachments)


class EmojiOptions(LimitOptions):
    """Limit emoji; a ZWJ sequence (👨‍👩‍👧), a flag or a toned emoji counts as one."""

    per_message: int | None = _per_message(10, "emoji")
    per_window: int | None = _per_window("emoji")


class Emoji(Limit):
    """Fire on walls of emoji, Unicode and Discord custom ones alike."""

    kind = "emoji_spam"
    noun = "emoji"
    severity = Severity.LOW

    def __init__(self, options: EmojiOptions) -> None:
        super().__init__(options)
        counting.count_emoji("\N{GRINNING FACE}")  # build the table now, not on a message

    def measure(self, event: MessageCreated) -> int:
        """Count the emoji."""
        return counting.count_emoji(event.text)


class NewlinesOptions(LimitOptions):
    """Limit lines (a message without a line break is one line)."""

    per_message: int | None = _per_message(30, "lines")
    per_window: int | None = _per_window("lines")
    blank_lines: int | None = Field(
        default=None,
        ge=0,
        description="Also fire when one message has more consecutive blank lines than this.",
    )


# Blank-looking characters that pad "empty" lines in scroll floods.
_BLANK: Final = r"[^\S\n]|[\u200b\u200c\u200d\u2800\u3164\uffa0]"


class Newlines(Limit):
    """Fire on tall messages and on floods of lines, blank ones too."""

    kind = "newlines"
    noun = "lines"
    severity = Severity.LOW

    def __init__(self, options: NewlinesOptions) -> None:
        super().__init__(options)
        blank = options.blank_lines
        # N blank lines in a row take N + 1 line breaks: fewer breaks rule the search out.
        self._blank_breaks = 0 if blank is None else blank + 2
        self._blank_run = (
            None if blank is None else re.compile(rf"\n(?:(?:{_BLANK})*\n){{{blank + 1},}}")
        )

    def measure(self, event: MessageCreated) -> int:
        """Count the lines."""
        text = event.text
        return text.count("\n") + 1 if text else 0

    async def match(self, ctx: Context) -> Match | None:
        """Match on too many lines or too many blank lines in a row."""
        found = await super().match(ctx)
        if found is not None or self._blank_run is None:
            return found
        text = ctx.text
        if text.count("\n") < self._blank_breaks:
            return None
        run = self._blank_run.search(text)
        if run is None:
            return None
        start, end = run.span()
        return Match(
            category=Category.SPAM,
            severity=self.severity,
            summary=f"{text.count(chr(10), start, end) - 1} blank lines in a row",
            spans=(Span(start, end, run.group()),),
            signals=("spam.blank_lines",),
        )


class CharactersOptions(LimitOptions):
    """Limit characters (Unicode code points)."""

    per_message: int | None = _per_message(2000, "characters")
    per_window: int | None = _per_window("characters")


class Characters(Limit):
    """Fire on walls of text."""

    kind = "characters"
    noun = "characters"
    severity = Severity.LOW

    def measure(self, event: MessageCreated) -> int:
        """Count the characters."""
        return len(event.text)


LIMITS: Final[tuple[tuple[type[Limit], type[LimitOptions], str], ...]] = (
    (Mentions, MentionsOptions, "Mass mentions of users, per message or per window."),
    (RoleMentions, RoleMentionsOptions, "Mentions of roles and @everyone."),
    (Links, LinksOptions, "Many links, per message or per window."),
    (Attachments, AttachmentsOptions, "Many attached files, per message or per window."),
    (Emoji, EmojiOptions, "Many emoji, per message or per window."),
    (Newlines, NewlinesOptions, "Tall messages, blank-line floods, or many lines in a window."),
    (Characters, CharactersOptions, "Walls of text, per message or per window."),
)


def register_limits(registry: Registry) -> None:
    """Register the limit triggers."""
    for trigger, options, description in LIMITS:
        registry.add_trigger(trigger.kind, options, _factory(trigger), description)


def _factory(trigger: type[Limit]) -> Callable[[Any, Services], Limit]:
    def build(options: Any, _services: Services) -> Limit:
        return trigger(options)

    return build
