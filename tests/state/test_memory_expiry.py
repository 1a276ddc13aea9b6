"""MemoryState lets go of expired windows and flags: hours of traffic hold no more than one."""

from __future__ import annotations

import gc
import tracemalloc
from datetime import timedelta

from bot.state import MemoryState
from tests.support.messages import T0

WINDOW = timedelta(seconds=30)
TTL = timedelta(minutes=5)


async def traffic(state: MemoryState, start: timedelta, minutes: int, rate: int = 10) -> int:
    """Post `rate` messages a second, each with keys of its own as per-message state has;
    return the most keys held at once."""
    most = 0
    for i in range(minutes * 60 * rate):
        at = T0 + start + timedelta(seconds=i / rate)
        message = f"{start.total_seconds():.0f}-{i}"
        await state.hit(f"c:burst:{message}", at, WINDOW, "m")
        await state.put(f"c:msg:{message}", "author", at, TTL)
        if i % 600 == 0:
            most = max(most, state.size())
    return max(most, state.size())


async def test_expired_windows_and_flags_are_dropped() -> None:
    state = MemoryState()
    for i in range(1_000):
        await state.hit(f"w{i}", T0, WINDOW, "x")
        await state.put(f"f{i}", "x", T0, TTL)
    for i in range(100):
        await state.put(f"forever{i}", "x", T0, None)
    assert state.size() == 2_100
    # Later traffic: a call past the sweep period drops every key that is due.
    await state.hit("late", T0 + TTL + timedelta(minutes=2), WINDOW)
    assert state.size() == 101
    assert await state.get("forever7", T0 + timedelta(days=400)) == "x"


async def test_a_window_lives_as_long_as_the_longest_span_asked() -> None:
    state = MemoryState()
    await state.hit("k", T0, WINDOW)
    await state.hit("k", T0, timedelta(minutes=10))
    await state.hit("other", T0 + timedelta(minutes=5), WINDOW)
    assert state.size() == 2  # k is kept: its ten-minute window still holds the hit
    await state.hit("other", T0 + timedelta(minutes=12), WINDOW)
    assert state.size() == 1


async def test_keys_held_level_off_however_long_the_traffic() -> None:
    state = MemoryState()
    first = await traffic(state, timedelta(0), minutes=20)
    second = await traffic(state, timedelta(minutes=20), minutes=20)
    # At most the last 5 minutes of flags and 30 s of windows, plus the sweep's slack
    # (a minute): far below the 24,000 keys each batch writes.
    bound = 10 * (5 * 60 + 30 + 2 * 60)
    assert first <= bound
    assert second <= bound


async def test_memory_levels_off_however_long_the_traffic() -> None:
    state = MemoryState()
    await traffic(state, timedelta(0), minutes=10, rate=2)  # past every window: the level
    gc.collect()
    tracemalloc.start()
    try:
        await traffic(state, timedelta(minutes=10), minutes=10, rate=2)
        gc.collect()
        after_one, _ = tracemalloc.get_traced_memory()
        await traffic(state, timedelta(minutes=20), minutes=30, rate=2)
        gc.collect()
        after_four, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Three times the traffic again: what is held grows by little (heaps rebuilt lazily),
    # not threefold.
    assert after_four < after_one * 1.5 + 200_000


async def test_a_window_of_one_hit_is_small() -> None:
    # Most windows hold one or two hits (one per member and room): each must cost a few
    # hundred bytes with its key's bookkeeping, not the kilobyte a deque per window took.
    state = MemoryState()
    keys = [f"c:spam:u{i}" for i in range(10_000)]
    gc.collect()
    tracemalloc.start()
    try:
        for key in keys:
            await state.hit(key, T0, WINDOW)
        gc.collect()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert held / len(keys) < 400
    assert [await state.hit(key, T0 + timedelta(seconds=1), WINDOW) for key in keys[:3]] == [2] * 3


async def test_a_long_window_drops_its_oldest_hits_as_it_goes() -> None:
    # Many hits go through one window: entries leave from the front, counts stay exact.
    state = MemoryState()
    window = timedelta(seconds=10)
    for i in range(2_000):
        count = await state.hit("busy", T0 + timedelta(seconds=i / 10), window, f"v{i}")
        assert count == min(i + 1, 100)
    recent = await state.recent("busy", T0 + timedelta(seconds=199.9), timedelta(seconds=1))
    assert recent == [f"v{i}" for i in range(1_990, 2_000)]
