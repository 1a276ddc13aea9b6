"""Vigie under test: its own process, started as in production, and what it wrote down."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from bench.synapse_latency.community import Setup
from bench.synapse_latency.texts import VIOLATING
from bot.adapters.matrix.localsynapse import SynapseError
from bot.storage import Storage


def start_vigie(
    config_path: Path, token: str, log_path: Path, *, verbose: bool
) -> subprocess.Popen[bytes]:
    """Run `vigie run` in its own process, as in production."""
    env = {**os.environ, "VIGIE_MATRIX_TOKEN": token}
    with log_path.open("wb") as log:
        return subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "bot.cli",
                *(["-v"] if verbose else []),
                "run",
                "--config",
                str(config_path),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


async def _bot_everywhere(setup: Setup) -> bool:
    for room in [*setup.rooms, setup.management]:
        path = f"/_matrix/client/v3/rooms/{quote(room, safe='')}/joined_members"
        if setup.bot.user_id not in (await setup.owner.call("GET", path))["joined"]:
            return False
    return True


async def wait_vigie_ready(setup: Setup, vigie: subprocess.Popen[bytes], within: float) -> None:
    """Wait until Vigie removes a canary insult: then it syncs, decides and acts."""
    deadline = time.monotonic() + within
    room = setup.rooms[0]
    event_id = None
    while time.monotonic() < deadline:
        if vigie.poll() is not None:
            raise SynapseError("vigie exited during start")
        if event_id is None:
            if await _bot_everywhere(setup):
                await asyncio.sleep(2.0)  # the bot's sync moves past its own join
                event_id = await setup.canary.send(room, VIOLATING[0])
        elif await setup.canary.redacted(room, event_id):
            return
        await asyncio.sleep(0.3)
    raise SynapseError("vigie did not act on the canary in time")


async def cases_per_message(url: str, community: str) -> Counter[str]:
    """Count Vigie's (non dry-run) cases per message id, read from its SQLite file."""
    storage = await Storage.open(url, migrate=False)
    try:
        found = await storage.list_cases(community, limit=10_000_000)
    finally:
        await storage.close()
    return Counter(c.message_id for c in found if c.message_id and not c.dry_run)


_DELETED = re.compile(
    r"deleted (\S+): ([\d.]+) ms in the executor \(journal ([\d.]+) ms, deletion ([\d.]+) ms\),"
    r" ([\d.]+) ms after it was posted"
)


def vigie_times(log: Path, ids: set[str]) -> dict[str, list[float]]:
    """Return Vigie's own figures for these messages, read from its log (ms).

    `executor`: from the plan to Synapse's answer to the redaction; `journal`: the part
    spent journaling (fsync included); `deletion`: the redaction request; `origin`: from the
    message's origin timestamp to that answer (Synapse's delivery to Vigie included).
    """
    found: dict[str, list[float]] = {"executor": [], "journal": [], "deletion": [], "origin": []}
    for match in _DELETED.finditer(log.read_text(errors="replace")):
        if match.group(1) in ids:
            for name, value in zip(found, match.groups()[1:], strict=True):
                found[name].append(float(value))
    return found
