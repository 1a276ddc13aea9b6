"""Describe the machine a bench ran on, so figures from two machines are never compared."""

from __future__ import annotations

import os
import platform
from pathlib import Path

CPUINFO = Path("/proc/cpuinfo")


def processor(cpuinfo: Path = CPUINFO) -> str:
    """Return the processor's model name, or the architecture where the system gives none."""
    # platform.processor() is empty on most Linux systems; the kernel's table names the model.
    try:
        lines = cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return platform.machine()
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip() == "model name" and value.strip():
            return value.strip()
    return platform.machine()


def describe() -> dict[str, object]:
    """Return the load, interpreter, architecture, processor and core count of this machine."""
    return {
        "loadavg": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpu": processor(),
        "cpus": os.cpu_count(),
    }
