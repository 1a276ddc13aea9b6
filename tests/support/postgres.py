"""A throwaway PostgreSQL cluster for tests, built from the server binaries on PATH."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

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
