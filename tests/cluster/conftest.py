"""Cluster fixtures: a real redis-server and a real PostgreSQL, started by the suite."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from support.postgres import PostgresServer
from support.redis import RedisServer


@pytest.fixture
async def postgres_url(postgres_server: PostgresServer) -> AsyncIterator[str]:
    """A fresh database on the session's PostgreSQL, dropped after the test."""
    name = await postgres_server.create_database()
    yield postgres_server.url(name)
    await postgres_server.drop_database(name)


@pytest.fixture
def redis_url(request: pytest.FixtureRequest) -> str:
    """A state URL on the session's redis-server, its keys under a prefix of this test's own."""
    server: RedisServer = request.getfixturevalue("redis_server")
    return f"{server.url()}?prefix=t{uuid.uuid4().hex}"
