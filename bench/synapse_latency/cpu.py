"""Read the CPU time processes spent, and the load, from /proc (Linux)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def loadavg() -> list[float]:
    """Return the 1, 5 and 15 minute load averages."""
    return [round(x, 2) for x in os.getloadavg()]


def cpu_seconds(pid: int, *, children: bool = False) -> float | None:
    """Return a process's CPU time (user + system, s), with its live children's if asked.

    Read from /proc (Linux); None where it cannot be read.
    """
    tick = os.sysconf("SC_CLK_TCK")

    def stat(one: int | str) -> list[str]:
        # The command name may hold spaces: the fields that matter follow its closing ")".
        return Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()

    def used(fields: list[str]) -> float:
        return (int(fields[11]) + int(fields[12])) / tick

    try:
        total = used(stat(pid))
    except (OSError, IndexError, ValueError):
        return None
    if children:
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    fields = stat(entry.name)
                    if int(fields[1]) == pid:
                        total += used(fields)
    return total


def cpu_snapshot(processes: dict[str, tuple[int, bool]]) -> dict[str, float | None]:
    """Return the CPU time of each named process (pid, children included or not)."""
    return {name: cpu_seconds(pid, children=kids) for name, (pid, kids) in processes.items()}
