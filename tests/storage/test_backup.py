"""An online SQLite backup taken while the bot writes holds a verifiable evidence chain."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.storage import NewAction, NewCase, Storage
from bot.storage.backup import sqlite_backup

START = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


async def record(storage: Storage, i: int) -> None:
    at = START + timedelta(seconds=i)
    case = NewCase(
        community="demo", kind="auto", action="delete", user_id=f"u{i % 7}", created_at=at
    )
    action = NewAction(kind="delete", payload={"message_id": f"m{i}"}, next_attempt_at=at)
    await storage.record_incident(case, {"message_id": f"m{i}", "text": "x" * 500}, [action])


async def test_backup_while_writing_verifies(tmp_path: Path) -> None:
    db, copy = tmp_path / "vigie.db", tmp_path / "backup.db"
    async with await Storage.open(f"sqlite:///{db}") as storage:
        await asyncio.gather(*(record(storage, i) for i in range(50)))
        writer = asyncio.gather(*(record(storage, i) for i in range(50, 150)))
        await asyncio.sleep(0.05)  # the writes are under way
        await asyncio.to_thread(sqlite_backup, db, copy)
        await writer
        total = len(await storage.evidence())
    async with await Storage.open(f"sqlite:///{copy}") as restored:
        report = await restored.verify_evidence()
        saved = len(await restored.evidence())
        cases = await restored.list_cases("demo", limit=1000)
    assert report.ok, report.reason
    assert 50 <= saved <= total == 150
    assert len(cases) == saved  # one consistent state: each case with its evidence
    assert not copy.with_name("backup.db.partial").exists()
