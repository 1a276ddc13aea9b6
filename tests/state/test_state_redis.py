"""What only Redis has: server-side expiry, namespaces, several processes, the factory."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.adapters.fake import FakeAdapter
from bot.app import build_engine, build_services, open_bot
from bot.clock import ManualClock
from bot.config import load_config_text
from bot.localservers.redis import LocalRedis
from bot.registry import Registry
from bot.state import MemoryState
from bot.state_factory import StateURLError, close_state, open_state
from bot.state_redis import RedisState
from tests.support.messages import T0, make_message
from tests.support.testbot import START

pytestmark = pytest.mark.redis


@pytest.fixture
async def redis_state(redis_server: LocalRedis) -> AsyncIterator[RedisState]:
    state = redis_server.state(prefix=f"t{uuid.uuid4().hex}")
    yield state
    await state.aclose()


async def _keys(state: RedisState, pattern: str = "*") -> list[str]:
    return sorted([key async for key in state.client.scan_iter(match=pattern)])


async def test_windows_expire_in_redis_after_their_longest_span(redis_state: RedisState) -> None:
    client = redis_state.client
    await redis_state.hit("k", T0, timedelta(seconds=10))
    for name in (redis_state.window_key("k"), redis_state.meta_key("k")):
        assert 9_000 < await client.pttl(name) <= 10_000
    await redis_state.hit("k", T0, timedelta(seconds=60))
    await redis_state.hit("k", T0, timedelta(seconds=10))  # a shorter span keeps the longest
    for name in (redis_state.window_key("k"), redis_state.meta_key("k")):
        assert 59_000 < await client.pttl(name) <= 60_000


async def test_flags_expire_in_redis_after_their_ttl(redis_state: RedisState) -> None:
    client = redis_state.client
    await redis_state.put("cool", "1", T0, timedelta(minutes=5))
    assert 299_000 < await client.pttl(redis_state.flag_key("cool")) <= 300_000
    await redis_state.put("forever", "1", T0, None)
    assert await client.pttl(redis_state.flag_key("forever")) == -1
    await redis_state.put("gone", "1", T0, timedelta(0))
    assert await client.exists(redis_state.flag_key("gone")) == 0


async def test_every_key_is_under_the_prefix(redis_server: LocalRedis) -> None:
    first = redis_server.state(prefix=f"a{uuid.uuid4().hex}")
    second = redis_server.state(prefix=f"b{uuid.uuid4().hex}")
    try:
        await first.hit("k", T0, timedelta(minutes=1))
        await first.put("k", "x", T0, None)
        assert await second.hit("k", T0, timedelta(minutes=1)) == 1
        assert await second.get("k", T0) is None
        keys = await _keys(first, f"{first.prefix}:*")
        assert keys == sorted([f"{first.prefix}:{kind}" for kind in ("f:k", "m:{k}", "w:{k}")])
        assert len(await _keys(second, f"{second.prefix}:*")) == 2
    finally:
        await first.aclose()
        await second.aclose()


async def test_processes_sharing_redis_count_one_burst(redis_server: LocalRedis) -> None:
    # Two stores on two clients stand for two processes: a burst split between them is one.
    prefix = f"t{uuid.uuid4().hex}"
    stores = [redis_server.state(prefix=prefix), redis_server.state(prefix=prefix)]
    try:
        window = timedelta(seconds=30)
        counts = await asyncio.gather(
            *(stores[i % 2].hit("spam:alice", T0, window, f"m{i}") for i in range(100))
        )
        assert sorted(counts) == list(range(1, 101))
        assert sorted(await stores[0].recent("spam:alice", T0, window)) == sorted(
            f"m{i}" for i in range(100)
        )
        await stores[0].put("raid:level:demo", "high", T0, timedelta(minutes=10))
        assert await stores[1].get("raid:level:demo", T0) == "high"
    finally:
        for store in stores:
            await store.aclose()


async def test_open_state_picks_the_backend(redis_server: LocalRedis) -> None:
    assert isinstance(await open_state("memory://"), MemoryState)
    state = await open_state(f"{redis_server.url()}?prefix=custom")
    try:
        assert isinstance(state, RedisState)
        assert state.prefix == "custom"
        assert await state.hit("k", T0, timedelta(seconds=1)) == 1
        assert await _keys(state, "custom:w:*") == ["custom:w:{k}"]
        await state.client.delete("custom:w:{k}", "custom:m:{k}")
    finally:
        await close_state(state)


async def test_open_state_refuses_unknown_urls() -> None:
    with pytest.raises(StateURLError, match=r"use memory:// or redis://host:port/db"):
        await open_state("postgresql://localhost/vigie")
    with pytest.raises(StateURLError, match="empty prefix"):
        await open_state("redis://127.0.0.1:1/0?prefix=")


async def test_open_state_says_when_redis_does_not_answer(redis_server: LocalRedis) -> None:
    # A port nothing listens on: the error names it, and never the password.
    with pytest.raises(StateURLError, match=r"cannot reach Redis at 127\.0\.0\.1:1\b") as err:
        await open_state("redis://:secret@127.0.0.1:1/0")
    assert "secret" not in str(err.value)


CONFIG = """
state: {url}
communities:
  demo:
    platform: matrix
    rooms: ["!r:x"]
    mod_channel: "!mods:x"
    rules:
      flood:
        triggers:
          - burst: {{count: 3, within: 10s}}
        actions: [delete]
"""


async def test_open_bot_keeps_its_state_in_redis(
    redis_server: LocalRedis, registry: Registry, tmp_path: Path
) -> None:
    prefix = f"t{uuid.uuid4().hex}"
    url = f"{redis_server.url()}?prefix={prefix}"
    config = load_config_text(CONFIG.format(url=url), registry, file="t.yaml", env={})
    adapter = FakeAdapter()
    storage = f"sqlite:///{tmp_path / 'vigie.db'}"
    async with open_bot(config, registry, adapter, storage_url=storage, clock=ManualClock(START)):
        pass
    hits = []
    for run in range(2):  # two processes one after the other: the count carries over
        async with open_bot(
            config, registry, adapter, storage_url=storage, clock=ManualClock(START)
        ) as bot:
            for i in range(2):
                event = make_message(
                    "hello",
                    community="demo",
                    room="!r:x",
                    ts=START + timedelta(seconds=2 * run + i),
                    member="@alice:x",
                    message_id=f"m{run}{i}",
                )
                plan, _ = await bot.handle(event)
                hits.append(bool(plan.hits))
    assert hits == [False, False, True, True]
    probe = redis_server.state(prefix=prefix)
    try:
        assert await _keys(probe, f"{prefix}:*")
    finally:
        await probe.aclose()


async def test_put_if_absent_sets_the_redis_expiry(redis_state: RedisState) -> None:
    client = redis_state.client
    assert await redis_state.put_if_absent("cool", "1", T0, timedelta(minutes=5))
    assert 299_000 < await client.pttl(redis_state.flag_key("cool")) <= 300_000
    assert await redis_state.put_if_absent("forever", "1", T0, None)
    assert await client.pttl(redis_state.flag_key("forever")) == -1


COOLDOWN_CONFIG = """
state: memory://
communities:
  demo:
    platform: matrix
    rooms: ["!r:x"]
    mod_channel: "!mods:x"
    rules:
      shout:
        triggers: [{words: [spam]}]
        cooldown: 1m
        actions: [delete]
"""


async def test_processes_sharing_redis_fire_a_cooldown_rule_once(
    redis_server: LocalRedis, registry: Registry
) -> None:
    # Two engines on two clients stand for two processes; the same member's messages reach
    # both at once: the rule's cooldown lets exactly one of them through.
    config = load_config_text(COOLDOWN_CONFIG, registry, file="t.yaml", env={})
    prefix = f"t{uuid.uuid4().hex}"
    stores = [redis_server.state(prefix=prefix), redis_server.state(prefix=prefix)]
    try:
        engines = [
            build_engine(config, registry, build_services(config, state=store)) for store in stores
        ]
        events = [
            make_message(
                "spam", community="demo", room="!r:x", member="@alice:x", message_id=f"m{i}"
            )
            for i in range(10)
        ]
        plans = await asyncio.gather(*(engines[i % 2].handle(e) for i, e in enumerate(events)))
        assert sum(bool(plan.hits) for plan in plans) == 1
    finally:
        for store in stores:
            await store.aclose()
