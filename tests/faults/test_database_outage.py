"""PostgreSQL stopped mid-stream: deletions go on, records wait in the journal, then land once."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.adapters.fake import FakeAdapter
from bot.app import open_bot
from bot.clock import ManualClock
from bot.config import load_config_text
from bot.events import MessageCreated
from bot.registry import Registry
from bot.storage import Storage
from tests.support.messages import make_message

pytestmark = pytest.mark.postgres

START = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
RULES = """\
storage: {url}
journal: {journal}
communities:
  demo:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    reports: {{group_within: 0s}}  # one report per incident, to count them
    rules:
      insults:
        triggers: [{{words: [connard]}}]
        actions: [delete, {{timeout: 1h}}, report]
"""


def message(i: int) -> MessageCreated:
    """Return message i of the stream: every third one is an insult, five members take turns."""
    text = "espèce de connard" if i % 3 == 0 else "salut tout le monde"
    return make_message(
        text,
        community="demo",
        room="general",
        ts=START + timedelta(seconds=i),
        member=f"member{i % 5}",
        message_id=f"m{i}",
    )


async def test_postgres_outage_loses_nothing_and_writes_each_record_once(
    own_postgres, registry: Registry, tmp_path: Path
) -> None:
    url = own_postgres.url(await own_postgres.create_database())
    journal = tmp_path / "journal.sqlite"
    config = load_config_text(
        RULES.format(url=url, journal=journal), registry, file="t.yaml", env={}
    )
    adapter = FakeAdapter()
    clock = ManualClock(START)
    log = logging.getLogger("vigie.test.outage")
    stream = [message(i) for i in range(60)]
    insults = {m.message_id for m in stream if "connard" in m.text}
    async with open_bot(config, registry, adapter, clock=clock, logger=log) as bot:
        bot.executor.background = True
        for event in stream[:20]:
            await bot.handle(event)
        assert await bot.executor.settle()
        own_postgres.pause()
        for event in stream[20:40]:
            await bot.handle(event)
        await asyncio.sleep(1.0)  # the outage lasts a while
        # Every insult is gone already; its record waits in the journal.
        deleted = [c.args["message_id"] for c in adapter.of("delete")]
        assert set(deleted) == {m for m in insults if int(m[1:]) < 40}
        waiting = await bot.executor.journal.unwritten()
        assert {e.key.rsplit("/", 1)[1] for e in waiting} == {
            m for m in insults if 20 <= int(m[1:]) < 40
        }
        assert len(adapter.of("timeout")) == len(deleted)
        own_postgres.resume()
        for event in stream[40:]:
            await bot.handle(event)
        assert await bot.executor.settle(60)
        assert await bot.executor.journal.unwritten() == []
    assert sorted(c.args["message_id"] for c in adapter.of("delete")) == sorted(insults)
    # Each report went out once, after its case was written, with its number.
    numbers = [card.case_number or 0 for card in adapter.reports]
    assert sorted(numbers) == list(range(1, len(insults) + 1))
    async with await Storage.open(url) as storage:
        cases = await storage.list_cases("demo", limit=1000)
        assert Counter(c.message_id for c in cases) == Counter(insults)
        evidence = await storage.evidence("demo")
        assert sorted(e.payload["message_id"] for e in evidence) == sorted(insults)
        assert [e.seq for e in evidence] == list(range(1, len(insults) + 1))
        assert (await storage.verify_evidence()).ok
        assert await storage.pending_actions() == []
