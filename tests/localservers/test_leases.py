"""Leased server directories: a killed run's servers are stopped and its files removed."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from bot.localservers.leases import OWNER, lease, reap
from bot.localservers.redis import LocalRedis
from tests.support.testbot import migrated_template

LOG = logging.getLogger("test")

# Started in a child that is then killed: its stop() never runs.
CHILD = """
import sys
from bot.localservers.redis import LocalRedis
server = LocalRedis()
server.start()
print(server.root, server.port, server._process.pid, flush=True)
sys.stdin.read()
"""


def test_a_live_owners_directory_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    root = lease("thing", logger=LOG)
    assert root.parent == tmp_path
    assert root.name.startswith("vigie-thing-")
    assert reap(tmp_path, logger=LOG) == []
    assert root.exists()


def test_directories_without_an_owner_record_are_left_alone(tmp_path: Path) -> None:
    unrelated = tmp_path / "vigie-someone-else"
    unrelated.mkdir()
    (tmp_path / "vigie-half-written").mkdir()
    (tmp_path / "vigie-half-written" / OWNER).write_text("")
    assert reap(tmp_path, logger=LOG) == []
    assert unrelated.exists()


def test_a_reused_pid_does_not_keep_a_dead_owners_directory(tmp_path: Path) -> None:
    root = tmp_path / "vigie-old"
    root.mkdir()
    # Our own PID, but a start time long before this process began: another process.
    (root / OWNER).write_text(f"{os.getpid()} 1000.0\n")
    assert reap(tmp_path, logger=LOG) == [root]
    assert not root.exists()


@pytest.mark.skipif(LocalRedis.missing() is not None, reason="redis-server not installed")
def test_a_killed_runs_server_is_stopped_and_its_directory_removed(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    )
    assert child.stdout is not None
    root, _port, pid = child.stdout.readline().decode().split()
    child.send_signal(signal.SIGKILL)
    child.wait()
    server = psutil.Process(int(pid))
    assert server.is_running()

    assert reap(tmp_path, logger=LOG) == [Path(root)]

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(server):
        time.sleep(0.05)
    assert not _alive(server)
    assert not Path(root).exists()


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


async def test_the_test_bots_database_template_is_leased() -> None:
    template = await migrated_template()
    assert template.is_file()
    assert (template.parent / OWNER).read_text().split()[0] == str(os.getpid())
