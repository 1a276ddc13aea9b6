"""The local journal: durable appends, one entry per key, read back after a reopen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.storage import StorageUnavailable
from bot.storage.journal import Journal, JournalConflict, journal_path

AT = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


async def test_entries_survive_a_reopen_until_written(tmp_path: Path) -> None:
    path = str(tmp_path / "journal.sqlite")
    journal = await Journal.open(path)
    first = await journal.append("k1", {"calls": [1]}, AT)
    second = await journal.append("k2", {"calls": [2]}, AT)
    await journal.update(first, {"calls": [1, "done"]})
    await journal.mark_written(second, AT)
    await journal.close()
    again = await Journal.open(path)
    try:
        (entry,) = await again.unwritten()
        assert (entry.seq, entry.key, entry.body) == (first, "k1", {"calls": [1, "done"]})
        assert [e.key for e in await again.written_since(AT)] == ["k2"]
        with pytest.raises(JournalConflict):
            await again.append("k2", {}, AT)  # a redelivered event is recognised
    finally:
        await again.close()


async def test_prune_drops_only_old_written_entries(tmp_path: Path) -> None:
    journal = await Journal.open(str(tmp_path / "j.sqlite"))
    try:
        old = await journal.append("old", {}, AT)
        await journal.append("old-unwritten", {}, AT)
        recent = await journal.append("recent", {}, AT + timedelta(days=3))
        await journal.mark_written(old, AT)
        await journal.mark_written(recent, AT + timedelta(days=3))
        assert await journal.prune(AT + timedelta(days=1)) == 1
        assert [e.key for e in await journal.unwritten()] == ["old-unwritten"]
        await journal.append("recent-2", {}, AT)
        with pytest.raises(JournalConflict):
            await journal.append("recent", {}, AT)
    finally:
        await journal.close()


def test_journal_lives_beside_a_sqlite_database() -> None:
    assert journal_path("sqlite+aiosqlite:////data/vigie.db") == "/data/vigie.db.journal"
    assert journal_path("sqlite+aiosqlite:///:memory:") == ":memory:"
    assert journal_path("postgresql+asyncpg://v@h/db") == "vigie-journal.sqlite"
    assert journal_path("postgresql+asyncpg://v@h/db", "/var/lib/j.sqlite") == "/var/lib/j.sqlite"


async def test_a_missing_directory_is_said_plainly(tmp_path: Path) -> None:
    with pytest.raises(StorageUnavailable, match=r"directory .* does not exist"):
        await Journal.open(str(tmp_path / "nowhere" / "j.sqlite"))


async def test_a_live_process_keeps_its_journal_to_itself(tmp_path: Path) -> None:
    path = str(tmp_path / "j.sqlite")
    first = await Journal.open(path)
    await first.append("in-hand", {}, AT)
    second = await Journal.open(path)  # another process at the same time: its own file
    try:
        assert second.path == f"{path}-2"
        assert await second.unwritten() == []
    finally:
        await second.close()
        await first.close()
    restarted = await Journal.open(path)  # the first one stopped: its work is resumed
    try:
        assert restarted.path == path
        assert [e.key for e in await restarted.unwritten()] == ["in-hand"]
    finally:
        await restarted.close()
