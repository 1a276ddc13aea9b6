"""Claims: one claimant per key until it expires, in memory and on a real Redis server."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from redis.asyncio import Redis

from bot.cluster.claims import Claims, MemoryClaims, RedisClaims, claim_due, due_key
from bot.localservers.redis import LocalRedis

MINUTE = timedelta(minutes=1)


class Ticks:
    """A clock of seconds moved by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def client(redis_server: LocalRedis) -> AsyncIterator[Redis]:
    made = Redis.from_url(redis_server.url(), decode_responses=True)
    yield made
    await made.aclose()


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
async def pair(request: pytest.FixtureRequest) -> AsyncIterator[tuple[Claims, Claims]]:
    """Two claimants standing for two processes."""
    if request.param == "memory":
        shared = MemoryClaims()
        yield shared, shared
        return
    server: LocalRedis = request.getfixturevalue("redis_server")
    prefix = f"t{uuid.uuid4().hex}"
    one = Redis.from_url(server.url(), decode_responses=True)
    two = Redis.from_url(server.url(), decode_responses=True)
    yield (
        RedisClaims(one, prefix=prefix, holder="host/0"),
        RedisClaims(two, prefix=prefix, holder="host/1"),
    )
    await one.aclose()
    await two.aclose()


async def test_a_key_goes_to_the_first_claimant_only(pair: tuple[Claims, Claims]) -> None:
    first, second = pair
    assert await first.claim("event/c/MessageCreated/m1", MINUTE)
    assert not await second.claim("event/c/MessageCreated/m1", MINUTE)
    assert await second.claim("event/c/MessageCreated/m2", MINUTE)


async def test_concurrent_claims_grant_a_key_once(pair: tuple[Claims, Claims]) -> None:
    first, second = pair
    keys = [f"k{i}" for i in range(20)]
    granted = await asyncio.gather(*(c.claim(k, MINUTE) for k in keys for c in (first, second)))
    # Each key went to one of the two, never both, never neither.
    assert [granted[i] + granted[i + 1] for i in range(0, 40, 2)] == [1] * 20


async def test_memory_claims_expire() -> None:
    ticks = Ticks()
    claims = MemoryClaims(ticks)
    assert await claims.claim("k", timedelta(seconds=30))
    ticks.now = 29.9
    assert not await claims.claim("k", timedelta(seconds=30))
    ticks.now = 30.0
    assert await claims.claim("k", timedelta(seconds=30))


@pytest.mark.redis
async def test_redis_claims_expire_in_redis(client: Redis) -> None:
    prefix = f"t{uuid.uuid4().hex}"
    one = RedisClaims(client, prefix=prefix, holder="a/0")
    two = RedisClaims(client, prefix=prefix, holder="b/1")
    assert await one.claim("k", timedelta(milliseconds=80))
    assert not await two.claim("k", timedelta(milliseconds=80))
    assert 0 < await client.pttl(one.key("k")) <= 80
    await asyncio.sleep(0.15)
    assert await two.claim("k", timedelta(milliseconds=80))


@pytest.mark.redis
async def test_a_restarted_process_gets_its_own_claims_back(client: Redis) -> None:
    # The same holder (host and process index) after a restart: a replayed event is handled.
    prefix = f"t{uuid.uuid4().hex}"
    before = RedisClaims(client, prefix=prefix, holder="host/0")
    after = RedisClaims(client, prefix=prefix, holder="host/0")
    other = RedisClaims(client, prefix=prefix, holder="host/1")
    assert await before.claim("event/x", MINUTE)
    assert await after.claim("event/x", MINUTE)
    assert not await other.claim("event/x", MINUTE)


async def test_a_due_call_is_retried_by_one_process_per_attempt() -> None:
    shared = MemoryClaims()
    lease = timedelta(seconds=60)
    assert await claim_due(shared, 7, 1, lease)
    assert not await claim_due(shared, 7, 1, lease)  # the other process skips this attempt
    assert await claim_due(shared, 7, 2, lease)  # the next attempt is a new key
    assert await claim_due(None, 7, 1, lease)  # alone: always
    assert due_key(7, 2) == "due/7/2"
