"""Storage fixtures: every contract test runs on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.storage import Storage


@pytest.fixture
async def storage(storage_url: str) -> AsyncIterator[Storage]:
    """Open the test's database (`storage_url`: one SQLite, one PostgreSQL)."""
    async with await Storage.open(storage_url) as opened:
        yield opened
