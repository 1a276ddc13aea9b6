"""The context a trigger sees: the event, its community, the member, state and text views."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar, cast

from bot.events import Event, Member, MessageCreated

if TYPE_CHECKING:
    from bot.config_models import CommunityBase
    from bot.state import StateStore
    from bot.text import NormalizedText

_T = TypeVar("_T")


class Context:
    """Carry one event through the rules; the normalized text is computed once, on demand."""

    __slots__ = (
        "_normalize",
        "_normalized",
        "_once",
        "community",
        "event",
        "is_moderator",
        "member",
        "state",
    )

    def __init__(
        self,
        event: Event,
        community: CommunityBase,
        member: Member,
        state: StateStore,
        normalize: Callable[[str], NormalizedText],
        *,
        is_moderator: bool = False,
    ) -> None:
        self.event = event
        self.community = community
        self.member = member
        self.state = state
        self.is_moderator = is_moderator
        self._normalize = normalize
        self._normalized: NormalizedText | None = None
        self._once: dict[Hashable, object] | None = None

    @property
    def now(self) -> datetime:
        """Return the event's time, which is the clock in replay and live alike."""
        return self.event.ts

    @property
    def text(self) -> str:
        """Return the raw message text, or an empty string for other events."""
        event = self.event
        return event.text if isinstance(event, MessageCreated) else ""

    @property
    def normalized(self) -> NormalizedText:
        """Return the normalized view of the message text, computed at first use."""
        if self._normalized is None:
            self._normalized = self._normalize(self.text)
        return self._normalized

    def normalize(self, text: str) -> NormalizedText:
        """Return the normalized view of another text, such as an earlier message's."""
        return self._normalize(text)

    def once(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """Return what `compute` gives for this event, computed by the first rule that asks."""
        # Triggers of several rules that derive the same thing from a message share it here;
        # the key names the plugin and whatever options the result depends on.
        found = self._once
        if found is None:
            found = self._once = {}
        if key in found:
            return cast("_T", found[key])
        value = found[key] = compute()
        return value
