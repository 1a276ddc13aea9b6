"""A Vigie process for the crash tests: a stream in, platform calls to a file, a crash point.

Run: python crashbot.py CONFIG PLATFORM_LOG [CRASH_AT]

It feeds the same stream every time (as a sync from the last saved token redelivers what
was not confirmed), through the real engine and executor, on an adapter that appends each
call to PLATFORM_LOG (unbuffered, so a SIGKILL loses nothing written). CRASH_AT is
`kind:n`: SIGKILL this process at the n-th call of that kind, before it is made — `delete`
(journaled, not yet deleted), `timeout` (deleted, case not yet written), or `write` (all
calls made, case not yet written).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.adapters.fake import FakeAdapter
from bot.app import build_engine, build_services
from bot.clock import SystemClock
from bot.config import load_config
from bot.events import MessageCreated
from bot.executor import Executor
from bot.registry import load_plugins
from bot.storage import Applied, NewAction, NewCase, Storage
from tests.support.messages import make_message

START = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
MESSAGES = 30


def stream() -> list[MessageCreated]:
    """Return the stream: every third message is an insult; three members take turns."""
    return [
        make_message(
            "espèce de connard" if i % 3 == 0 else "salut",
            community="demo",
            room="general",
            ts=START + timedelta(seconds=i),
            member=f"member{i % 4}",
            message_id=f"m{i}",
        )
        for i in range(MESSAGES)
    ]


class Crash:
    """Kill the process at the n-th occurrence of one kind of step."""

    def __init__(self, spec: str | None) -> None:
        kind, _, nth = (spec or ":0").partition(":")
        self.kind, self.nth = kind, int(nth)
        self.seen: Counter[str] = Counter()

    def step(self, kind: str) -> None:
        """Count a step; die here if it is the chosen one."""
        self.seen[kind] += 1
        if kind == self.kind and self.seen[kind] == self.nth:
            os.kill(os.getpid(), signal.SIGKILL)


class LoggingAdapter(FakeAdapter):
    """Append every call to a file, as the platform would keep it.

    Like a real platform, it takes a repeated deletion or mute as a no-op (Discord answers
    404, Matrix deduplicates a redaction by its transaction id): the log marks it `again`.
    """

    def __init__(self, log: Path, crash: Crash) -> None:
        super().__init__()
        self._done = {_identity(json.loads(line)) for line in _lines(log)}
        self._file = log.open("ab", buffering=0)
        self._crash = crash

    def _record(self, kind: str, community: str, **args: Any) -> None:
        self._crash.step(kind)
        super()._record(kind, community, **args)
        line: dict[str, Any] = {"kind": kind, **{k: str(v) for k, v in args.items()}}
        identity = _identity(line)
        line["again"] = identity in self._done
        self._done.add(identity)
        self._file.write((json.dumps(line) + "\n").encode())


def _lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def _identity(line: dict[str, Any]) -> str:
    """Name what a call does, so the same effect twice is recognised."""
    fields = {k: v for k, v in line.items() if k not in ("again", "reason")}
    return json.dumps(fields, sort_keys=True)


class CrashingStorage(Storage):
    """Storage that may die just before writing a journal entry to the database."""

    crash: Crash

    async def apply_entry(
        self,
        key: str,
        case: NewCase,
        evidence: dict[str, Any] | None,
        actions: Sequence[NewAction],
        notes: Sequence[tuple[str, str]] = (),
        *,
        at: datetime,
    ) -> Applied:
        """Write the entry, unless this is the crash point."""
        self.crash.step("write")
        return await super().apply_entry(key, case, evidence, actions, notes, at=at)


async def main(config_path: Path, platform_log: Path, crash_at: str | None) -> None:
    """Resume what the journal holds, then handle the stream."""
    registry = load_plugins()
    config = load_config(config_path, registry)
    crash = Crash(crash_at)
    log = logging.getLogger("crashbot")
    clock = SystemClock()
    storage = await CrashingStorage.open(config.model.storage)
    storage.crash = crash
    adapter = LoggingAdapter(platform_log, crash)
    engine = build_engine(config, registry, build_services(config, clock=clock, logger=log))
    executor = Executor(config, storage, adapter, effects={}, clock=clock, logger=log)
    executor.background = True
    try:
        await executor.run_due()
        for event in stream():
            plan = await engine.handle(event)
            await executor.execute(plan)
        await executor.settle(30)
    finally:
        await executor.close()
        await storage.close()
    sys.stdout.write("done\n")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(
        main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
    )
