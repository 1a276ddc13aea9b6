"""PostgreSQL fixtures: one throwaway cluster per session, and a fresh database per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.localservers.postgres import LocalPostgres

#: The cluster's superuser, whom the storage tests connect as.
USER = "vigie"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[LocalPostgres]:
    """Start one PostgreSQL cluster per session; skip the tests needing it when it is absent."""
    reason = LocalPostgres.missing(for_synapse=False)
    if reason is not None:
        pytest.skip(reason)
    server = LocalPostgres(user=USER)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def postgres_url(postgres_server: LocalPostgres) -> AsyncIterator[str]:
    """Yield a fresh database on the session's PostgreSQL, dropped after the test."""
    name = await postgres_server.create_database()
    yield postgres_server.url(name)
    await postgres_server.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def storage_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """Yield a fresh database of each kind Vigie runs on (a test may pick one, indirectly)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'vigie.db'}"
        return
    # Looked up lazily so a SQLite-only run never starts a PostgreSQL cluster.
    server: LocalPostgres = request.getfixturevalue("postgres_server")
    name = await server.create_database()
    yield server.url(name)
    await server.drop_database(name)
