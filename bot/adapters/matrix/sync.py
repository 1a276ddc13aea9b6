"""Run the sync: one long poll at a time, and save each batch's token once it is handled."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import uuid
from typing import TYPE_CHECKING, Any, TypeAlias

from nio import SyncResponse

from bot.adapters.matrix.retry import Abandoned
from bot.adapters.matrix.shared import Part

if TYPE_CHECKING:
    from bot.adapters.matrix.shared import Shared

#: Events per room one sync may carry: a busy room fits in one answer, no /messages catch-up.
TIMELINE_LIMIT = 500
#: The long poll when the last sync brought events: more are likely, do not wait long for them.
_BUSY_SYNC_TIMEOUT_MS = 1_000
#: Sync batches fetched ahead of the one being handled; then the sync waits (bounded memory).
BATCHES_AHEAD = 8
#: A filter field Synapse ignores (filters allow unknown fields), unique to each start.
_START_MARK = "org.vigie.start"
#: A handled sync's next token with its events' tasks; None tells the committer to stop.
Batch: TypeAlias = tuple[str, list[asyncio.Task[None]]] | None


class SyncPipeline(Part):
    """Poll the homeserver and commit sync tokens in order, for the MatrixAdapter."""

    def __init__(self, shared: Shared, *, timeline_limit: int, timeout_ms: int) -> None:
        super().__init__(shared)
        self._timeline_limit = timeline_limit
        self._sync_timeout_ms = timeout_ms

    async def put(
        self,
        batches: asyncio.Queue[Batch],
        batch: Batch,
        committer: asyncio.Task[None],
    ) -> None:
        """Queue a batch for its token to be saved; wait while too many are in hand."""
        put = asyncio.ensure_future(batches.put(batch))
        await asyncio.wait({put, committer}, return_when=asyncio.FIRST_COMPLETED)
        if not put.done():
            put.cancel()

    async def commit(self, batches: asyncio.Queue[Batch]) -> None:
        """Save each batch's token once its events are handled, in sync order."""
        held: list[Batch] = []
        while True:
            batch = held.pop() if held else await batches.get()
            if batch is None:
                return
            token, jobs = batch
            if not await self.settle(jobs):
                return  # given up while stopping: the next start takes the batch again
            handled = True
            # Batches already handled behind it: one write saves them all.
            while handled and not batches.empty():
                ahead = batches.get_nowait()
                if ahead is None or not all(job.done() for job in ahead[1]):
                    held.append(ahead)
                    break
                handled = await self.settle(ahead[1])
                if handled:
                    token = ahead[0]
            try:
                await self._patience.steadily(
                    functools.partial(self._values.set, "next_batch", token), what="the sync token"
                )
            except Abandoned:
                return
            if not handled:
                return

    @staticmethod
    async def settle(jobs: list[asyncio.Task[None]]) -> bool:
        """Wait for a batch's jobs; return whether all were handled. Other failures raise."""
        if not jobs:
            return True
        await asyncio.wait(jobs)
        handled = True
        for job in jobs:
            if job.cancelled():
                handled = False
            elif (err := job.exception()) is not None:
                if isinstance(err, Abandoned):
                    handled = False
                else:
                    raise err
        return handled

    async def poll(self, token: str | None, *, first: bool, busy: bool) -> SyncResponse | None:
        """Run one sync, or return None when asked to stop while waiting for it."""
        timeout = self._sync_timeout_ms
        if busy:
            timeout = min(timeout, _BUSY_SYNC_TIMEOUT_MS)
        started = asyncio.get_running_loop().time()
        poll = asyncio.ensure_future(
            self._client.sync(
                token,
                timeout_ms=0 if first else timeout,
                # A restart knows no room state: ask for all of it along with the gap.
                full_state=first and token is not None,
                sync_filter=self._filter(first=first),
            )
        )
        stop = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait({poll, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
        if not poll.done():
            poll.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poll
            return None
        response = poll.result()
        self._log.debug(
            "sync answered in %.0f ms (timeout %d ms)",
            (asyncio.get_running_loop().time() - started) * 1000,
            timeout,
        )
        return response

    def _filter(self, *, first: bool = False) -> dict[str, Any]:
        extra = {}
        if first:
            # Synapse answers a /sync identical to one of the last 2 minutes from its response
            # cache: a restart would get the previous start's view of the rooms (without the
            # ones just joined). A mark of this start makes the first request its own.
            extra[_START_MARK] = uuid.uuid4().hex
        return {
            **extra,
            "room": {
                "timeline": {"limit": self._timeline_limit},
                "ephemeral": {"types": []},
                "account_data": {"types": []},
            },
            "presence": {"types": []},
            "account_data": {"types": []},
        }
