"""The live run's scheduler: nothing reaches the platform before the adapter is connected."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.adapters.fake import FakeAdapter
from bot.runner import _tick


class CountingBot:
    """A bot whose scheduler passes are counted."""

    def __init__(self) -> None:
        self.passes = 0
        self.metrics = None

    async def tick(self) -> int:
        self.passes += 1
        return 0


async def test_work_left_by_a_previous_run_waits_for_the_connection_then_resumes_at_once():
    bot, ready = CountingBot(), asyncio.Event()
    task = asyncio.create_task(
        _tick(bot, logging.getLogger("t"), 3600, storage=None, ready=ready)  # type: ignore[arg-type]
    )
    await asyncio.sleep(0.05)
    assert bot.passes == 0  # not connected: a resumed deletion would fail or be lost
    ready.set()
    await asyncio.sleep(0.05)
    assert bot.passes == 1  # connected: resumed at once, not after the first period
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def test_an_adapter_with_no_connection_lets_the_scheduler_run_at_once():
    bot, ready = CountingBot(), FakeAdapter().ready
    task = asyncio.create_task(
        _tick(bot, logging.getLogger("t"), 3600, storage=None, ready=ready)  # type: ignore[arg-type]
    )
    await asyncio.sleep(0.05)
    assert bot.passes == 1
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
