"""The small values adapters keep: namespaced in the database, in memory without one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.adapters.values import StoredValues
from bot.clock import ManualClock
from bot.storage import Storage

T0 = datetime(2026, 11, 30, tzinfo=UTC)


async def test_values_of_two_prefixes_never_meet_and_survive_a_reopening(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'vigie.db'}"
    async with await Storage.open(url) as storage:
        matrix = StoredValues(storage, "matrix:@vigie:example.org:", ManualClock(T0))
        discord = StoredValues(storage, "discord:", ManualClock(T0))
        await matrix.set("next_batch", "s42")
        await discord.set("next_batch", "other")
        assert await matrix.get("next_batch") == "s42"
        assert await discord.get("next_batch") == "other"
        assert await matrix.get("device_id") is None
    async with await Storage.open(url) as storage:
        again = StoredValues(storage, "matrix:@vigie:example.org:", ManualClock(T0))
        assert await again.get("next_batch") == "s42"
        assert await storage.get_value("matrix:@vigie:example.org:next_batch") == "s42"


async def test_without_a_database_values_live_in_memory_for_the_process():
    values = StoredValues(None, "discord:", ManualClock(T0))
    assert await values.get("lockdown:1") is None
    await values.set("lockdown:1", '{"room": "1"}')
    assert await values.get("lockdown:1") == '{"room": "1"}'
    assert await StoredValues(None, "discord:", ManualClock(T0)).get("lockdown:1") is None
