"""Remember what the finders found in the event being judged, for every rule that asks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from plugins.personal_data.spelled import words_of

if TYPE_CHECKING:
    from bot.registry import Services
    from plugins.personal_data.cues import Cues
    from plugins.personal_data.found import Found

__all__ = ["MEMO_KEY", "LastEvent", "shared_memo"]

#: Key of the shared last-event memo in `Services.extra`.
MEMO_KEY = "personal_data.last_event"


class LastEvent:
    """Remember the finders' results for the event being judged.

    The personal_data and doxxing rules look at the same message one after the
    other; the finders (phonenumbers above all) run once for both.
    """

    __slots__ = ("cues", "event", "results", "words")

    def __init__(self) -> None:
        self.event: object = None
        self.results: dict[tuple[object, ...], tuple[Found, ...]] = {}
        self.words: frozenset[str] | None = None
        self.cues: dict[tuple[object, ...], Cues] = {}

    def words_of(self, event: object, raw: str) -> frozenset[str]:
        """Return the words of this event's text, split once for every trigger."""
        self._follow(event)
        if self.words is None:
            self.words = words_of(raw)
        return self.words

    def cues_of(self, event: object, key: tuple[object, ...], read: Callable[[], Cues]) -> Cues:
        """Return the cues of this event's text under the cue options `key`, read once."""
        self._follow(event)
        found = self.cues.get(key)
        if found is None:
            found = self.cues[key] = read()
        return found

    def get(self, event: object, key: tuple[object, ...]) -> tuple[Found, ...] | None:
        """Return what the finders found in this event with these options, if known."""
        if event is not self.event:
            return None
        return self.results.get(key)

    def put(self, event: object, key: tuple[object, ...], found: tuple[Found, ...]) -> None:
        """Remember what the finders found; a new event forgets the previous one."""
        self._follow(event)
        self.results[key] = found

    def _follow(self, event: object) -> None:
        """Forget what was known of the previous event when a new one comes."""
        if event is not self.event:
            self.event = event
            self.results = {}
            self.words = None
            self.cues = {}


def shared_memo(services: Services) -> LastEvent:
    """Return the memo shared by every personal_data and doxxing trigger of a bot."""
    memo = services.extra.get(MEMO_KEY)
    if not isinstance(memo, LastEvent):
        memo = services.extra[MEMO_KEY] = LastEvent()
    return memo
