"""The latency bench's CPU accounting: a process alone, or with its children when asked."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.synapse_latency.cpu import cpu_seconds

BURN = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\n"

#: The resolution of the kernel's CPU counters: two readings may round apart by this much.
TICK = 1 / os.sysconf("SC_CLK_TCK")

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def test_a_child_burning_cpu_counts_only_when_children_are_asked_for() -> None:
    child = subprocess.Popen([sys.executable, "-c", BURN + "time.sleep(30)"])
    try:
        deadline = time.monotonic() + 20
        while (cpu_seconds(child.pid) or 0.0) < 0.3 and time.monotonic() < deadline:
            time.sleep(0.05)
        alone = cpu_seconds(child.pid)
        # Our own time only grows: read it alone first, so the difference cannot fall short.
        without = cpu_seconds(os.getpid())
        with_children = cpu_seconds(os.getpid(), children=True)
        assert alone is not None
        assert alone >= 0.3
        assert with_children is not None
        assert without is not None
        assert with_children - without >= 0.3 - TICK
    finally:
        child.kill()
        child.wait()


def test_a_process_that_is_gone_has_no_figure() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert cpu_seconds(child.pid) is None
