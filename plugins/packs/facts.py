"""Facts about the event being handled, looked up once whatever the number of packs scoring it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.events import Event

__all__ = ["EventFacts"]


class EventFacts:
    """Keep what was looked up about one event (whom it answers, who is a minor)."""

    __slots__ = ("_event", "_facts")

    def __init__(self) -> None:
        self._event: Event | None = None
        self._facts: dict[str, object] = {}

    def of(self, event: Event) -> dict[str, object]:
        """Return the facts looked up so far for this event (a new event starts afresh)."""
        if event is not self._event:
            self._event = event
            self._facts = {}
        return self._facts
