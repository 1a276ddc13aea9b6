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


async def test_a_lane_runs_its_jobs_in_order_after_a_failure(caplog):
    lanes = Lanes(logging.getLogger("test.lanes"))
    done: list[str] = []

    async def fails() -> None:
        await asyncio.sleep(0.01)
        raise RuntimeError("first batch")

    async def after() -> None:
        done.append("second")

    first = lanes.run("room", fails)
    second = lanes.run("room", after)
    await asyncio.wait({first, second})
    assert done == ["second"]
    assert isinstance(first.exception(), RuntimeError)
    assert "first batch" in caplog.text  # logged: nobody else reports it


async def test_lanes_whose_caller_reports_failures_log_none(caplog):
    lanes = Lanes(logging.getLogger("test.lanes"), log_failures=False)

    async def fails() -> None:
        raise RuntimeError("given up while stopping")

    task = lanes.run("room", fails)
    await asyncio.wait({task})
    assert isinstance(task.exception(), RuntimeError)  # still the caller's to see
    assert "given up" not in caplog.text
