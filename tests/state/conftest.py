"""State fixtures: every contract test runs on MemoryState and on a real Redis server."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from bot.localservers.redis import LocalRedis
from bot.state import MemoryState, StateStore


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[StateStore]:
    if request.param == "memory":
        yield MemoryState()
        return
    # Looked up lazily so a memory-only run never starts redis-server.
    server: LocalRedis = request.getfixturevalue("redis_server")
    state = server.state(prefix=f"t{uuid.uuid4().hex}")  # each test its own namespace
    yield state
    await state.aclose()
