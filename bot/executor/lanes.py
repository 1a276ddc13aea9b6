"""Per-key lanes: jobs of one key run one after another, jobs of different keys side by side."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class Lanes:
    """Chain each key's jobs (a member's incidents) so their order holds, without a global lock."""

    def __init__(self, logger: logging.Logger, *, log_failures: bool = True) -> None:
        """Log each failed job, unless the caller awaits every task it gets and reports them."""
        self._log = logger
        self._log_failures = log_failures
        self._tails: dict[str, asyncio.Task[object]] = {}
        self._loose: set[asyncio.Task[object]] = set()

    def run(self, key: str, job: Callable[[], Awaitable[T]]) -> asyncio.Task[T]:
        """Start `job` once the jobs already queued under `key` are over; return its task."""
        previous = self._tails.get(key)

        async def after() -> T:
            if previous is not None:
                # Its failure is its own (already logged); this job still runs, in order.
                await asyncio.wait({previous})
            return await job()

        task: asyncio.Task[T] = asyncio.create_task(after(), name=f"vigie-lane-{key}")
        self._tails[key] = task
        task.add_done_callback(lambda done: self._finished(key, done))
        return task

    def spawn(self, key: str, job: Awaitable[T]) -> asyncio.Task[T]:
        """Run `job` outside any lane, though `join` still waits for it."""
        task: asyncio.Task[T] = asyncio.ensure_future(job)
        self._loose.add(task)
        task.add_done_callback(lambda done: self._finished(key, done))
        return task

    def _finished(self, key: str, task: asyncio.Task[T]) -> None:
        if self._tails.get(key) is task:
            del self._tails[key]
        self._loose.discard(task)
        if not task.cancelled() and (err := task.exception()) is not None and self._log_failures:
            self._log.error("background work for %s failed: %s", key, err, exc_info=err)

    async def join(self, within: float) -> bool:
        """Wait up to `within` seconds for every job, those queued meanwhile too."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while tasks := [*self._tails.values(), *self._loose]:
            left = deadline - loop.time()
            if left <= 0:
                return False
            await asyncio.wait(tasks, timeout=left)
        return True

    async def cancel(self) -> None:
        """Cancel the jobs still queued (the journal keeps what they had not finished)."""
        tasks = [*self._tails.values(), *self._loose]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
