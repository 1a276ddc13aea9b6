"""A throwaway redis-server for tests, on a free loopback port in a temp dir."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.state_redis import RedisState

#: Seconds to wait for the server to answer PING.
READY_TIMEOUT = 10.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pings(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """Run one redis-server, without persistence, for the whole test session."""

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
        self.root = Path(tempfile.mkdtemp(prefix="vigie-redis-"))
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> None:
        assert self.root is not None
        log = self.root / "server.log"
        for attempt in range(3):
            self.port = _free_port()
            with log.open("ab") as out:
                self._process = subprocess.Popen(
                    [
                        "redis-server",
                        "--port", str(self.port),
                        "--bind", "127.0.0.1",
                        "--save", "",
                        "--appendonly", "no",
                        "--dir", str(self.root),
                    ],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )  # fmt: skip
            deadline = time.monotonic() + READY_TIMEOUT
            while time.monotonic() < deadline and self._process.poll() is None:
                if _pings(self.port):
                    return
                time.sleep(0.02)
            # Another process may have taken the port between probe and bind.
            self._kill()
            if attempt == 2:
                tail = log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"redis-server did not answer PING:\n{tail}")

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
        self._kill()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def state(self, prefix: str) -> RedisState:
        """Return a store on this server, its keys under `prefix`."""
        return RedisState.from_url(self.url(), prefix=prefix)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """Start redis-server once per session; skip the tests needing it when it is absent."""
    reason = RedisServer.missing()
    if reason is not None:
        pytest.skip(reason)
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(OSError):
            server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """Return a state URL on the session's redis-server, its keys under the test's own prefix."""
    return f"{redis_server.url()}?prefix=t{uuid.uuid4().hex}"
