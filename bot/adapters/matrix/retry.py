"""Wait out failures: rate limits, a sync that failed, a database that is away."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from bot.adapters.base import RateLimited
from bot.storage import StorageError

if TYPE_CHECKING:
    import logging

# After a failed sync: wait this long, doubling up to the ceiling, unless told how long.
_RETRY_BASE = 1.0
_RETRY_CEILING = 60.0
# Calls made outside the executor (notices, replies, buttons, joins at start) wait out a rate
# limit this many times, for at most this long each, before giving up.
_PATIENCE = 6
_PATIENCE_CEILING = 10.0

T = TypeVar("T")


class Abandoned(Exception):
    """A step given up while stopping: its batch's sync token must not be saved."""


def backoff(failures: int) -> float:
    """Return how long to wait after this many failures in a row."""
    return float(min(_RETRY_CEILING, _RETRY_BASE * 2 ** max(0, failures - 1)))


class Patience:
    """Retry calls and steps of the MatrixAdapter until they pass or it stops."""

    def __init__(self, stopping: asyncio.Event, logger: logging.Logger) -> None:
        self._stopping = stopping
        self._log = logger

    async def patiently(self, call: Callable[[], Awaitable[T]]) -> T:
        """Make a call, waiting out rate limits (bounded): no retry queue stands behind it."""
        for attempt in range(1, _PATIENCE + 1):
            try:
                return await call()
            except RateLimited as err:
                if attempt == _PATIENCE or self._stopping.is_set():
                    raise
                wait = min(_PATIENCE_CEILING, err.retry_after or backoff(attempt))
                self._log.info("rate limited (%s); waiting %.1fs", err, wait)
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    async def pause(self, seconds: float, why: str) -> None:
        """Wait this long before a retry, or less when the adapter stops meanwhile."""
        self._log.warning("%s; retrying in %.1fs", why, seconds)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def steadily(self, step: Callable[[], Awaitable[T]], *, what: str) -> T:
        """Run a step, again while the database is away; give up only when stopping."""
        failures = 0
        while True:
            try:
                return await step()
            except StorageError as err:
                # Nothing is lost: the sync token does not move past this step meanwhile.
                if self._stopping.is_set():
                    raise Abandoned(what) from err
                failures += 1
                await self.pause(backoff(failures), f"storage failed ({what}): {err}")
