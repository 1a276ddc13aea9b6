"""The StateStore contract: every test runs on MemoryState and on RedisState (conftest)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.state import StateStore
from tests.support.messages import T0

MINUTE = timedelta(minutes=1)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


async def test_counts_hits_within_the_window(store: StateStore) -> None:
    window = timedelta(seconds=10)
    counts = [await store.hit("k", at(s), window) for s in (0, 1, 2, 5)]
    assert counts == [1, 2, 3, 4]
    # At 11 s the window is (1 s, 11 s]: the hits at 0 s and 1 s have left it.
    assert await store.hit("k", at(11), window) == 3


async def test_window_start_is_exclusive(store: StateStore) -> None:
    window = timedelta(seconds=10)
    await store.hit("k", at(0), window)
    assert await store.hit("k", at(10), window) == 1
    assert await store.hit("k", at(10.5), window) == 2


async def test_recent_returns_values_oldest_first(store: StateStore) -> None:
    # Values keep any text: separators, newlines, accents, emoji, the empty string.
    values = ["m1\x1fbonjour", "a:b:c", "ligne\nsuivante", "été 🚀", ""]
    for i, value in enumerate(values):
        await store.hit("k", at(i), MINUTE, value)
    assert await store.recent("k", at(4), MINUTE) == values
    assert await store.recent("k", at(4), timedelta(seconds=2.5)) == values[2:]


async def test_same_value_at_the_same_time_counts_twice(store: StateStore) -> None:
    assert await store.hit("k", at(0), MINUTE, "same") == 1
    assert await store.hit("k", at(0), MINUTE, "same") == 2
    assert await store.recent("k", at(0), MINUTE) == ["same", "same"]


async def test_windows_expire_by_event_time(store: StateStore) -> None:
    window = timedelta(seconds=5)
    await store.hit("k", at(0), window, "old")
    await store.hit("k", at(1), window, "newer")
    assert await store.recent("k", at(5.5), window) == ["newer"]
    assert await store.recent("k", at(6), window) == []
    assert await store.hit("k", at(30), window, "fresh") == 1
    assert await store.recent("k", at(30), window) == ["fresh"]


async def test_recent_on_unknown_key_is_empty(store: StateStore) -> None:
    assert await store.recent("nobody", at(0), MINUTE) == []


async def test_the_longest_window_asked_is_kept(store: StateStore) -> None:
    # One key counted over 10 s and over 60 s (escalation steps do this): the long view
    # still sees the hits the short one has let go.
    await store.hit("k", at(0), timedelta(seconds=60), "a")
    await store.hit("k", at(30), timedelta(seconds=10), "b")
    assert await store.recent("k", at(30), timedelta(seconds=60)) == ["a", "b"]
    assert await store.recent("k", at(30), timedelta(seconds=10)) == ["b"]


async def test_hits_out_of_order_are_counted(store: StateStore) -> None:
    window = timedelta(seconds=10)
    assert await store.hit("k", at(5), window, "late") == 1
    assert await store.hit("k", at(1), window, "early") == 2
    # At 12 s the window is (2 s, 12 s]: "early" has left it.
    assert await store.hit("k", at(12), window, "now") == 2
    assert sorted(await store.recent("k", at(12), window)) == ["late", "now"]


async def test_keys_are_isolated(store: StateStore) -> None:
    for s in range(3):
        await store.hit("a", at(s), MINUTE, "x")
    assert await store.hit("b", at(3), MINUTE, "y") == 1
    assert await store.recent("a", at(3), MINUTE) == ["x", "x", "x"]
    # A flag and a window may share a name without meeting.
    await store.put("a", "flag", at(3), MINUTE)
    assert await store.hit("a", at(4), MINUTE) == 4
    await store.delete("a")
    assert await store.recent("a", at(4), MINUTE) == ["x", "x", "x", ""]
    assert await store.get("a", at(4)) is None
    assert await store.get("b", at(4)) is None


async def test_flags_are_set_read_replaced_and_deleted(store: StateStore) -> None:
    assert await store.get("f", at(0)) is None
    await store.put("f", "1", at(0), MINUTE)
    assert await store.get("f", at(1)) == "1"
    await store.put("f", "deux\nlignes", at(1), MINUTE)
    assert await store.get("f", at(2)) == "deux\nlignes"
    await store.delete("f")
    assert await store.get("f", at(2)) is None
    await store.delete("f")  # forgetting twice is fine


async def test_flags_expire_by_event_time(store: StateStore) -> None:
    await store.put("f", "on", at(0), timedelta(seconds=30))
    assert await store.get("f", at(29.9)) == "on"
    assert await store.get("f", at(30)) is None


async def test_flags_without_ttl_never_expire(store: StateStore) -> None:
    await store.put("f", "on", at(0), timedelta(seconds=1))
    await store.put("f", "forever", at(0), None)  # replacing drops the old expiry
    assert await store.get("f", at(10 * 365 * 86400)) == "forever"


async def test_flags_expire_in_real_time(store: StateStore) -> None:
    # The one real wait: Redis drops the flag itself (MemoryState by the event time given).
    now = datetime.now(UTC)
    await store.put("f", "on", now, timedelta(milliseconds=150))
    assert await store.get("f", now) == "on"
    await asyncio.sleep(0.3)
    assert await store.get("f", datetime.now(UTC)) is None


async def test_concurrent_hits_are_counted_exactly(store: StateStore) -> None:
    # Many tasks hit one key at the same instant with the same value: each hit is counted
    # once, and each sees a different count (no two read the window at the same state).
    tasks = 200
    counts = await asyncio.gather(*(store.hit("k", at(0), MINUTE, "v") for _ in range(tasks)))
    assert sorted(counts) == list(range(1, tasks + 1))
    assert len(await store.recent("k", at(0), MINUTE)) == tasks
    others = await asyncio.gather(*(store.hit(f"k{i % 4}", at(1), MINUTE) for i in range(40)))
    assert sorted(others) == sorted(list(range(1, 11)) * 4)


async def test_put_if_absent_sets_only_when_no_live_flag(store: StateStore) -> None:
    assert await store.put_if_absent("f", "first", at(0), timedelta(seconds=10)) is True
    assert await store.put_if_absent("f", "second", at(5), timedelta(seconds=10)) is False
    assert await store.get("f", at(5)) == "first"
    # Expired in event time: the key is free again, whatever Redis's own clock says.
    assert await store.put_if_absent("f", "third", at(10), timedelta(seconds=10)) is True
    assert await store.get("f", at(15)) == "third"


async def test_put_if_absent_respects_flags_without_expiry(store: StateStore) -> None:
    await store.put("f", "kept", at(0), None)
    assert await store.put_if_absent("f", "other", at(3600), MINUTE) is False
    assert await store.put_if_absent("g", "never", at(0), None) is True
    assert await store.put_if_absent("g", "other", at(10**6), None) is False
    await store.delete("g")
    assert await store.put_if_absent("g", "again", at(0), MINUTE) is True


async def test_put_if_absent_lets_one_of_many_concurrent_callers_win(store: StateStore) -> None:
    results = await asyncio.gather(
        *(store.put_if_absent("race", str(i), at(0), MINUTE) for i in range(20))
    )
    assert results.count(True) == 1
    assert await store.get("race", at(1)) == str(results.index(True))
