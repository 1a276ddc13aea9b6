"""Write journal entries to the database in the order they are handed over, exactly once.

One writer task applies the entries one by one. While the database is away it waits and
tries the same entry again (with backoff), so nothing is skipped or reordered, and the
evidence chain grows in the same order as the journal hands entries over.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.executor.entries import actions_of, case_from
from bot.storage import Applied, StorageUnavailable

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.storage import Storage
    from bot.storage.journal import Journal

#: Seconds between two tries of an entry while the database is away: first, then at most.
RETRY_FIRST = 0.2
RETRY_MAX = 5.0


@dataclass(slots=True)
class _Job:
    seq: int
    key: str
    body: dict[str, Any]
    done: asyncio.Future[Applied] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class Recorder:
    """Hand journal entries to the database, one at a time, in order."""

    def __init__(
        self, journal: Journal, storage: Storage, clock: Clock, logger: logging.Logger
    ) -> None:
        self.journal = journal
        self._storage = storage
        self._clock = clock
        self._log = logger
        self._queue: asyncio.Queue[_Job] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None
        self.backlog = 0
        #: Set from a failed write until the next one succeeds: the database is away.
        self.away = asyncio.Event()
        #: The first entry this process journaled: older unwritten ones are a restart's to resume.
        self.first_own_seq: int | None = None

    async def append(self, key: str, body: dict[str, Any], at: datetime) -> int:
        """Journal a new entry durably; JournalConflict if its key is already there."""
        seq = await self.journal.append(key, body, at)
        if self.first_own_seq is None:
            self.first_own_seq = seq
        return seq

    def write(self, seq: int, key: str, body: dict[str, Any]) -> asyncio.Future[Applied]:
        """Queue an entry for the database; the future gives what it wrote, once written."""
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._run(), name="vigie-journal-writer")
        job = _Job(seq, key, body)
        self.backlog += 1
        self._queue.put_nowait(job)
        return job.done

    async def _run(self) -> None:
        """Write the queued entries, then end: `write` starts a writer again when needed."""
        while not self._queue.empty():
            job = self._queue.get_nowait()
            try:
                applied = await self._apply(job)
            except Exception as err:  # noqa: BLE001 - handed to the waiter, who logs it
                # A bad entry must not stall every entry behind it.
                job.done.set_exception(err)
            else:
                job.done.set_result(applied)
            finally:
                self.backlog -= 1

    async def _apply(self, job: _Job) -> Applied:
        """Write one entry, waiting out an unavailable database; then mark it written."""
        delay = RETRY_FIRST
        away = False
        while True:
            now = self._clock.now()
            try:
                applied = await self._storage.apply_entry(
                    job.key,
                    case_from(job.body["case"]),
                    job.body.get("evidence"),
                    actions_of(job.body, now),
                    [tuple(note) for note in job.body.get("notes", ())],
                    at=now,
                )
            except StorageUnavailable as err:
                if not away:
                    self._log.warning(
                        "database unavailable, %d record(s) wait in the journal: %s",
                        self.backlog,
                        err,
                    )
                away = True
                self.away.set()
                await asyncio.sleep(delay)
                delay = min(RETRY_MAX, delay * 2)
                continue
            self.away.clear()
            if away:
                self._log.warning("database back: writing the journal's records")
            await self.journal.mark_written(job.seq, now)
            return applied

    async def written_or_away(self, tail: asyncio.Future[Any]) -> None:
        """Wait for `tail` (an entry's recording) unless, or until, the database is away."""
        if self.away.is_set():
            return
        away = asyncio.ensure_future(self.away.wait())
        try:
            await asyncio.wait({tail, away}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            away.cancel()

    async def close(self) -> None:
        """Stop the writer; entries not written stay in the journal for the next start."""
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
        await self.journal.close()
