"""The local journal: what the executor is about to do, on disk before it acts.

A SQLite file beside the bot, in WAL mode: once `append` returns, the entry survives SIGKILL
and power loss (that commit is fsynced); the updates that follow survive SIGKILL, and power
loss once the next append syncs the log (losing one only repeats a call or a write, both
harmless). One entry per incident, keyed by the event it answers,
updated as its calls are made, and marked written once its case and evidence are in the
database. Entries not yet written are what a restart resumes. The file is touched by one
worker thread only, so fsyncs never block the event loop.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.engine import make_url

from bot.storage.engine import is_memory
from bot.storage.errors import StorageConflict, StorageError, StorageUnavailable

T = TypeVar("T")

#: Journal files tried (`path`, `path-2`...) before giving up: one per live process.
_SIBLINGS = 16


class _Locked(Exception):
    """Say a journal file is held by a live process."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    written_at TEXT
);
CREATE INDEX IF NOT EXISTS ix_entries_unwritten ON entries (written_at, seq);
"""


class JournalConflict(StorageConflict):
    """Signal that an entry with this key is already in the journal (the event was handled)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """Hold one journal entry as read back."""

    seq: int
    key: str
    body: dict[str, Any]


def journal_path(storage_url: str, configured: str | None = None) -> str:
    """Return where the journal lives: as configured, else beside a SQLite database.

    An in-memory database gets an in-memory journal; a server database (PostgreSQL) a
    `vigie-journal.sqlite` file in the working directory unless one is configured.
    """
    if configured:
        return configured
    url = make_url(storage_url)
    if url.get_backend_name() != "sqlite":
        return "vigie-journal.sqlite"
    if is_memory(url) or url.database is None:
        return ":memory:"
    return f"{url.database}.journal"


class Journal:
    """Append, update and read back the incidents the executor is carrying out."""

    def __init__(self, path: str) -> None:
        #: The file in use: `path`, or `path-2`, `path-3`... when a live process holds it.
        self.path = path
        self._base = path
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vigie-journal")
        self._db: sqlite3.Connection | None = None
        self._closed = False

    @classmethod
    async def open(cls, path: str) -> Journal:
        """Open (creating if needed) the journal file at `path`, or the first free sibling."""
        journal = cls(path)
        await journal._run(lambda: journal._conn)
        return journal

    def _connect(self) -> sqlite3.Connection:
        """Take the first journal file no live process holds.

        Each process holds its journal locked, so another one never resumes (and repeats)
        its work in hand. A file found free belongs to no live process: what it holds is
        left over from a stop, and this process resumes it.
        """
        if self._base == ":memory:":
            return self._open_file(self._base)
        parent = Path(self._base).expanduser().parent
        if not parent.is_dir():
            msg = f"cannot open the journal: directory {parent} does not exist"
            raise StorageUnavailable(msg)
        for number in range(1, _SIBLINGS + 1):
            path = self._base if number == 1 else f"{self._base}-{number}"
            try:
                db = self._open_file(path)
            except _Locked:
                continue
            self.path = path
            return db
        msg = f"the journal {self._base} and its {_SIBLINGS - 1} siblings are all in use"
        raise StorageUnavailable(msg)

    @staticmethod
    def _open_file(path: str) -> sqlite3.Connection:
        # Autocommit: each statement is its own transaction; no wait for a held lock.
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=0)
        try:
            db.execute("PRAGMA locking_mode=EXCLUSIVE")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
        except sqlite3.OperationalError as err:
            db.close()
            if "locked" in str(err):
                raise _Locked(path) from err
            raise
        return db

    async def _run(self, job: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._worker, job)
        except sqlite3.IntegrityError as err:
            raise JournalConflict(str(err)) from err
        except sqlite3.Error as err:
            msg = f"journal {self.path}: {err}"
            raise StorageError(msg) from err

    @property
    def _conn(self) -> sqlite3.Connection:
        """Return the connection, opened on first use (always on the worker thread)."""
        if self._closed:
            raise StorageError("the journal is closed")
        if self._db is None:
            self._db = self._connect()
        return self._db

    async def append(self, key: str, body: dict[str, Any], at: datetime) -> int:
        """Write a new entry durably and return its sequence number; JournalConflict if known."""
        text = json.dumps(body, ensure_ascii=False)

        def job() -> int:
            db = self._conn
            # This commit alone is fsynced: the evidence is on disk before the deletion.
            db.execute("PRAGMA synchronous=FULL")
            try:
                cursor = db.execute(
                    "INSERT INTO entries (key, body, created_at) VALUES (?, ?, ?)",
                    (key, text, at.isoformat()),
                )
            finally:
                db.execute("PRAGMA synchronous=NORMAL")
            return int(cursor.lastrowid or 0)

        return await self._run(job)

    async def update(self, seq: int, body: dict[str, Any]) -> None:
        """Replace an entry's body durably."""
        text = json.dumps(body, ensure_ascii=False)
        await self._run(
            lambda: self._conn.execute("UPDATE entries SET body = ? WHERE seq = ?", (text, seq))
        )

    async def mark_written(self, seq: int, at: datetime) -> None:
        """Note that the entry is in the database: a restart leaves it alone."""
        await self._run(
            lambda: self._conn.execute(
                "UPDATE entries SET written_at = ? WHERE seq = ?", (at.isoformat(), seq)
            )
        )

    async def unwritten(self) -> list[Entry]:
        """Return the entries not yet in the database, oldest first."""

        def job() -> list[Entry]:
            rows = self._conn.execute(
                "SELECT seq, key, body FROM entries WHERE written_at IS NULL ORDER BY seq"
            ).fetchall()
            return [Entry(seq, key, json.loads(body)) for seq, key, body in rows]

        return await self._run(job)

    async def written_since(self, at: datetime) -> list[Entry]:
        """Return the entries marked written at or after `at`, oldest first."""

        def job() -> list[Entry]:
            rows = self._conn.execute(
                "SELECT seq, key, body FROM entries WHERE written_at >= ? ORDER BY seq",
                (at.isoformat(),),
            ).fetchall()
            return [Entry(seq, key, json.loads(body)) for seq, key, body in rows]

        return await self._run(job)

    async def prune(self, before: datetime) -> int:
        """Drop written entries created before `before`; return how many went.

        Written entries are kept a while so a redelivered event is still recognised.
        """
        return await self._run(
            lambda: (
                self._conn.execute(
                    "DELETE FROM entries WHERE written_at IS NOT NULL AND created_at < ?",
                    (before.isoformat(),),
                ).rowcount
            )
        )

    async def close(self) -> None:
        """Close the file and stop the worker thread."""
        if self._closed:
            return
        self._closed = True
        if self._db is not None:
            db, self._db = self._db, None
            await asyncio.get_running_loop().run_in_executor(self._worker, db.close)
        self._worker.shutdown(wait=True)
