"""Sliding windows, counters and short-lived flags, shared by triggers and the engine."""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from datetime import datetime, timedelta
from heapq import heapify, heappop, heappush
from itertools import islice
from operator import itemgetter
from typing import Final, Protocol

#: Expired keys dropped per call, at most: memory is reclaimed in small steps, never in one
#: long pause (a full sweep over every key would stall the message that triggers it).
_SWEEP_STEP: Final = 16
#: Rebuild a heap of expiry times when it holds this many more entries than keys.
_HEAP_SLACK: Final = 1024

#: Seconds by which the next periodic sweep is looked at early (see `_maybe_sweep`).
_MARGIN: Final = 1e-3

_ts = itemgetter(0)
_value = itemgetter(1)


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

    async def put_if_absent(
        self, key: str, value: str, at: datetime, ttl: timedelta | None
    ) -> bool:
        """Set a flag unless a live one holds the key, atomically; tell whether it was set."""
        ...

    async def delete(self, key: str) -> None:
        """Forget a flag."""
        ...


class _Window:
    """One window: its entries, the longest span asked of it, and when it may go stale."""

    __slots__ = ("due", "entries", "horizon", "ordered")

    def __init__(self) -> None:
        self.entries: deque[tuple[float, str]] = deque()
        self.horizon = 0.0
        #: Entries were recorded in time order, so the ones within a window are a suffix.
        self.ordered = True
        #: The time of this window's entry in the expiry heap (None: not scheduled).
        self.due: float | None = None


class MemoryState:
    """Hold state in this process; expired windows and flags are dropped so memory stays bounded.

    Every window and every expiring flag has one entry in a heap of expiry times; each call
    drops a few of the keys that are due, and every `sweep_every` all of them, so no call
    ever scans the whole store.
    """

    def __init__(self, sweep_every: timedelta = timedelta(minutes=1)) -> None:
        self._windows: dict[str, _Window] = {}
        # value, expiry (None: never), time of the key's entry in the flag heap (None: none)
        self._flags: dict[str, tuple[str, float | None, float | None]] = {}
        self._window_heap: list[tuple[float, str]] = []
        self._flag_heap: list[tuple[float, str]] = []
        self._sweep_every = sweep_every.total_seconds()
        self._last_sweep = 0.0
        # No key is due before this time (a lower bound): most calls compare one float.
        self._next_due = 0.0
        # The last time converted: the calls made for one event all pass the same datetime.
        self._at: datetime | None = None
        self._at_seconds = 0.0

    def _seconds(self, at: datetime) -> float:
        """Return `at` as a POSIX timestamp, converting each datetime once in a row."""
        if at is not self._at:
            self._at, self._at_seconds = at, at.timestamp()
        return self._at_seconds

    async def hit(self, key: str, at: datetime, window: timedelta, value: str = "") -> int:
        """Record one occurrence and return the count within the window."""
        now = self._seconds(at)
        span = window.total_seconds()
        found = self._windows.get(key)
        if found is None:
            found = self._windows[key] = _Window()
        entries = found.entries
        if entries and entries[-1][0] > now:
            found.ordered = False
        entries.append((now, value))
        found.horizon = max(found.horizon, span)
        horizon = found.horizon
        _trim(entries, now - horizon)
        if not found.ordered and len(entries) == 1:
            found.ordered = True
        due = now + horizon
        if found.due is None or due < found.due:
            found.due = due
            heappush(self._window_heap, (due, key))
            self._next_due = min(self._next_due, due)
        if now >= self._next_due:
            self._maybe_sweep(now)
        cutoff = now - span
        if not found.ordered:
            return sum(1 for ts, _ in entries if ts > cutoff)
        if entries[0][0] > cutoff:
            return len(entries)
        return len(entries) - bisect_right(entries, cutoff, key=_ts)

    async def recent(self, key: str, at: datetime, window: timedelta) -> list[str]:
        """Return values within the window, oldest first."""
        found = self._windows.get(key)
        if found is None or not found.entries:
            return []
        entries = found.entries
        cutoff = self._seconds(at) - window.total_seconds()
        if not found.ordered:
            return [value for ts, value in entries if ts > cutoff]
        if entries[0][0] > cutoff:
            return list(map(_value, entries))
        start = bisect_right(entries, cutoff, key=_ts)
        return list(map(_value, islice(entries, start, None)))

    async def get(self, key: str, at: datetime) -> str | None:
        """Return a live flag."""
        item = self._flags.get(key)
        if item is None:
            return None
        expires = item[1]
        if expires is not None and expires <= self._seconds(at):
            del self._flags[key]
            return None
        return item[0]

    async def put(self, key: str, value: str, at: datetime, ttl: timedelta | None) -> None:
        """Set a flag."""
        now = self._seconds(at)
        flags = self._flags
        old = flags.get(key)
        due = None if old is None else old[2]
        if ttl is None:
            flags[key] = (value, None, due)
        else:
            expires = now + ttl.total_seconds()
            # A key already due no later than its new expiry keeps its heap entry; it is
            # looked at then and pushed back to its real expiry.
            if due is None or due > expires:
                due = expires
                heappush(self._flag_heap, (expires, key))
                self._next_due = min(self._next_due, expires)
            flags[key] = (value, expires, due)
        if now >= self._next_due:
            self._maybe_sweep(now)

    async def put_if_absent(
        self, key: str, value: str, at: datetime, ttl: timedelta | None
    ) -> bool:
        """Set a flag unless a live one holds the key; tell whether it was set."""
        # No await between the check and the write: atomic within this process.
        item = self._flags.get(key)
        if item is not None and (item[1] is None or item[1] > self._seconds(at)):
            return False
        await self.put(key, value, at, ttl)
        return True

    async def delete(self, key: str) -> None:
        """Forget a flag."""
        self._flags.pop(key, None)

    def size(self) -> int:
        """Count the keys held, so tests and benchmarks can see windows expire."""
        return len(self._windows) + len(self._flags)

    def _due(self, now: float) -> bool:
        """Tell whether some key is due, or the periodic full sweep."""
        windows, flags = self._window_heap, self._flag_heap
        return (
            (bool(windows) and windows[0][0] <= now)
            or (bool(flags) and flags[0][0] <= now)
            or now - self._last_sweep >= self._sweep_every
        )

    def _maybe_sweep(self, now: float) -> None:
        if self._due(now):
            self._sweep(now)
        windows, flags = self._window_heap, self._flag_heap
        self._next_due = min(
            windows[0][0] if windows else float("inf"),
            flags[0][0] if flags else float("inf"),
            # A little early: `_due` subtracts where this adds, and may round the other way.
            self._last_sweep + self._sweep_every - _MARGIN,
        )

    def _sweep(self, now: float) -> None:
        budget = _SWEEP_STEP
        if now - self._last_sweep >= self._sweep_every:
            self._last_sweep = now
            budget = -1  # every key due: the bounded steps keep this short
        if self._window_heap and self._window_heap[0][0] <= now:
            self._sweep_windows(now, budget)
        if self._flag_heap and self._flag_heap[0][0] <= now:
            self._sweep_flags(now, budget)

    def _sweep_windows(self, now: float, budget: int) -> None:
        heap = self._window_heap
        windows = self._windows
        while heap and heap[0][0] <= now and budget:
            budget -= 1
            due, key = heappop(heap)
            found = windows.get(key)
            if found is None or found.due != due:
                continue  # an entry superseded by an earlier one
            entries = found.entries
            if _stale(entries, now - found.horizon):
                del windows[key]
            else:
                found.due = entries[-1][0] + found.horizon
                heappush(heap, (found.due, key))
        if len(heap) > 2 * len(windows) + _HEAP_SLACK:
            heap[:] = [(w.due, k) for k, w in windows.items() if w.due is not None]
            heapify(heap)

    def _sweep_flags(self, now: float, budget: int) -> None:
        heap = self._flag_heap
        flags = self._flags
        while heap and heap[0][0] <= now and budget:
            budget -= 1
            due, key = heappop(heap)
            item = flags.get(key)
            if item is None or item[2] != due:
                continue  # the flag was deleted, or has an earlier entry
            value, expires, _ = item
            if expires is None:
                flags[key] = (value, None, None)
            elif expires <= now:
                del flags[key]
            else:
                flags[key] = (value, expires, expires)
                heappush(heap, (expires, key))
        if len(heap) > 2 * len(flags) + _HEAP_SLACK:
            heap[:] = [(d, k) for k, (_, _, d) in flags.items() if d is not None]
            heapify(heap)


def _trim(entries: deque[tuple[float, str]], cutoff: float) -> None:
    while entries and entries[0][0] <= cutoff:
        entries.popleft()


def _stale(entries: deque[tuple[float, str]], cutoff: float) -> bool:
    return not entries or entries[-1][0] <= cutoff
