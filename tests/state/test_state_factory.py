"""The state factory opens memory:// without loading the Redis client."""

from __future__ import annotations

import subprocess
import sys

from bot import state_factory, state_redis


def test_default_prefix_matches_the_redis_store() -> None:
    assert state_factory._DEFAULT_PREFIX == state_redis.DEFAULT_PREFIX


def test_memory_state_does_not_import_redis() -> None:
    code = (
        "import asyncio, sys\n"
        "from bot.state_factory import open_state, close_state\n"
        "state = asyncio.run(open_state('memory://'))\n"
        "asyncio.run(close_state(state))\n"
        "print(type(state).__name__, 'redis' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["MemoryState", "False"]
