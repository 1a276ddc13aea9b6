"""A throwaway PostgreSQL cluster for tests (binaries on PATH), and fresh-database fixtures."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

USER = "vigie"
# Durability is pointless for a cluster deleted at the end of the run.
FAST = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """Run one PostgreSQL cluster in a temp dir and hand out fresh databases."""

    def __init__(self) -> None:
        self.root: Path | None = None
        self.port: int | None = None

    @staticmethod
    def missing() -> str | None:
        """Say why no server can be started here, or None if it can."""
        absent = [name for name in ("initdb", "pg_ctl") if shutil.which(name) is None]
        if absent:
            return f"PostgreSQL server binaries not on PATH: {', '.join(absent)}"
        return None

    @property
    def data(self) -> Path:
        assert self.root is not None, "start() the server first"
        return self.root / "data"

    def _run(self, *args: str) -> None:
        # The server refuses to run as root, so root hands it to the postgres user.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run([*prefix, *args], check=False, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:1])} failed: {done.stderr or done.stdout}")

    def start(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="vigie-pg-"))
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> None:
        assert self.root is not None
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", USER,
            "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip
        log = self.root / "server.log"
        for attempt in range(3):
            self.port = _free_port()
            options = f"-k {self.root} -p {self.port} -h 127.0.0.1 {FAST}"
            try:
                self._run(
                    "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(log), "-w", "start"
                )
            except RuntimeError as err:
                # Another process may have taken the port between probe and bind.
                if attempt == 2:
                    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                    raise RuntimeError(f"{err}\n{tail}") from err
            else:
                return

    def stop(self) -> None:
        if self.root is None:
            return
        with contextlib.suppress(RuntimeError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

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
