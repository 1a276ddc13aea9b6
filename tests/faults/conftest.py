"""Fault fixtures: a PostgreSQL cluster of the test's own, which the test may stop and restart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.postgres import FAST, PostgresServer


class PausablePostgres(PostgresServer):
    """A cluster that can be stopped and started again on the same port, data kept."""

    def pause(self) -> None:
        """Stop the server as an outage would (connections cut), keeping its data."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start the server again where it was."""
        assert self.root is not None
        options = f"-k {self.root} -p {self.port} -h 127.0.0.1 {FAST}"
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")


@pytest.fixture
def own_postgres() -> Iterator[PausablePostgres]:
    reason = PausablePostgres.missing()
    if reason is not None:
        pytest.skip(reason)
    server = PausablePostgres()
    server.start()
    try:
        yield server
    finally:
        server.stop()
