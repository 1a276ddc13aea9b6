"""Run a throwaway PostgreSQL cluster on loopback for the local Synapse, benches and tests.

The server binaries (`initdb`, `pg_ctl`) come from the system; they refuse to run as root,
so root hands them to the `postgres` account. Synapse talks to the cluster through psycopg2
(`psycopg2-binary`, in the `dev` extra).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bot.adapters.matrix.localsynapse import SynapseError, free_port

USER = "synapse"
# Durability is pointless for a cluster deleted at the end of the run.
FAST = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
_START_ATTEMPTS = 3


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
        if self.root is None:
            raise SynapseError("the cluster is not started")
        return self.root / "data"

    def start(self) -> None:
        """Create the cluster and start its server on a free port."""
        why = self.missing(for_synapse=False)
        if why:
            raise SynapseError(why)
        self.root = Path(tempfile.mkdtemp(prefix="vigie-synapse-pg-"))
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> None:
        root = self.root
        if root is None:
            raise SynapseError("the cluster is not started")
        if os.geteuid() == 0:
            shutil.chown(root, "postgres", "postgres")
        # C collation and UTF8: what Synapse requires of its database.
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", self.user,
            "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip
        log = root / "server.log"
        for attempt in range(_START_ATTEMPTS):
            self.port = free_port()
            options = f"-k {root} -p {self.port} -h 127.0.0.1 {FAST}"
            try:
                self._run(
                    "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(log), "-w", "start"
                )
            except SynapseError as err:
                # Another process may have taken the port between probe and bind.
                if attempt == _START_ATTEMPTS - 1:
                    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                    raise SynapseError(f"{err}\n{tail}") from err
            else:
                return

    def _run(self, *args: str) -> None:
        # The server refuses to run as root, so root hands it to the postgres account.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run(  # noqa: S603 - fixed binaries and arguments
            [*prefix, *args], check=False, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise SynapseError(f"{args[0]} failed: {done.stderr or done.stdout}")

    @property
    def pid(self) -> int:
        """Return the process ID of the server (its backends are its children)."""
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, IndexError, ValueError) as err:
            raise SynapseError("the cluster is not running") from err

    def synapse_database(self, connections: int = 10) -> dict[str, Any]:
        """Return the `database` section of homeserver.yaml pointing at this cluster."""
        if self.port is None:
            raise SynapseError("the cluster is not started")
        args = {
            "user": self.user,
            "database": "postgres",  # the cluster is Synapse's alone
            "host": "127.0.0.1",
            "port": self.port,
            "cp_min": min(5, connections),
            "cp_max": connections,
        }
        return {"name": "psycopg2", "args": args}

    def stop(self) -> None:
        """Stop the server at once and remove the cluster."""
        if self.root is None:
            return
        with contextlib.suppress(SynapseError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> LocalPostgres:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
