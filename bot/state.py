"""Sliding windows, counters and short-lived flags, shared by triggers and the engine."""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime, timedelta
from heapq import heapify, heappop, heappush
from itertools import islice
from typing import Final, Protocol

#: Expired keys dropped per call, at most: memory is reclaimed in small steps, never in one
#: long pause (a full sweep over every key would stall the message that triggers it).
_SWEEP_STEP: Final = 16
#: Rebuild a heap of expiry times when it holds this many more entries than keys.
_HEAP_SLACK: Final = 1024

#: Seconds by which the next periodic sweep is looked at early (see `_maybe_sweep`).
_MARGIN: Final = 1e-3


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


class _Window(list[float]):
    """One window: its times (the list itself), values, longest span and expiry entry.

    Small on purpose, as most windows hold one or two entries: the times are a plain list
    of the floats shared by all calls of one event, the values a list only once one is not
    empty, and entries leave from the front by moving `head`, the list being cut down once
    half of it has gone (amortized constant time, as a deque, at a fraction of its size).
    """

    __slots__ = ("due", "head", "horizon", "ordered", "values")

    def __init__(self) -> None:
        super().__init__()
        #: Index of the first live entry: the ones before it have left the window.
        self.head = 0
        #: The values, aligned with the times; None while every value is empty.
        self.values: list[str] | None = None
        self.horizon = 0.0
        #: Entries were recorded in time order, so the ones within a window are a suffix.
        self.ordered = True
        #: The time of this window's entry in the expiry heap (None: not scheduled).
        self.due: float | None = None

    def add(self, ts: float, value: str) -> None:
        """Record one entry at the end."""
        values = self.values
        if values is None and value:
            values = self.values = [""] * len(self)
        self.append(ts)
        if values is not None:
            values.append(value)

    def trim(self, cutoff: float) -> None:
        """Drop the entries at the front that are at or before `cutoff`."""
        head, n = self.head, len(self)
        if self.ordered:
            head = bisect_right(self, cutoff, head)
        else:
            while head < n and self[head] <= cutoff:
                head += 1
        if head == n:
            self.clear()
            self.values = None
            head = 0
        elif head >= _CUT_AT and 2 * head >= n:
            del self[:head]
            if self.values is not None:
                del self.values[:head]
            head = 0
        self.head = head

    def stale(self, cutoff: float) -> bool:
        """Tell whether the window holds nothing after `cutoff`."""
        return self.head >= len(self) or self[-1] <= cutoff


#: Entries gone from the front of a window before the list is cut down (see `_Window`).
_CUT_AT: Final = 8


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
        if len(found) > found.head and found[-1] > now:
            found.ordered = False
        found.add(now, value)
        found.horizon = max(found.horizon, span)
        horizon = found.horizon
        found.trim(now - horizon)
        head = found.head
        if not found.ordered and len(found) - head == 1:
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
            return sum(1 for ts in islice(found, head, None) if ts > cutoff)
        if found[head] > cutoff:
            return len(found) - head
        return len(found) - bisect_right(found, cutoff, head)

    async def recent(self, key: str, at: datetime, window: timedelta) -> list[str]:
        """Return values within the window, oldest first."""
        found = self._windows.get(key)
        if found is None or found.head >= len(found):
            return []
        head = found.head
        values = found.values
        cutoff = self._seconds(at) - window.total_seconds()
        if not found.ordered:
            live = [i for i in range(head, len(found)) if found[i] > cutoff]
            return [""] * len(live) if values is None else [values[i] for i in live]
        start = head if found[head] > cutoff else bisect_right(found, cutoff, head)
        if values is None:
            return [""] * (len(found) - start)
        return values[start:]

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
            if found.stale(now - found.horizon):
                del windows[key]
            else:
                found.due = found[-1] + found.horizon
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
