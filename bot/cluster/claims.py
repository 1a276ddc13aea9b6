"""Claims: the first process to claim a key handles it; the others skip it until it expires.

Used so that exactly one process handles an event delivered to several (overlapping shards or
room shares, a redelivery after a reconnect) and a due platform call is retried by one process.
A claim is never released early: it expires, so a process that crashes while holding one only
delays the work by the claim's lifetime.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Final, Protocol

from bot.events import Event, dedupe_base

if TYPE_CHECKING:
    # Only a deployment with Redis loads its client library.
    from redis.asyncio import Redis

DEFAULT_PREFIX: Final = "vigie"


class Claims(Protocol):
    """Grant a key to one claimant at a time, for a while."""

    async def claim(self, key: str, ttl: timedelta) -> bool:
        """Return True when the key was free and is now held by this process for `ttl`."""
        ...


class MemoryClaims:
    """Claims within one process (the default, and for tests); `now` reads seconds."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._held: dict[str, float] = {}

    async def claim(self, key: str, ttl: timedelta) -> bool:
        """Hold the key unless a live claim holds it already."""
        now = self._now()
        expires = self._held.get(key)
        if expires is not None and expires > now:
            return False
        if len(self._held) > _SWEEP_AT:
            self._held = {k: t for k, t in self._held.items() if t > now}
        self._held[key] = now + ttl.total_seconds()
        return True


#: Entries kept before expired claims are swept from a MemoryClaims.
_SWEEP_AT: Final = 10_000


class RedisClaims:
    """Claims shared by every process on one Redis server: SET NX with an expiry."""

    def __init__(self, client: Redis, *, prefix: str = DEFAULT_PREFIX, holder: str) -> None:
        """Use a client made with ``decode_responses=True``.

        `holder` names this process the same way across restarts (host and process index):
        a key it holds already is granted to it again, so a process that restarts and is given
        an event again (a sync replayed after a crash) handles it instead of skipping it.
        """
        self._client = client
        self._prefix = prefix
        self._holder = holder

    def key(self, key: str) -> str:
        """Return the Redis key of a claim."""
        return f"{self._prefix}:claim:{key}"

    async def claim(self, key: str, ttl: timedelta) -> bool:
        """Hold the key unless another process holds it (one atomic SET NX PX)."""
        millis = max(1, math.ceil(ttl.total_seconds() * 1000))
        name = self.key(key)
        if await self._client.set(name, self._holder, nx=True, px=millis):
            return True
        held: str | None = await self._client.get(name)
        return held == self._holder


def event_key(event: Event) -> str:
    """Return the claim key of an event: the key a redelivery of it lands on a case by."""
    return "event/" + dedupe_base(event)


def due_key(action_id: int, attempts: int) -> str:
    """Return the claim key of one retry of a pending platform call.

    The attempt count is part of it: once an attempt is recorded (done, or a new retry time),
    the next retry is a new key that any process may claim.
    """
    return f"due/{action_id}/{attempts}"


async def claim_due(claims: Claims | None, action_id: int, attempts: int, lease: timedelta) -> bool:
    """Say whether this process may retry a due platform call now.

    The executor's retry pass calls it for each due row, before the attempt; a False means
    another process is making that attempt. Without claims (one process) it is always True.
    """
    if claims is None:
        return True
    return await claims.claim(due_key(action_id, attempts), lease)
