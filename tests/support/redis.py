"""Redis fixtures: one throwaway redis-server per session, and a key prefix per test."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import pytest

from bot.localservers.redis import LocalRedis


@pytest.fixture(scope="session")
def redis_server() -> Iterator[LocalRedis]:
    """Start redis-server once per session; skip the tests needing it when it is absent."""
    reason = LocalRedis.missing()
    if reason is not None:
        pytest.skip(reason)
    server = LocalRedis()
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(OSError):
            server.stop()


@pytest.fixture
def redis_url(redis_server: LocalRedis) -> str:
    """Return a state URL on the session's redis-server, its keys under the test's own prefix."""
    return f"{redis_server.url()}?prefix=t{uuid.uuid4().hex}"
