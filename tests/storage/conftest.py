"""Storage fixtures: every contract test runs on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from support.postgres import PostgresServer

from bot.storage import Storage


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def storage_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'vigie.db'}"
        return
    # Looked up lazily so a SQLite-only run never starts a PostgreSQL cluster.
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = await server.create_database()
    yield server.url(name)
    await server.drop_database(name)


@pytest.fixture
async def storage(storage_url: str) -> AsyncIterator[Storage]:
    async with await Storage.open(storage_url) as opened:
        yield opened
