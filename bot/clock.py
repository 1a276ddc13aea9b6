"""Clocks: the wall clock for live runs, a settable one for replay and tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Tell the current time, always timezone-aware UTC."""

    def now(self) -> datetime:
        """Return the current time."""
        ...


class SystemClock:
    """Read the real time."""

    def now(self) -> datetime:
        """Return the current UTC time."""
        return datetime.now(UTC)


class ManualClock:
    """Hold a time that replay and tests move forward."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        """Return the time last set."""
        return self._now

    def set(self, when: datetime) -> None:
        """Move the clock to `when` (never backwards)."""
        self._now = max(self._now, when)
