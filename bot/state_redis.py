"""Keep windows and flags in Redis, so every process of one deployment shares them.

Layout under a prefix (default ``vigie``), the key's text in braces so a window's two keys
share a Redis Cluster slot:

- ``PREFIX:w:{KEY}``: a window, a sorted set scored by event time; each member is a
  sequence number (16 hex digits, unique per window) then ``:`` and the recorded value.
- ``PREFIX:m:{KEY}``: the window's meta hash: ``h`` the longest span asked of it (seconds),
  ``s`` the last sequence number.
- ``PREFIX:f:KEY``: a flag: its expiry in event time (``-`` for never), a newline, its value.

A hit is one Lua script, so it is atomic and one round trip whatever the number of processes.
Windows and flags follow event time, as in MemoryState; Redis also expires them in its own
time (PEXPIRE to the window's horizon after its last hit, SET PX for flags), so memory stays
bounded without any sweep.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Final

from redis.asyncio import Redis

DEFAULT_PREFIX: Final = "vigie"
_NEVER: Final = "-"

#: KEYS: window, meta. ARGV: now, span, exclusive lower bound of the count, value.
_HIT: Final = """
local window, meta = KEYS[1], KEYS[2]
local now, span = tonumber(ARGV[1]), tonumber(ARGV[2])
local horizon = math.max(tonumber(redis.call('HGET', meta, 'h') or '0'), span)
local seq = redis.call('HINCRBY', meta, 's', 1)
redis.call('HSET', meta, 'h', string.format('%.17g', horizon))
redis.call('ZADD', window, ARGV[1], string.format('%016x', seq) .. ':' .. ARGV[4])
redis.call('ZREMRANGEBYSCORE', window, '-inf', string.format('%.17g', now - horizon))
local ttl = math.ceil(horizon * 1000)
redis.call('PEXPIRE', window, ttl)
redis.call('PEXPIRE', meta, ttl)
return redis.call('ZCOUNT', window, ARGV[3], '+inf')
"""

#: KEYS: flag. ARGV: now, the flag's text, its lifetime in milliseconds ("" for never).
#: Set unless a flag live in event time holds the key (one Redis keeps past their event
#: time, as in a replay, does not block); 1 when set.
_PUT_IF_ABSENT: Final = """
local old = redis.call('GET', KEYS[1])
if old then
  local expires = string.match(old, '^([^\\n]*)')
  if expires == '-' or tonumber(expires) > tonumber(ARGV[1]) then
    return 0
  end
end
if ARGV[3] == '' then
  redis.call('SET', KEYS[1], ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return 1
"""


class RedisState:
    """Hold state in Redis: atomic sliding windows and expiring flags, shared by processes."""

    def __init__(self, client: Redis, *, prefix: str = DEFAULT_PREFIX) -> None:
        """Use a client made with ``decode_responses=True``; `prefix` namespaces every key."""
        self._client = client
        self._prefix = prefix
        self._hit = client.register_script(_HIT)
        self._put_if_absent = client.register_script(_PUT_IF_ABSENT)

    @classmethod
    def from_url(cls, url: str, *, prefix: str = DEFAULT_PREFIX) -> RedisState:
        """Connect (lazily) to ``redis://host:port/db``."""
        return cls(Redis.from_url(url, decode_responses=True), prefix=prefix)

    @property
    def client(self) -> Redis:
        """The Redis client, for health checks and tests."""
        return self._client

    @property
    def prefix(self) -> str:
        """The namespace of every key this store writes."""
        return self._prefix

    def window_key(self, key: str) -> str:
        """Return the Redis key of a window."""
        return f"{self._prefix}:w:{{{key}}}"

    def meta_key(self, key: str) -> str:
        """Return the Redis key of a window's meta hash."""
        return f"{self._prefix}:m:{{{key}}}"

    def flag_key(self, key: str) -> str:
        """Return the Redis key of a flag."""
        return f"{self._prefix}:f:{key}"

    async def ping(self) -> None:
        """Raise unless the server answers."""
        await self._client.ping()

    async def aclose(self) -> None:
        """Close the client and its connections."""
        await self._client.aclose()

    async def hit(self, key: str, at: datetime, window: timedelta, value: str = "") -> int:
        """Record one occurrence and return the count within the window, atomically."""
        now = at.timestamp()
        span = window.total_seconds()
        count = await self._hit(
            keys=[self.window_key(key), self.meta_key(key)],
            args=[repr(now), repr(span), f"({now - span!r}", value],
        )
        return int(count)

    async def recent(self, key: str, at: datetime, window: timedelta) -> list[str]:
        """Return values within the window, oldest first."""
        cutoff = at.timestamp() - window.total_seconds()
        members = await self._client.zrangebyscore(self.window_key(key), f"({cutoff!r}", "+inf")
        return [member.partition(":")[2] for member in members]

    async def get(self, key: str, at: datetime) -> str | None:
        """Return a flag unless it expired, in event time or in Redis's time."""
        raw: str | None = await self._client.get(self.flag_key(key))
        if raw is None:
            return None
        expires, _, value = raw.partition("\n")
        if expires != _NEVER and float(expires) <= at.timestamp():
            return None
        return value

    async def put(self, key: str, value: str, at: datetime, ttl: timedelta | None) -> None:
        """Set a flag; Redis drops it `ttl` after now (never when None)."""
        name = self.flag_key(key)
        if ttl is None:
            await self._client.set(name, f"{_NEVER}\n{value}")
            return
        seconds = ttl.total_seconds()
        millis = math.ceil(seconds * 1000)
        if millis <= 0:
            await self._client.delete(name)  # already expired
            return
        await self._client.set(name, f"{at.timestamp() + seconds!r}\n{value}", px=millis)

    async def put_if_absent(
        self, key: str, value: str, at: datetime, ttl: timedelta | None
    ) -> bool:
        """Set a flag unless a live one holds the key, in one atomic script; tell if set."""
        now = at.timestamp()
        if ttl is None:
            text, millis = f"{_NEVER}\n{value}", ""
        else:
            seconds = ttl.total_seconds()
            if math.ceil(seconds * 1000) <= 0:
                # Dead at once, as `put` makes it: set when no live flag holds the key.
                return await self.get(key, at) is None
            text, millis = f"{now + seconds!r}\n{value}", str(math.ceil(seconds * 1000))
        done = await self._put_if_absent(keys=[self.flag_key(key)], args=[repr(now), text, millis])
        return bool(int(done))

    async def delete(self, key: str) -> None:
        """Forget a flag."""
        await self._client.delete(self.flag_key(key))
