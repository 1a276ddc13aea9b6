"""The observer: a matrix-nio client that notes when each message and redaction reaches it."""

from __future__ import annotations

import asyncio
import contextlib
import time

from nio import AsyncClient, RedactionEvent, RoomMessageText, SyncResponse

from bot.adapters.matrix.localsynapse import Account

SYNC_FILTER = {
    "room": {
        "timeline": {"limit": 1000},
        "state": {"lazy_load_members": True},
        "ephemeral": {"types": []},
        "account_data": {"types": []},
    },
    "presence": {"types": []},
    "account_data": {"types": []},
}


class Observer:
    """A matrix-nio client that notes when each message and each redaction reaches it."""

    def __init__(self, url: str, account: Account) -> None:
        self.client = AsyncClient(url, account.user_id)
        self.client.access_token = account.access_token
        self.client.user_id = account.user_id
        self.origin: dict[str, int] = {}  # event id -> origin_server_ts (ms)
        self.received: dict[str, float] = {}  # event id -> wall time the message reached us (s)
        self.redacted: dict[str, list[float]] = {}  # event id -> wall times seen (s)
        self.gaps = 0
        self._stop = asyncio.Event()
        self.changed = asyncio.Event()
        self.client.add_event_callback(self._on_event, (RoomMessageText, RedactionEvent))
        self.client.add_response_callback(self._on_sync, SyncResponse)

    async def _on_event(self, _room: object, event: RoomMessageText | RedactionEvent) -> None:
        if isinstance(event, RedactionEvent):
            self.redacted.setdefault(event.redacts, []).append(time.time())
            self.changed.set()
        else:
            self.origin[event.event_id] = event.server_timestamp
            self.received[event.event_id] = time.time()

    async def _on_sync(self, response: SyncResponse) -> None:
        self.gaps += sum(info.timeline.limited for info in response.rooms.join.values())

    async def first_sync(self) -> None:
        """Catch up with everything before the bench starts."""
        await self.client.sync(timeout=0, sync_filter=SYNC_FILTER, full_state=True)
        self.gaps = 0

    async def run(self) -> None:
        """Sync until stopped."""
        while not self._stop.is_set():
            await self.client.sync(timeout=500, sync_filter=SYNC_FILTER)

    def stop(self) -> None:
        """Stop after the current sync."""
        self._stop.set()


async def wait_redacted(observer: Observer, ids: set[str], within: float) -> None:
    """Return when the observer has seen every redaction, or after `within` seconds."""
    deadline = time.monotonic() + within
    while not ids <= observer.redacted.keys():
        left = deadline - time.monotonic()
        if left <= 0:
            return
        observer.changed.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(observer.changed.wait(), left)
