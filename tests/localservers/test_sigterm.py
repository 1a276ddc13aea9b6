"""A test run stopped with SIGTERM still tears its session fixtures down."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SUITE = """\
import time
from pathlib import Path

import pytest

MARKS = Path(__file__).parent


@pytest.fixture(scope="session")
def server():
    yield
    (MARKS / "stopped").write_text("yes")


def test_waits(server):
    (MARKS / "started").write_text("yes")
    time.sleep(60)
"""


def test_sigterm_runs_the_session_teardown(tmp_path: Path) -> None:
    (tmp_path / "test_slow.py").write_text(SUITE)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "tests.support.signals",
        "-p",
        "no:cacheprovider",
    ]
    run = subprocess.Popen(
        [*command, "test_slow.py"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "started").exists():
            assert run.poll() is None, run.communicate()[0].decode()
            assert time.monotonic() < deadline, "the inner test never started"
            time.sleep(0.05)
        run.send_signal(signal.SIGTERM)
        output = run.communicate(timeout=30)[0].decode()
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert (tmp_path / "stopped").exists(), output
    assert run.returncode != 0
