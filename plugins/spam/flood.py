"""Flood triggers: too many messages from one member, or the same message again and again."""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from datetime import timedelta
from typing import ClassVar, Final

from pydantic import Field

from bot.categories import Category, Severity
from bot.context import Context
from bot.durations import Duration, format_duration
from bot.events import Event, MessageCreated, MessageEdited
from bot.registry import Options, Registry, Services
from bot.rules import Match, Related
from plugins.spam import window

# What a copy-paster changes between copies to dodge the check: emoji, punctuation, spacing.
_DECORATION: Final = re.compile(r"[\W_]+")

#: Characters of an earlier message of the flood quoted in the report.
_EXCERPT: Final = 60

_EVERY_ONE = (
    "; every further message within the window fires too, so `delete` removes the whole "
    "flood: give the rule a `cooldown` to report it once"
)


def fingerprint(ctx: Context, min_length: int) -> str | None:
    """Return a short digest of what makes two new messages the same, or None to skip."""
    # Edits and other events are skipped: an edited message is not a new copy.
    event = ctx.event
    if not isinstance(event, MessageCreated) or isinstance(event, MessageEdited):
        return None
    # Normalizing lengthens only rare ligatures, so a short raw text stays short.
    if not event.attachments and (
        len(event.text) < min_length or len(ctx.normalized.text) < min_length
    ):
        return None
    # The duplicates and copies triggers of one message share the digest.
    return ctx.once("spam.fingerprint", lambda: _digest(ctx, event))


def _digest(ctx: Context, event: MessageCreated) -> str:
    """Return the CRC-32 of a message's text, its decoration aside, and its files."""
    files = "\n".join(f.sha256 or f"{f.filename}:{f.size}" for f in event.attachments)
    text = ctx.normalized.text if event.text else ""
    # Copies that differ only by their decoration (🎁 or 🎁🎁, "!!" or none) are one
    # message; a text made only of decoration is compared as it is.
    words = _DECORATION.sub(" ", text).strip()
    text = words or text
    # CRC-32 is enough to tell apart the few messages of a window, and unlike hash()
    # it is the same in every process sharing a Redis store.
    key = f"{text}\0{files}".encode()
    return f"{zlib.crc32(key):08x}"


class BurstOptions(Options):
    """Count a member's messages over all rooms of the community."""

    shorthand = "count"
    count: int = Field(
        default=7, ge=2, description="Messages within `within` that fire the rule" + _EVERY_ONE
    )
    # A default written as in the YAML, so the JSON schema shows "10s", not "PT10S".
    within: Duration = Field(
        default="10s", validate_default=True, gt=timedelta(0), description="Window, such as 10s."
    )


class Burst:
    """Fire on a member posting many messages in a short time, in one room or across several."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: BurstOptions) -> None:
        self._count = options.count
        self._within = options.within
        self._span = format_duration(options.within)

    async def match(self, ctx: Context) -> Match | None:
        """Match from the count-th message within the window on."""
        event = ctx.event
        if not isinstance(event, MessageCreated) or isinstance(event, MessageEdited):
            return None
        key = window.window_key(event, "burst")
        # Each entry keeps the start of its text: the report quotes the whole flood.
        entries = await window.count(
            ctx, event, key, self._within, at_least=self._count, payload=_excerpt(event.text)
        )
        if len(entries) < self._count:
            return None
        return Match(
            category=Category.SPAM,
            severity=Severity.MEDIUM,
            summary=f"{len(entries)} messages in {self._span}",
            signals=("spam.burst",),
            related=_earlier(event, entries, lambda entry: entry.partition(window.SEP)[2]),
        )


class DuplicatesOptions(Options):
    """Count copies of one message (text once normalized, and attached files) by a member."""

    shorthand = "count"
    count: int = Field(
        default=3, ge=2, description="Copies within `within` that fire the rule" + _EVERY_ONE
    )
    within: Duration = Field(
        default="1m", validate_default=True, gt=timedelta(0), description="Window, such as 1m."
    )
    min_length: int = Field(
        default=10,
        ge=0,
        description="Ignore texts shorter than this once normalized (ok, lol, +1) "
        "unless files are attached.",
    )


class Duplicates:
    """Fire on the same message posted again and again, in one room or across rooms."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: DuplicatesOptions) -> None:
        self._count = options.count
        self._within = options.within
        self._min_length = options.min_length
        self._span = format_duration(options.within)

    async def match(self, ctx: Context) -> Match | None:
        """Match from the count-th copy within the window on."""
        digest = fingerprint(ctx, self._min_length)
        event = ctx.event
        if digest is None or not isinstance(event, MessageCreated):
            return None
        # A member with fewer messages than `count` in the window cannot have
        # `count` copies: the window is read back only past that.
        key = window.window_key(event, "duplicates")
        payload = f"{digest}{window.SEP}{event.room}"
        entries = await window.count(
            ctx, event, key, self._within, at_least=self._count, payload=payload
        )
        mark = f"{window.SEP}{digest}{window.SEP}"
        copies = [entry for entry in entries if mark in entry]
        if len(copies) < self._count:
            return None
        rooms = {entry.rpartition(window.SEP)[2] for entry in copies}
        spread = len(rooms)
        where = f" in {spread} rooms" if spread > 1 else ""
        excerpt = _excerpt(event.text)
        return Match(
            category=Category.SPAM,
            severity=Severity.MEDIUM,
            summary=f"same message {len(copies)} times in {self._span}{where}",
            signals=("spam.duplicates", "spam.cross_room") if spread > 1 else ("spam.duplicates",),
            related=_earlier(event, copies, lambda _entry: excerpt),
        )


def _excerpt(text: str) -> str:
    """Return the start of a text on one line, without the window's separator."""
    return " ".join(text[:_EXCERPT].replace(window.SEP, " ").split())


def _earlier(
    event: MessageCreated, entries: list[str], excerpt: Callable[[str], str]
) -> tuple[Related, ...]:
    """Return the flood's earlier messages (window entries) as part of the harm."""
    return tuple(
        Related(message_id=message_id, category=Category.SPAM, excerpt=excerpt(entry))
        for entry in entries
        if (message_id := entry.partition(window.SEP)[0]) != event.message_id
    )


def register_flood(registry: Registry) -> None:
    """Register the flood triggers."""
    registry.add_trigger(
        "burst", BurstOptions, _burst, "Many messages by one member in a short time."
    )
    registry.add_trigger(
        "duplicates", DuplicatesOptions, _duplicates, "The same message posted repeatedly."
    )


def _burst(options: BurstOptions, _services: Services) -> Burst:
    return Burst(options)


def _duplicates(options: DuplicatesOptions, _services: Services) -> Duplicates:
    return Duplicates(options)
