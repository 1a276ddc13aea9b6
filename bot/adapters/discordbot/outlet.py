"""Hand neutral events to the core once the adapter is given where they go."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging

    from bot.adapters.base import EventSink
    from bot.events import Event


class Outlet:
    """Pass events to the sink the adapter logs in with; drop them (logged) before."""

    def __init__(self, logger: logging.Logger) -> None:
        self._log = logger
        #: Where neutral events go; set at login.
        self.sink: EventSink | None = None

    async def emit(self, event: Event) -> None:
        """Hand a neutral event to the core."""
        if self.sink is None:
            self._log.debug("no sink yet; dropped %s", type(event).__name__)
            return
        await self.sink(event)
