"""Fault fixtures: a PostgreSQL cluster of the test's own, which the test may stop and restart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.localservers.postgres import LocalPostgres
from tests.support.postgres import USER


@pytest.fixture
def own_postgres() -> Iterator[LocalPostgres]:
    reason = LocalPostgres.missing(for_synapse=False)
    if reason is not None:
        pytest.skip(reason)
    server = LocalPostgres(user=USER)
    server.start()
    try:
        yield server
    finally:
        server.stop()
