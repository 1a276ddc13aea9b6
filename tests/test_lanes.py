"""Lanes: background work that closing waits for, within a bound, then cancels."""

from __future__ import annotations

import asyncio
import logging

from bot.executor.lanes import Lanes


async def test_closing_lets_background_work_finish_and_cancels_what_runs_too_long():
    background = Lanes(logging.getLogger("test"))
    finished: list[str] = []

    async def quick() -> None:
        await asyncio.sleep(0.01)
        finished.append("quick")

    async def stuck() -> None:
        await asyncio.sleep(60)
        finished.append("stuck")

    background.spawn("buttons", quick())
    background.spawn("policies", stuck())
    started = asyncio.get_running_loop().time()
    assert not await background.join(within=0.2)
    await background.cancel()
    assert asyncio.get_running_loop().time() - started < 5
    assert finished == ["quick"]
    assert await background.join(within=0.2)  # nothing left in flight: returns at once
