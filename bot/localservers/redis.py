"""Run a throwaway redis-server on loopback, without persistence, for the Redis state tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

from bot.localservers.leases import lease
from bot.localservers.ports import start_on_free_port
from bot.state_redis import RedisState

#: Seconds to wait for the server to answer PING.
READY_TIMEOUT = 10.0


class RedisServerError(RuntimeError):
    """Say that the local redis-server could not be started."""


def _pings(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class LocalRedis:
    """Run one redis-server in a temp dir, bound to 127.0.0.1, keeping nothing on disk."""

    def __init__(self) -> None:
        self.root: Path | None = None
        self.port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def missing() -> str | None:
        """Say why no server can be started here, or None if it can."""
        if shutil.which("redis-server") is None:
            return (
                "redis-server not on PATH: install it (apt-get install -y redis-server; "
                ".ci/run does it when absent) to run the Redis state tests"
            )
        return None

    def start(self) -> None:
        """Start the server on a free port and wait until it answers PING."""
        self.root = lease("redis")
        try:
            try:
                self.port = start_on_free_port(self._serve, RedisServerError)
            except RedisServerError as err:
                tail = (self.root / "server.log").read_text(errors="replace")[-2000:]
                raise RedisServerError(f"{err}:\n{tail}") from err
        except BaseException:
            self.stop()
            raise

    def _serve(self, port: int) -> None:
        if self.root is None:
            raise RedisServerError("the server is not started")
        self.port = port
        command = [
            "redis-server",
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(self.root),
        ]  # fmt: skip
        with (self.root / "server.log").open("ab") as out:
            process = self._process = subprocess.Popen(  # noqa: S603 - fixed binary and arguments
                command, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline and process.poll() is None:
            if _pings(port):
                return
            time.sleep(0.02)
        self._kill()
        raise RedisServerError("redis-server did not answer PING")

    def _kill(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop(self) -> None:
        """Stop the server and remove its directory."""
        self._kill()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def url(self, db: int = 0) -> str:
        """Return the URL of one of the server's databases."""
        return f"redis://127.0.0.1:{self.port}/{db}"

    def state(self, prefix: str) -> RedisState:
        """Return a store on this server, its keys under `prefix`."""
        return RedisState.from_url(self.url(), prefix=prefix)
