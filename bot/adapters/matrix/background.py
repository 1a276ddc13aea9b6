"""Run the adapter's work that nobody awaits (report buttons, policies at start) to the end."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine


class Background:
    """Hold tasks started in the background so closing can let them finish."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, work: Coroutine[object, object, None], name: str | None = None) -> None:
        """Start work in the background (the set keeps its task alive until it ends)."""
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self, within: float) -> None:
        """Wait up to `within` seconds for the tasks in flight; cancel those still running."""
        if not self._tasks:
            return
        _done, late = await asyncio.wait(self._tasks, timeout=within)
        for task in late:
            task.cancel()
