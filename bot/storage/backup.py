"""Copy a live SQLite database (or the journal) to a consistent file, while the bot writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: Pages copied per step: small steps let the bot's writes go in between.
STEP_PAGES = 256


def sqlite_backup(source: Path, target: Path) -> None:
    """Copy `source` to `target` with SQLite's online backup API (a consistent snapshot).

    The copy restarts by itself if the bot writes during it, and ends on one committed
    state; the bot is never stopped. Run it off the event loop (asyncio.to_thread).
    """
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
        src.backup(dst, pages=STEP_PAGES)
    src.close()
    dst.close()
    # Renamed only when complete: a backup file is never half written.
    partial.replace(target)
