"""A live bot settles its heap once, after its first event; replays and tests never do."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot import heap
from bot.adapters.fake import FakeAdapter
from bot.app import open_bot
from bot.config import BUNDLED_CONFIG, load_config
from bot.events import MessageCreated
from bot.registry import load_plugins
from tests.support.messages import make_message


@pytest.fixture
def thawed() -> Iterator[None]:
    """Leave the collector as found: frozen objects of the test process are released."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def _message(n: int) -> MessageCreated:
    return make_message(
        "salut tout le monde, quelqu'un pour une partie ce soir ?",
        community="entraide",
        room="general",
        ts=datetime(2026, 3, 1, 12, 0, n, tzinfo=UTC),
        member="u1",
        message_id=f"m{n}",
    )


def test_settle_freezes_what_survives_a_collection(thawed: None) -> None:
    kept = [object() for _ in range(100)]
    heap.settle()
    assert gc.get_freeze_count() >= len(kept)


def test_trim_hands_freed_memory_back_where_the_c_library_can() -> None:
    # Every other block freed: 40 MB of holes between live blocks, which the C library
    # keeps until trimmed (freed memory at the top of the heap would go back by itself).
    blocks = [bytearray(16_384) for _ in range(5_000)]
    kept = blocks[1::2]
    del blocks
    before = _rss_kb()
    if not heap.trim():
        pytest.skip("this C library has no malloc_trim")
    assert before - _rss_kb() > 10_000  # kB
    assert len(kept) == 2_500


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS in /proc/self/status")


async def test_a_live_bot_settles_after_its_first_event_only(thawed: None) -> None:
    calls: list[str] = []

    def settle() -> None:
        heap.settle()
        calls.append("settled")

    registry = load_plugins()
    config = load_config(BUNDLED_CONFIG, registry, require_secrets=False)
    adapter = FakeAdapter(config.communities["entraide"].platform)
    async with open_bot(config, registry, adapter, storage_url="sqlite:///:memory:") as bot:
        bot.settle_heap = settle
        await bot.sink(_message(1))
        assert gc.get_freeze_count() == 0  # a replay or a test: nothing frozen
        bot.settle = True
        await bot.sink(_message(2))
        assert gc.get_freeze_count() > 0
        assert not bot.settle
        await bot.sink(_message(3))
        assert len(calls) == 1
