"""Give each local server a directory its owner holds, and reap those of owners that died.

A run stopped by SIGKILL or a timeout never reaches its `stop()`: its PostgreSQL, Redis or
Synapse would keep running, and their files stay in the temp dir. Each server directory
records the process that owns it; the next start of any local server stops the processes
working in directories whose owner is gone (their working directory is inside: the servers
chdir there) and removes those directories.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

import psutil

#: Temp directories of local servers start with this.
PREFIX = "vigie-"
#: Written in a server directory: the PID and start time of the process that owns it.
OWNER = ".vigie-owner"
#: Seconds a reaped server gets to stop on SIGTERM before SIGKILL.
GRACE = 5.0


def lease(kind: str, *, logger: logging.Logger | None = None) -> Path:
    """Reap the directories of dead owners, then create a new one held by this process."""
    base = Path(tempfile.gettempdir())
    reap(base, logger=logger or logging.getLogger(__name__))
    root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{kind}-", dir=base))
    me = psutil.Process()
    (root / OWNER).write_text(f"{me.pid} {me.create_time()}\n")
    return root


def reap(base: Path, *, logger: logging.Logger) -> list[Path]:
    """Stop the servers of every leased directory under `base` whose owner died; remove it."""
    orphans = [root for root in base.glob(f"{PREFIX}*") if _orphaned(root)]
    if not orphans:
        return []
    for process in _working_in(orphans):
        logger.warning("stopping leftover server %s (pid %d)", process.name(), process.pid)
        with contextlib.suppress(psutil.Error):
            process.terminate()
    _, alive = psutil.wait_procs(_working_in(orphans), timeout=GRACE)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    for root in orphans:
        shutil.rmtree(root, ignore_errors=True)
    return orphans


def _orphaned(root: Path) -> bool:
    """Say whether `root` was leased by a process that no longer runs."""
    try:
        pid, started = (root / OWNER).read_text().split()
        owner = psutil.Process(int(pid))
        # A PID may have been given to another process since: the start time tells.
        return abs(owner.create_time() - float(started)) > 1.0
    except (OSError, ValueError):
        return False  # not a leased directory, or one still being written
    except psutil.NoSuchProcess:
        return True
    except psutil.Error:
        return False  # an owner we may not inspect is not known to be dead


def _working_in(roots: list[Path]) -> list[psutil.Process]:
    """Return the processes whose working directory is inside one of `roots`."""
    inside = [str(root) + os.sep for root in roots]
    found = []
    for process in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            cwd = process.cwd() + os.sep
            if any(cwd.startswith(prefix) for prefix in inside):
                found.append(process)
    return found
