"""Run a throwaway PostgreSQL cluster on loopback for the storage tests, the benches and Synapse.

The server binaries (`initdb`, `pg_ctl`) come from the system; they refuse to run as root,
so root hands them to the `postgres` account. Synapse talks to the cluster through psycopg2
(`psycopg2-binary`, in the `dev` extra); Vigie through asyncpg.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import asyncpg

from bot.localservers.leases import lease
from bot.localservers.ports import start_on_free_port

USER = "synapse"
# Durability is pointless for a cluster deleted at the end of the run.
FAST = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


class PostgresServerError(RuntimeError):
    """Say that the local PostgreSQL cluster could not be created, started or stopped."""


class LocalPostgres:
    """Run one PostgreSQL cluster in a temp dir, bound to 127.0.0.1, trusting local clients."""

    def __init__(self, user: str = USER) -> None:
        self.user = user
        self.root: Path | None = None
        self.port: int | None = None

    @staticmethod
    def missing(*, for_synapse: bool = True) -> str | None:
        """Say why the cluster cannot run here (or Synapse cannot use it), or None when all can."""
        absent = [name for name in ("initdb", "pg_ctl") if shutil.which(name) is None]
        if absent:
            return f"PostgreSQL server binaries not on PATH: {', '.join(absent)}"
        if for_synapse and importlib.util.find_spec("psycopg2") is None:
            return "psycopg2 is not installed in this environment (pip install -e '.[dev]')"
        return None

    @property
    def data(self) -> Path:
        """Return the cluster's data directory."""
        return self._root / "data"

    @property
    def _root(self) -> Path:
        if self.root is None:
            raise PostgresServerError("the cluster is not started")
        return self.root

    def start(self) -> None:
        """Create the cluster and start its server on a free port."""
        why = self.missing(for_synapse=False)
        if why:
            raise PostgresServerError(why)
        self.root = lease("postgres")
        try:
            self._create()
            try:
                self.port = start_on_free_port(self._serve, PostgresServerError)
            except PostgresServerError as err:
                log = self._root / "server.log"
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise PostgresServerError(f"{err}\n{tail}") from err
        except BaseException:
            self.stop()
            raise

    def _create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self._root, "postgres", "postgres")
        # C collation and UTF8: what Synapse requires of its database.
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", self.user,
            "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip

    def _serve(self, port: int) -> None:
        self.port = port
        options = f"-k {self._root} -p {port} -h 127.0.0.1 {FAST}"
        log = str(self._root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def _run(self, *args: str) -> None:
        # The server refuses to run as root, so root hands it to the postgres account.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run(  # noqa: S603 - fixed binaries and arguments
            [*prefix, *args], check=False, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise PostgresServerError(f"{args[0]} failed: {done.stderr or done.stdout}")

    @property
    def pid(self) -> int:
        """Return the process ID of the server (its backends are its children)."""
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, IndexError, ValueError) as err:
            raise PostgresServerError("the cluster is not running") from err

    def url(self, database: str = "postgres") -> str:
        """Return the URL of a database of this cluster."""
        if self.port is None:
            raise PostgresServerError("the cluster is not started")
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    async def create_database(self) -> str:
        """Create a database with a fresh name and return the name."""
        name = f"t_{uuid.uuid4().hex}"
        connection = await self._admin()
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        return name

    async def drop_database(self, name: str) -> None:
        """Drop a database, cutting the connections still open on it."""
        connection = await self._admin()
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()

    async def _admin(self) -> asyncpg.Connection:
        return await asyncpg.connect(
            host="127.0.0.1", port=self.port, user=self.user, database="postgres"
        )

    def synapse_database(self, connections: int = 10) -> dict[str, Any]:
        """Return the `database` section of homeserver.yaml pointing at this cluster."""
        if self.port is None:
            raise PostgresServerError("the cluster is not started")
        args = {
            "user": self.user,
            "database": "postgres",  # the cluster is Synapse's alone
            "host": "127.0.0.1",
            "port": self.port,
            "cp_min": min(5, connections),
            "cp_max": connections,
        }
        return {"name": "psycopg2", "args": args}

    def pause(self) -> None:
        """Stop the server as an outage would (connections cut), keeping its data and port."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start the server again after `pause`, on the same port with the same data."""
        if self.port is None:
            raise PostgresServerError("the cluster is not started")
        self._serve(self.port)

    def stop(self) -> None:
        """Stop the server at once and remove the cluster."""
        if self.root is None:
            return
        with contextlib.suppress(PostgresServerError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> LocalPostgres:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
