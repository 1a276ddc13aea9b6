"""Two Vigie processes on one Synapse account, one PostgreSQL and one Redis: rooms split."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from support.postgres import PostgresServer
from support.redis import (
    RedisServer,
    redis_server,  # noqa: F401 - the session fixture, shared here
)
from support.synapse import eventually

from bot.cluster.ownership import owner_of
from bot.config import Config, load_config_text
from bot.observability.metrics import Metrics
from bot.registry import Registry
from bot.runner import Live, live

pytestmark = [pytest.mark.e2e, pytest.mark.redis, pytest.mark.postgres]


@pytest.fixture
async def shared_db(postgres_server: PostgresServer) -> AsyncIterator[str]:
    name = await postgres_server.create_database()
    yield postgres_server.url(name)
    await postgres_server.drop_database(name)


def process_config(
    community, registry: Registry, storage: str, state: str, index: int, *, journal: Path
) -> Config:
    accounts = community.synapse.accounts
    rooms = ", ".join(f'"{r}"' for r in community.protected)
    text = f"""
storage: "{storage}"
state: "{state}"
journal: "{journal}"
cluster: {{process: {index}, processes: 2}}
platforms:
  matrix:
    homeserver: {community.synapse.url}
    user_id: "{accounts["vigie"].user_id}"
    access_token: ${{VIGIE_MATRIX_TOKEN}}
    allowed_inviters: ["{accounts["mod"].user_id}"]
    event_reports_interval: 0
communities:
  test:
    platform: matrix
    rooms: [{rooms}]
    mod_channel: "{community.management}"
    moderators: {{power_level: 50}}
    rules:
      insults:
        triggers: [{{words: {{terms: [connard], category: hate_harassment}}}}]
        actions: [delete, report]
"""
    env = {"VIGIE_MATRIX_TOKEN": accounts["vigie"].access_token}
    return load_config_text(text, registry, file=f"vigie-{index}.yaml", env=env)


async def test_two_processes_split_the_rooms_and_share_policy_lists(
    community,
    registry: Registry,
    request: pytest.FixtureRequest,
    shared_db: str,
    tmp_path: Path,
) -> None:
    server: RedisServer = request.getfixturevalue("redis_server")
    state = f"{server.url()}?prefix=e2e{id(community)}"
    configs = [
        process_config(community, registry, shared_db, state, i, journal=tmp_path / f"j{i}.sqlite")
        for i in (0, 1)
    ]
    mod, alice = community.mod, community.alice
    async with AsyncExitStack() as stack:
        running: list[Live] = []
        metrics = [Metrics.create(), Metrics.create()]
        for index, config in enumerate(configs):
            log = logging.getLogger(f"vigie.e2e.p{index}")
            process = live(config, registry, logger=log, tick_seconds=0.2, metrics=metrics[index])
            running.append(await stack.enter_async_context(process))
        for process in running:
            await eventually(lambda p=process: _ready(p), within=30)
        said = [await alice.send(room, "espèce de connard") for room in community.protected]
        for room, event_id in zip(community.protected, said, strict=True):
            await eventually(lambda r=room, e=event_id: mod.is_redacted(r, e))
        storage = running[0].bot.executor.storage
        await eventually(lambda: _count_cases(storage, 2))
        # Each message went through the engine of the one process owning its room.
        owned = [sum(owner_of(r, 2) == i for r in community.protected) for i in (0, 1)]
        await eventually(lambda: _handled_by(metrics, owned))
        # The process owning the management room answers; the other one adopts the new list.
        await mod.send(community.management, "!vigie list create spam")
        answering = owner_of(community.management, 2)
        other = running[1 - answering].adapter
        await eventually(lambda: _watches(other, "spam"), within=15)
    bot = community.synapse.accounts["vigie"].user_id
    replies = [
        e
        for e in await mod.messages(community.management)
        if e["sender"] == bot and "Created the policy list spam" in e["content"].get("body", "")
    ]
    assert len(replies) == 1  # one process answered the command, not two


async def _ready(process: Live) -> bool:
    for task in process.tasks:
        if task.done():
            task.result()  # a failed start fails the test with its own error
    return process.adapter.ready.is_set()


async def _watches(adapter: object, name: str) -> bool:
    return name in adapter.policies.names.values()  # type: ignore[attr-defined]


async def _handled_by(metrics: list[Metrics], expected: list[int]) -> bool:
    counts = [
        m.registry.get_sample_value(
            "vigie_events_handled_total", {"community": "test", "kind": "MessageCreated"}
        )
        or 0
        for m in metrics
    ]
    assert all(c <= e for c, e in zip(counts, expected, strict=True)), (counts, expected)
    return counts == expected


async def _count_cases(storage, expected: int) -> bool:
    cases = await storage.list_cases("test")
    assert len(cases) <= expected, [c.room for c in cases]
    return len(cases) == expected
