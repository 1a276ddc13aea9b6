"""The Matrix throttle: rate limits waited out per limiter, one caller at a time, bounded."""

from __future__ import annotations

import asyncio

import pytest

from bot.adapters.base import RateLimited, Unavailable
from bot.adapters.matrix.throttle import MESSAGES, REDACTIONS, Throttle


class Server:
    """A fake endpoint that refuses the first `refusals` calls with a retry hint."""

    def __init__(self, refusals: int, retry_after: float | None = 0.05) -> None:
        self.refusals = refusals
        self.retry_after = retry_after
        self.calls = 0
        self.in_flight = 0
        self.most_in_flight = 0

    async def call(self) -> str:
        self.calls += 1
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0.001)
            if self.refusals > 0:
                self.refusals -= 1
                raise RateLimited("M_LIMIT_EXCEEDED", retry_after=self.retry_after)
            return "ok"
        finally:
            self.in_flight -= 1


async def test_a_rate_limit_is_waited_out_and_the_call_made_once_it_passes():
    server = Server(refusals=2)
    throttle = Throttle()
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await throttle.run(MESSAGES, server.call) == "ok"
    assert server.calls == 3
    assert loop.time() - started >= 0.1  # two waits of the server's retry_after
    assert throttle.limited == {MESSAGES: 2}


async def test_while_limited_callers_queue_one_at_a_time_and_none_is_lost():
    server = Server(refusals=3)
    throttle = Throttle()
    results = await asyncio.gather(*(throttle.run(MESSAGES, server.call) for _ in range(10)))
    assert results == ["ok"] * 10
    assert server.calls == 13  # ten successes, three refusals: no call made twice after success


async def test_limiters_are_apart_a_held_back_one_does_not_stop_the_other():
    slow, fast = Server(refusals=1, retry_after=0.5), Server(refusals=0)
    throttle = Throttle()
    held = asyncio.create_task(throttle.run(REDACTIONS, slow.call))
    await asyncio.sleep(0.01)
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await throttle.run(MESSAGES, fast.call) == "ok"
    assert loop.time() - started < 0.2
    assert await held == "ok"


async def test_past_its_patience_the_rate_limit_goes_to_the_caller():
    server = Server(refusals=5, retry_after=1.0)
    throttle = Throttle(patience=0.5)
    with pytest.raises(RateLimited):
        await throttle.run(MESSAGES, server.call)
    assert server.calls == 1
    # The next caller does not hammer the server meanwhile: it is told at once.
    with pytest.raises(RateLimited):
        await throttle.run(MESSAGES, server.call)
    assert server.calls == 1


async def test_stopping_ends_the_wait_with_the_rate_limit():
    server = Server(refusals=5, retry_after=5.0)
    stopping = asyncio.Event()
    throttle = Throttle(stopping=stopping)
    first = asyncio.create_task(throttle.run(MESSAGES, server.call))
    await asyncio.sleep(0.05)
    stopping.set()
    with pytest.raises(RateLimited):
        await asyncio.wait_for(first, 1.0)


async def test_other_failures_pass_through_untouched():
    throttle = Throttle()

    async def down() -> None:
        raise Unavailable("connection refused")

    with pytest.raises(Unavailable):
        await throttle.run(MESSAGES, down)
    assert throttle.limited == {}
