"""Pace the calls a homeserver rate-limits, and wait out its M_LIMIT_EXCEEDED answers.

Synapse limits an account's events (rc_message) and, apart, its redactions of others'
messages (rc_admin_redaction). Once told to wait, every call of the same kind waits its turn,
one at a time, until the server lets them through again: a flood of redactions flows at the
pace the server allows instead of each call failing and being retried on its own.

The wait is bounded (`patience`): past it, or when the adapter stops, the RateLimited error
goes to the caller, whose pending action the executor retries later. Nothing is dropped here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.adapters.base import RateLimited

T = TypeVar("T")

#: The limiters a call may fall under.
MESSAGES = "messages"
REDACTIONS = "redactions"
#: Wait without a hint from the server: this, doubling, up to the ceiling.
_FIRST_WAIT = 0.5
_WAIT_CEILING = 10.0
#: Well under the executor's 60 s lease on a call in flight, so no second run can start.
PATIENCE = 20.0


class Throttle:
    """Hold back calls while the homeserver says to, per limiter, for a bounded time."""

    def __init__(
        self,
        *,
        stopping: asyncio.Event | None = None,
        patience: float = PATIENCE,
        logger: logging.Logger | None = None,
    ) -> None:
        self.stopping = stopping or asyncio.Event()
        self._patience = patience
        self._log = logger or logging.getLogger("vigie.matrix")
        self._until: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        #: How many times the server said to wait, per limiter (read by tests and status).
        self.limited: dict[str, int] = {}

    async def run(self, limiter: str, call: Callable[[], Awaitable[T]]) -> T:
        """Make a call under a limiter, waiting out rate limits for at most `patience`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._patience
        failures = 0
        while True:
            if self._until.get(limiter, 0.0) <= loop.time():
                try:
                    return await call()
                except RateLimited as err:
                    failures += 1
                    self._hold(limiter, err, failures, deadline)
                continue
            # Limited: one call at a time tries again, the others queue behind it.
            lock = self._locks.setdefault(limiter, asyncio.Lock())
            async with lock:
                await self._wait(limiter, deadline)
                try:
                    return await call()
                except RateLimited as err:
                    failures += 1
                    self._hold(limiter, err, failures, deadline)

    def _hold(self, limiter: str, err: RateLimited, failures: int, deadline: float) -> None:
        """Remember how long the server wants us to wait; raise if that is too long."""
        now = asyncio.get_running_loop().time()
        wait = err.retry_after or min(_WAIT_CEILING, _FIRST_WAIT * 2 ** (failures - 1))
        self._until[limiter] = max(self._until.get(limiter, 0.0), now + wait)
        self.limited[limiter] = self.limited.get(limiter, 0) + 1
        if now + wait > deadline or self.stopping.is_set():
            raise err
        self._log.info("rate limited on %s (%s); waiting %.1fs", limiter, err, wait)

    async def _wait(self, limiter: str, deadline: float) -> None:
        """Sleep until the limiter opens, unless that is past the deadline or we stop."""
        loop = asyncio.get_running_loop()
        wait = self._until.get(limiter, 0.0) - loop.time()
        if wait <= 0:
            return
        if loop.time() + wait > deadline or self.stopping.is_set():
            raise RateLimited(f"{limiter}: the homeserver still holds us back", retry_after=wait)
        try:
            await asyncio.wait_for(self.stopping.wait(), wait)
        except TimeoutError:
            return
        raise RateLimited(f"{limiter}: stopping while rate limited", retry_after=wait)
