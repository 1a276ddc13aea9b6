"""Keep the adapter's small values (sync token, device, prompts) in storage, per account."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.storage import Storage


class AccountValues:
    """Read and write values namespaced by the bot's account (and process, when several)."""

    def __init__(self, storage: Storage, prefix: str, clock: Clock) -> None:
        self._storage = storage
        self._prefix = prefix
        self._clock = clock

    async def get(self, key: str) -> str | None:
        """Return the value stored under a key, or None."""
        return await self._storage.get_value(self._prefix + key)

    async def set(self, key: str, value: str) -> None:
        """Store a value under a key."""
        await self._storage.set_value(self._prefix + key, value, self._clock.now())
