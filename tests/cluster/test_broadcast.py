"""Broadcasts over a real redis-server: a change made in one process reaches the others."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import cast

import pytest
from redis.asyncio import Redis

from bot.cluster.broadcast import Broadcast
from bot.events import Member
from bot.localservers.redis import LocalRedis
from bot.moderation.api import Invocation, Reply
from bot.moderation.policy_bans import PolicyBan
from bot.registry import Registry
from tests.support.processes import COMMUNITY, RULES, Process, config_text, deployment
from tests.support.synapse import eventually
from tests.support.testbot import START

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

MOD = Member(id="@mod:example.org")
EXTRA = """\
      extra:
        triggers: [{words: [novel]}]
        actions: [report]
"""


async def command(process: Process, text: str) -> Reply | None:
    """Type a command in the management room of the process, as a moderator."""
    assert process.node.router is not None
    invocation = Invocation(
        community=COMMUNITY, room="#mods:example.org", author=MOD, text=text, ts=START
    )
    return await process.node.router.handle(invocation)


async def heard(process: Process) -> None:
    """Wait until the process has handled a message of another process."""
    assert process.node.broadcast is not None
    await asyncio.wait_for(process.node.broadcast.received.wait(), timeout=5)
    process.node.broadcast.received.clear()


def rules_of(process: Process) -> dict[str, bool]:
    rules = process.bot.executor.config.communities[COMMUNITY].rules
    return {name: rule.enabled for name, rule in rules.items()}


async def test_a_reload_in_one_process_reloads_the_others(
    registry: Registry, tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    async with deployment(registry, tmp_path, storage=postgres_url, state=redis_url) as (a, b):
        for index, process in enumerate((a, b)):
            text = config_text(
                postgres_url, redis_url, index, 2, RULES + EXTRA, journal=tmp_path / f"j{index}"
            )
            process.file.write_text(text)
        reply = await command(a, "!vigie reload")
        assert reply is not None
        assert reply.text.startswith("Config reloaded")
        await heard(b)
        assert "extra" in rules_of(b)
        # The new rule is in force in the other process's engine, not only in its config.
        await b.say(1, "a novel idea")
        assert len(b.adapter.of("report")) == 1


async def test_a_rule_switched_off_in_one_process_is_off_in_the_others(
    registry: Registry, tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    async with deployment(registry, tmp_path, storage=postgres_url, state=redis_url) as (a, b):
        reply = await command(b, "!vigie rules disable words")
        assert reply is not None
        assert reply.text == "Rule words is now off."
        await heard(a)
        assert rules_of(a)["words"] is False
        await a.say(1, "forbidden")
        assert not a.adapter.of("report")


async def test_a_command_that_changes_nothing_is_not_broadcast(
    registry: Registry, tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    async with deployment(registry, tmp_path, storage=postgres_url, state=redis_url) as (a, b):
        await command(a, "!vigie status")
        assert b.node.broadcast is not None
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(b.node.broadcast.received.wait(), timeout=0.3)


async def test_a_policy_ban_reaches_the_router_through_the_broadcasting_one(
    registry: Registry, tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    async with deployment(registry, tmp_path, storage=postgres_url, state=redis_url) as (a, _b):
        # The router the runner gives the adapter: a Matrix policy list's ban goes through it.
        assert a.node.router is not None
        ban = PolicyBan(
            community=COMMUNITY,
            user_id="@spammer:example.org",
            policy_list="spam",
            list_id="!list:example.org",
            entity="@spammer:*",
            reason="spam",
            dry_run=False,
        )
        outcome = await a.node.router.policy_ban(ban)
        assert outcome.status == "banned"
        assert [c.kind for c in a.adapter.calls] == ["ban"]


async def test_a_reload_that_fails_elsewhere_keeps_the_rules_there(
    registry: Registry,
    tmp_path: Path,
    postgres_url: str,
    redis_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with deployment(registry, tmp_path, storage=postgres_url, state=redis_url) as (a, b):
        a.file.write_text(
            config_text(postgres_url, redis_url, 0, 2, RULES + EXTRA, journal=tmp_path / "j0")
        )
        b.file.write_text("communities: [broken")
        await command(a, "!vigie reload")
        await heard(b)
        assert "extra" not in rules_of(b)
        assert "does not load here" in caplog.text


class ListsDouble:
    """An adapter that shares its watched policy lists (the Matrix adapter does)."""

    def __init__(self) -> None:
        self.list_listeners: list = []
        self.adopted: list[dict[str, str]] = []

    async def adopt_lists(self, names: dict[str, str]) -> None:
        self.adopted.append(names)


async def test_policy_lists_changed_in_one_process_are_adopted_by_the_others(
    registry: Registry, tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    adapters = [ListsDouble(), ListsDouble()]
    async with deployment(
        registry, tmp_path, storage=postgres_url, state=redis_url, extra_adapters=adapters
    ) as (_a, b):
        names = {"!list:example.org": "spammers"}
        for listener in adapters[0].list_listeners:
            await listener(names)
        await heard(b)
    assert adapters[1].adopted == [names]
    assert adapters[0].adopted == []  # its own message is not applied twice


@pytest.fixture
async def client(redis_server: LocalRedis) -> AsyncIterator[Redis]:
    made = Redis.from_url(redis_server.url(), decode_responses=True)
    yield made
    await made.aclose()


async def test_broken_messages_and_failing_handlers_do_not_stop_the_listening(
    client: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    channel = f"t{uuid.uuid4().hex}:broadcast"
    log = logging.getLogger("vigie.test.broadcast")
    here, there = (Broadcast(client, channel=channel, logger=log) for _ in range(2))
    got: list[dict[str, object]] = []

    async def fails(payload: dict[str, object]) -> None:
        raise RuntimeError("boom")

    async def keeps(payload: dict[str, object]) -> None:
        got.append(payload)

    there.on("config", fails)
    there.on("config", keeps)
    await there.start()
    try:
        await client.publish(channel, "not json")
        await client.publish(channel, '{"kind": 1}')
        assert await here.publish("config", {"n": 1}) == 1
        await asyncio.wait_for(there.received.wait(), timeout=5)
    finally:
        await there.stop()
    assert got == [{"n": 1}]
    assert "ignored a message: not JSON" in caplog.text
    assert "handling config from" in caplog.text


async def test_a_process_stopped_while_a_change_went_out_applies_it_on_restart(
    registry: Registry, tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    async with deployment(registry, tmp_path, storage=postgres_url, state=redis_url) as (a, b):
        assert b.node.broadcast is not None
        await b.node.broadcast.stop()
        reply = await command(a, "!vigie rules disable words")
        assert reply is not None
        assert reply.text == "Rule words is now off."
        assert rules_of(b)["words"] is True  # b heard nothing: pub/sub kept nothing for it
        await b.node.broadcast.start()
        await heard(b)
        assert rules_of(b)["words"] is False
        await b.say(1, "forbidden")
        assert not b.adapter.of("report")


async def kill_subscriber(admin: Redis, name: str) -> None:
    """Close, on the server's side, the subscribed connection of the client named `name`."""
    clients = await admin.client_list()
    ids = [c["id"] for c in clients if c.get("name") == name and c.get("sub", "0") != "0"]
    assert len(ids) == 1, clients
    assert await admin.client_kill_filter(_id=ids[0]) == 1


async def test_a_listener_whose_connection_was_killed_catches_up_on_reconnecting(
    client: Redis, redis_server: LocalRedis
) -> None:
    channel = f"t{uuid.uuid4().hex}:broadcast"
    name = f"listener-{uuid.uuid4().hex[:8]}"
    log = logging.getLogger("vigie.test.broadcast")
    listener_client = Redis.from_url(redis_server.url(), decode_responses=True, client_name=name)
    here = Broadcast(client, channel=channel, logger=log)
    there = Broadcast(listener_client, channel=channel, logger=log)
    got: list[tuple[str, dict[str, object]]] = []

    async def keep(kind: str, payload: dict[str, object]) -> None:
        got.append((kind, payload))

    there.on("config", lambda p: keep("config", p))
    there.on("policy-lists", lambda p: keep("policy-lists", p))
    await there.start()
    try:
        assert await here.publish("config", {"n": 1}) == 1
        await asyncio.wait_for(there.received.wait(), timeout=5)
        there.received.clear()
        await kill_subscriber(client, name)
        # Nobody listens now: these go out to no subscriber and would be lost without the
        # kept copies. The config changes twice: only the latest is re-read.
        assert await here.publish("config", {"n": 2}) == 0
        assert await here.publish("policy-lists", {"names": {"!l:x": "spam"}}) == 0
        assert await here.publish("config", {"n": 3}) == 0
        await eventually(_count(got, 3), within=10)
        assert there.seen == 4
        # Live messages flow again after the catch-up, once each.
        assert await here.publish("config", {"n": 4}) == 1
        await eventually(_count(got, 4))
    finally:
        await there.stop()
        await listener_client.aclose()
    assert got == [
        ("config", {"n": 1}),
        ("policy-lists", {"names": {"!l:x": "spam"}}),
        ("config", {"n": 3}),
        ("config", {"n": 4}),
    ]


async def test_a_change_whose_publication_was_lost_is_found_by_the_periodic_check(
    client: Redis,
) -> None:
    channel = f"t{uuid.uuid4().hex}:broadcast"
    log = logging.getLogger("vigie.test.broadcast")
    there = Broadcast(client, channel=channel, logger=log, check_seconds=0.2)
    got: list[dict[str, object]] = []

    async def keep(payload: dict[str, object]) -> None:
        got.append(payload)

    there.on("config", keep)
    await there.start()
    try:
        # What a publisher keeps, without the live message (as if it never reached us).
        kept = '{"kind": "config", "origin": "elsewhere", "generation": 1, "payload": {"n": 9}}'
        await cast("Awaitable[int]", client.hset(f"{channel}:latest", "config", kept))
        await cast("Awaitable[bool | None]", client.set(f"{channel}:generation", 1))
        await asyncio.wait_for(there.received.wait(), timeout=5)
    finally:
        await there.stop()
    assert got == [{"n": 9}]
    assert there.seen == 1


async def test_changes_made_before_a_process_starts_are_not_replayed(client: Redis) -> None:
    channel = f"t{uuid.uuid4().hex}:broadcast"
    log = logging.getLogger("vigie.test.broadcast")
    here = Broadcast(client, channel=channel, logger=log)
    await here.publish("config", {"n": 1})
    late = Broadcast(client, channel=channel, logger=log, check_seconds=0.1)
    got: list[dict[str, object]] = []

    async def keep(payload: dict[str, object]) -> None:
        got.append(payload)

    late.on("config", keep)
    await late.start()
    try:
        await asyncio.sleep(0.3)  # a few periodic checks
        assert got == []  # it read the current state when it started
        await here.publish("config", {"n": 2})
        await asyncio.wait_for(late.received.wait(), timeout=5)
    finally:
        await late.stop()
    assert got == [{"n": 2}]


def _count(got: Sequence[object], n: int) -> Callable[[], Awaitable[bool]]:
    async def reached() -> bool:
        return len(got) >= n

    return reached
