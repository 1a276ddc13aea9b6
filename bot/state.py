"""Sliding windows, counters and short-lived flags, shared by triggers and the engine."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from typing import Protocol


class StateStore(Protocol):
    """Keep fast, expiring state; the in-memory store is the default, Redis shares it."""

    async def hit(self, key: str, at: datetime, window: timedelta, value: str = "") -> int:
        """Record one occurrence and return how many fall within the window ending at `at`."""
        ...

    async def recent(self, key: str, at: datetime, window: timedelta) -> list[str]:
        """Return the values recorded within the window ending at `at`, oldest first."""
        ...

    async def get(self, key: str, at: datetime) -> str | None:
        """Return a flag's value unless it has expired."""
        ...

    async def put(self, key: str, value: str, at: datetime, ttl: timedelta | None) -> None:
        """Set a flag that expires after `ttl` (never when None)."""
        ...

    async def delete(self, key: str) -> None:
        """Forget a flag."""
        ...


class MemoryState:
    """Hold state in this process; expired windows are swept so memory stays bounded."""

    def __init__(self, sweep_every: timedelta = timedelta(minutes=1)) -> None:
        self._windows: dict[str, deque[tuple[float, str]]] = {}
        self._horizon: dict[str, float] = {}
        self._flags: dict[str, tuple[str, float | None]] = {}
        self._sweep_every = sweep_every.total_seconds()
        self._last_sweep = 0.0

    async def hit(self, key: str, at: datetime, window: timedelta, value: str = "") -> int:
        """Record one occurrence and return the count within the window."""
        now = at.timestamp()
        span = window.total_seconds()
        entries = self._windows.get(key)
        if entries is None:
            entries = self._windows[key] = deque()
        entries.append((now, value))
        if span > self._horizon.get(key, 0.0):
            self._horizon[key] = span
        _trim(entries, now - self._horizon[key])
        self._maybe_sweep(now)
        cutoff = now - span
        return sum(1 for ts, _ in entries if ts > cutoff)

    async def recent(self, key: str, at: datetime, window: timedelta) -> list[str]:
        """Return values within the window, oldest first."""
        entries = self._windows.get(key)
        if not entries:
            return []
        cutoff = at.timestamp() - window.total_seconds()
        return [value for ts, value in entries if ts > cutoff]

    async def get(self, key: str, at: datetime) -> str | None:
        """Return a live flag."""
        item = self._flags.get(key)
        if item is None:
            return None
        value, expires = item
        if expires is not None and expires <= at.timestamp():
            del self._flags[key]
            return None
        return value

    async def put(self, key: str, value: str, at: datetime, ttl: timedelta | None) -> None:
        """Set a flag."""
        expires = None if ttl is None else at.timestamp() + ttl.total_seconds()
        self._flags[key] = (value, expires)

    async def delete(self, key: str) -> None:
        """Forget a flag."""
        self._flags.pop(key, None)

    def size(self) -> int:
        """Count the keys held, so tests and benchmarks can see windows expire."""
        return len(self._windows) + len(self._flags)

    def _maybe_sweep(self, now: float) -> None:
        if now - self._last_sweep < self._sweep_every:
            return
        self._last_sweep = now
        for key in [k for k, e in self._windows.items() if _stale(e, now - self._horizon[k])]:
            del self._windows[key]
            del self._horizon[key]
        for key in [k for k, (_, exp) in self._flags.items() if exp is not None and exp <= now]:
            del self._flags[key]


def _trim(entries: deque[tuple[float, str]], cutoff: float) -> None:
    while entries and entries[0][0] <= cutoff:
        entries.popleft()


def _stale(entries: deque[tuple[float, str]], cutoff: float) -> bool:
    return not entries or entries[-1][0] <= cutoff
