"""A throwaway PostgreSQL cluster for tests (binaries on PATH), and fresh-database fixtures."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from bot.adapters.matrix.localpostgres import FAST, LocalPostgres

__all__ = ["FAST", "USER", "PostgresServer", "postgres_server"]

USER = "vigie"


class PostgresServer(LocalPostgres):
    """Run one PostgreSQL cluster in a temp dir and hand out fresh databases."""

    def __init__(self) -> None:
        super().__init__(user=USER)

    @staticmethod
    def missing(*, for_synapse: bool = False) -> str | None:
        """Say why no server can be started here, or None if it can."""
        return LocalPostgres.missing(for_synapse=for_synapse)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    async def _admin(self) -> asyncpg.Connection:
        return await asyncpg.connect(
            host="127.0.0.1", port=self.port, user=USER, database="postgres"
        )

    async def create_database(self) -> str:
        name = f"t_{uuid.uuid4().hex}"
        connection = await self._admin()
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        return name

    async def drop_database(self, name: str) -> None:
        connection = await self._admin()
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Start one PostgreSQL cluster per session; skip the tests needing it when it is absent."""
    reason = PostgresServer.missing()
    if reason is not None:
        pytest.skip(reason)
    server = PostgresServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def postgres_url(postgres_server: PostgresServer) -> AsyncIterator[str]:
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
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = await server.create_database()
    yield server.url(name)
    await server.drop_database(name)
