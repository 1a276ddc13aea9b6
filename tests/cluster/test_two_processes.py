"""Two processes on one PostgreSQL and one Redis: a burst split between them is caught once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.registry import Registry
from tests.support.processes import COMMUNITY, deployment

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

SPAMMER = "@spammer:example.org"


async def test_a_burst_split_between_two_processes_is_caught_once(
    registry: Registry, tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    async with deployment(registry, tmp_path, storage=postgres_url, state=redis_url) as (a, b):
        # Ten messages in ten seconds, every other one to each process: neither sees six.
        for n in range(1, 11):
            await (a if n % 2 else b).say(n)
        timeouts = a.adapter.of("timeout") + b.adapter.of("timeout")
        reports = a.adapter.of("report") + b.adapter.of("report")
        cases = await a.bot.executor.storage.list_cases(COMMUNITY)
    assert [t.args["user_id"] for t in timeouts] == [SPAMMER]
    assert len(reports) == 1
    assert [(c.user_id, c.rule) for c in cases] == [(SPAMMER, "flood")]
    # The sixth message, handled by the second process, is the one that tipped it.
    assert b.adapter.of("timeout")
    assert not a.adapter.of("timeout")


async def test_without_shared_state_the_split_burst_goes_unseen(
    registry: Registry, tmp_path: Path, postgres_url: str
) -> None:
    # The control: each process counting alone sees five messages, under the threshold.
    async with deployment(registry, tmp_path, storage=postgres_url, state="memory://") as (a, b):
        for n in range(1, 11):
            await (a if n % 2 else b).say(n)
        cases = await a.bot.executor.storage.list_cases(COMMUNITY)
    assert cases == []
    assert not a.adapter.of("timeout")
    assert not b.adapter.of("timeout")


async def test_an_event_delivered_to_both_processes_is_handled_by_one(
    registry: Registry, tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    async with deployment(registry, tmp_path, storage=postgres_url, state=redis_url) as (a, b):
        await a.say(1, "forbidden word")
        await b.say(1, "forbidden word")  # the same event again, as overlapping shards give it
        await b.say(2, "forbidden again")
        cases = await a.bot.executor.storage.list_cases(COMMUNITY)
    assert len(a.adapter.of("report")) == 1
    # The second process acted on its own, later message only: it joined the open report.
    assert not b.adapter.of("report")
    assert len(b.adapter.of("report_edit")) == 1
    assert sorted(str(c.message_id) for c in cases) == ["$m1", "$m2"]
