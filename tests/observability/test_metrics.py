"""Metrics: scraped over HTTP from a running bot, the counters follow what it did."""

from __future__ import annotations

import asyncio
import logging
import re
import urllib.request
from collections.abc import Awaitable, Callable

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.adapters.base import Unavailable
from bot.cluster.claims import MemoryClaims
from bot.config import Config
from bot.observability.metrics import Metrics
from bot.observability.server import serve_metrics
from bot.observability.wiring import metrics_endpoint, sample_pending
from tests.support.testbot import TestBot

RULES = """\
communities:
  c:
    platform: matrix
    rooms: ["#general:x.org"]
    mod_channel: "#mods:x.org"
    rules:
      words:
        triggers: [{words: [forbidden]}]
        actions: [delete, {timeout: 10m}, report]
      watch:
        dry_run: true
        triggers: [{words: [maybe]}]
        actions: [report]
"""

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(port: int) -> Samples:
    """Read /metrics as Prometheus would, into {(sample name, labels): value}."""
    url = f"http://127.0.0.1:{port}/metrics"
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_the_counters_scraped_over_http_follow_the_events(
    testbot: Callable[[str], Awaitable[TestBot]],
) -> None:
    bot = await testbot(RULES)
    metrics = Metrics.create()
    bot.bot.metrics = metrics
    server = serve_metrics(metrics.registry, host="127.0.0.1", port=0)
    try:
        before = await asyncio.to_thread(scrape, server.port)
        bot.adapter.fail_next("timeout", Unavailable("gateway away"))
        await bot.say("hello")
        await bot.say("a forbidden word")
        await bot.say("maybe")
        after = await asyncio.to_thread(scrape, server.port)
        await sample_pending(metrics, bot.bot.executor.storage)
        pending = await asyncio.to_thread(scrape, server.port)
    finally:
        server.stop()
    events = ("vigie_events_handled_total", (("community", "c"), ("kind", "MessageCreated")))
    assert events not in before
    assert after[events] == 3
    matched = (
        "vigie_rule_matches_total",
        (("community", "c"), ("dry_run", "false"), ("rule", "words")),
    )
    assert after[matched] == 1
    dry = ("vigie_rule_matches_total", (("community", "c"), ("dry_run", "true"), ("rule", "watch")))
    assert after[dry] == 1
    assert after[("vigie_actions_total", (("kind", "delete"), ("outcome", "done")))] == 1
    assert after[("vigie_actions_total", (("kind", "timeout"), ("outcome", "pending")))] == 1
    assert after[("vigie_actions_total", (("kind", "report"), ("outcome", "done")))] == 1
    assert after[("vigie_engine_seconds_count", ())] == 3
    assert after[("vigie_action_seconds_count", ())] == 2  # the plans with hits, dry run too
    assert after[("vigie_events_in_flight", ())] == 0
    assert pending[("vigie_pending_actions", ())] == 1  # the timeout waits for its retry


async def test_events_left_to_another_process_are_counted_apart(
    testbot: Callable[[str], Awaitable[TestBot]],
) -> None:
    bot = await testbot(RULES)
    metrics = Metrics.create()
    bot.bot.metrics = metrics
    bot.bot.claims = MemoryClaims()
    plan, _ = await bot.say("forbidden")
    event = plan.event
    again, outcome = await bot.bot.handle(event)
    assert not again.hits
    assert outcome is None
    assert metrics.registry.get_sample_value("vigie_events_skipped_total", {"community": "c"}) == 1
    assert len(bot.adapter.of("timeout")) == 1


def test_each_bot_has_its_own_registry() -> None:
    # Two bots in one process (tests, the two-process test) never mix their figures.
    one, two = Metrics.create(), Metrics.create()
    one.actions.labels("ban", "done").inc()
    assert (
        two.registry.get_sample_value("vigie_actions_total", {"kind": "ban", "outcome": "done"})
        is None
    )
    assert (
        one.registry.get_sample_value("vigie_actions_total", {"kind": "ban", "outcome": "done"})
        == 1
    )


async def test_metrics_are_off_unless_a_port_is_given(
    make_config: Callable[[str], Config], caplog: pytest.LogCaptureFixture
) -> None:
    log = logging.getLogger("vigie.test")
    with metrics_endpoint(make_config(RULES), log) as metrics:
        assert metrics is None
    caplog.set_level(logging.INFO, "vigie.test")
    with metrics_endpoint(make_config("metrics: {port: 0}\n" + RULES), log) as metrics:
        assert metrics is not None
        metrics.events.labels("c", "MemberJoined").inc()
        found = re.search(r"metrics at http://127\.0\.0\.1:(\d+)/metrics", caplog.text)
        assert found is not None
        samples = await asyncio.to_thread(scrape, int(found.group(1)))
    key = ("vigie_events_handled_total", (("community", "c"), ("kind", "MemberJoined")))
    assert samples[key] == 1
