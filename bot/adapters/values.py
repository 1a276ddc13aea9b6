"""Keep an adapter's small values (sync token, device, prompts, lockdowns) in storage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.storage import Storage


class Values(Protocol):
    """Small named values an adapter's parts read back after a restart."""

    async def get(self, key: str) -> str | None:
        """Return the value stored under a key, or None."""
        ...

    async def set(self, key: str, value: str) -> None:
        """Store a value under a key."""
        ...


class StoredValues:
    """Values namespaced by a prefix, in the database; in memory when there is none."""

    def __init__(self, storage: Storage | None, prefix: str, clock: Clock) -> None:
        self._storage = storage
        self._prefix = prefix
        self._clock = clock
        self._memory: dict[str, str] = {}

    async def get(self, key: str) -> str | None:
        """Return the value stored under a key, or None."""
        if self._storage is None:
            return self._memory.get(key)
        return await self._storage.get_value(self._prefix + key)

    async def set(self, key: str, value: str) -> None:
        """Store a value under a key."""
        if self._storage is None:
            self._memory[key] = value
            return
        await self._storage.set_value(self._prefix + key, value, self._clock.now())
