"""The `copies` trigger: one text posted by several members, as a raid's copy-paste."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from pydantic import Field

from bot.categories import Category, Severity
from bot.context import Context
from bot.durations import Duration, format_duration
from bot.events import Event, MessageCreated
from bot.registry import Options, Registry, Services
from bot.rules import Match, Related
from plugins.spam.flood import fingerprint
from plugins.spam.window import SEP

#: Characters of the text quoted for each earlier copy in the report.
_EXCERPT = 80


class CopiesOptions(Options):
    """Count the members who post one text (once normalized) in a community."""

    shorthand = "members"
    members: int = Field(
        default=3,
        ge=2,
        description="Different members posting the text within `within` that fire the rule; "
        "every further copy fires too",
    )
    within: Duration = Field(
        default="1m", validate_default=True, gt=timedelta(0), description="Window, such as 1m."
    )
    min_length: int = Field(
        default=40,
        ge=1,
        description="Ignore texts shorter than this once normalized: greetings and "
        "congratulations are short and often typed alike by many (files always count).",
    )


class Copies:
    """Fire when several members post the same text: accounts of a raid pasting one message."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: CopiesOptions) -> None:
        self._members = options.members
        self._within = options.within
        self._min_length = options.min_length
        self._span = format_duration(options.within)

    async def match(self, ctx: Context) -> Match | None:
        """Match the copy that brings the count of members to `members`, and every later one."""
        digest = fingerprint(ctx, self._min_length)
        event = ctx.event
        if digest is None or not isinstance(event, MessageCreated):
            return None
        # One window per text and community: members of other communities never add up.
        key = f"{event.community}:copies:{digest}"
        entry = f"{event.message_id}{SEP}{event.member.id}{SEP}{event.room}"
        seen = await ctx.state.hit(key, ctx.now, self._within, entry)
        if seen < self._members:
            return None
        copies = list(dict.fromkeys(await ctx.state.recent(key, ctx.now, self._within)))
        authors = {copy.split(SEP)[1] for copy in copies}
        if len(authors) < self._members:
            return None
        rooms = {copy.split(SEP)[2] for copy in copies}
        where = f" in {len(rooms)} rooms" if len(rooms) > 1 else ""
        excerpt = event.text[:_EXCERPT]
        earlier = tuple(
            Related(message_id=message_id, category=Category.SPAM, excerpt=excerpt)
            for message_id in (copy.split(SEP)[0] for copy in copies)
            if message_id != event.message_id
        )
        return Match(
            category=Category.SPAM,
            severity=Severity.MEDIUM,
            summary=f"same message from {len(authors)} members in {self._span}{where}",
            signals=("spam.copies",),
            related=earlier,
        )


def register_copies(registry: Registry) -> None:
    """Register the copies trigger."""
    registry.add_trigger(
        "copies", CopiesOptions, _copies, "The same message posted by several members (a raid)."
    )


def _copies(options: CopiesOptions, _services: Services) -> Copies:
    return Copies(options)
