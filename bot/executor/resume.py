"""Finish, after a restart, the incidents the journal holds but the database does not."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.executor.automatic import AutomaticPath
from bot.executor.entries import call_of, note_attempt, untried
from bot.executor.retry import IN_FLIGHT_LEASE, Tally
from bot.storage import StorageConflict

#: How long written entries stay in the journal, so a redelivered event is still recognised.
KEEP_WRITTEN = timedelta(days=2)


class ResumePath(AutomaticPath):
    """Resume the journal on the first pass of the scheduler, before any new event."""

    async def run_due(self) -> int:
        """Finish what the journal holds from before this start, then retry due calls."""
        resumed = 0
        if not self._resumed:
            self._resumed = True
            resumed = await self.resume()
        return resumed + await super().run_due()

    async def resume(self) -> int:
        """Make the calls a crash cut short, write the records, post the reports; count them."""
        journal = self._recorder.journal
        entries = await journal.unwritten()
        mine = self._recorder.first_own_seq
        entries = [e for e in entries if mine is None or e.seq < mine]
        for entry in entries:
            body = entry.body
            tried = False
            for data in body["calls"]:
                if untried(data):
                    note_attempt(data, await self._try(call_of(data), 0))
                    tried = True
            if tried:
                await journal.update(entry.seq, body)
            try:
                applied = await asyncio.shield(self._recorder.write(entry.seq, entry.key, body))
            except StorageConflict:
                self._log.info("journal entry %s was recorded elsewhere", entry.key)
                continue
            await self._post_report(body, applied.pending, applied.case, Tally.empty())
        if entries:
            self._log.info("resumed %d incident(s) from the journal", len(entries))
        await self._release_reports()
        await journal.prune(self._clock.now() - KEEP_WRITTEN)
        return len(entries)

    async def _release_reports(self) -> None:
        """Post now, not when their lease ends, the reports a crash left unposted."""
        now = self._clock.now()
        recent = await self._recorder.journal.written_since(now - IN_FLIGHT_LEASE)
        keys = [e.body["report"]["dedupe"] for e in recent if e.body.get("report")]
        released = await self._storage.release(keys, now)
        if released:
            self._log.info("%d report(s) cut short by a stop are due now", released)
