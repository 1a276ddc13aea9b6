"""Two Vigie processes, each on a Synapse account of its own, splitting the protected rooms.

Each account is invited to its own share of the rooms and to the shared management room;
one PostgreSQL and one Redis serve both processes.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from support.postgres import PostgresServer
from support.redis import (
    RedisServer,
    redis_server,  # noqa: F401 - the session fixture, shared here
)
from support.synapse import MatrixUser, eventually

from bot.adapters.matrix.localsynapse import Account
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


@pytest.fixture
def state_url(request: pytest.FixtureRequest) -> str:
    server: RedisServer = request.getfixturevalue("redis_server")
    return f"{server.url()}?prefix=acc{uuid.uuid4().hex}"


def process_config(
    community,
    registry: Registry,
    bots: list[Account],
    rooms: list[str],
    *,
    index: int,
    storage: str,
    state: str,
    journal: Path,
) -> Config:
    mod = community.synapse.accounts["mod"].user_id
    peers = ", ".join(f'"{b.user_id}"' for i, b in enumerate(bots) if i != index)
    listed = ", ".join(f'"{r}"' for r in rooms)
    text = f"""
storage: "{storage}"
state: "{state}"
journal: "{journal}"
cluster:
  process: {index}
  processes: 2
  matrix_rooms: ["{rooms[index]}"]
  matrix_accounts: [{peers}]
platforms:
  matrix:
    homeserver: {community.synapse.url}
    user_id: "{bots[index].user_id}"
    access_token: ${{VIGIE_MATRIX_TOKEN}}
    allowed_inviters: ["{mod}"]
    event_reports_interval: 0
communities:
  test:
    platform: matrix
    rooms: [{listed}]
    mod_channel: "{community.management}"
    moderators: {{power_level: 50}}
    rules:
      insults:
        triggers: [{{words: {{terms: [connard], category: hate_harassment}}}}]
        actions: [delete, report]
"""
    env = {"VIGIE_MATRIX_TOKEN": bots[index].access_token}
    return load_config_text(text, registry, file=f"vigie-{index}.yaml", env=env)


async def test_two_accounts_split_the_rooms_and_answer_commands_once(
    community,
    shared_db: str,
    state_url: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    synapse, registry = community.synapse, community.registry
    second = await asyncio.to_thread(synapse.server.register, f"vigie2{uuid.uuid4().hex[:8]}")
    bots = [synapse.accounts["vigie"], second]
    mod, alice = community.mod, community.alice
    # The fixture's rooms hold the first account; the second gets its own room and the
    # management room.
    await mod.invite(community.management, second.user_id)
    await _make_admin(mod, community.management, second.user_id)
    own_room = await mod.create_room(
        name="Seconde", invite=[second.user_id, alice.user_id], admins=[second.user_id]
    )
    await alice.join(own_room)
    rooms = [community.protected[0], own_room]
    configs = [
        process_config(
            community,
            registry,
            bots,
            rooms,
            index=i,
            storage=shared_db,
            state=state_url,
            journal=tmp_path / f"j{i}.sqlite",
        )
        for i in (0, 1)
    ]
    async with AsyncExitStack() as stack:
        running: list[Live] = []
        metrics = [Metrics.create(), Metrics.create()]
        for index, config in enumerate(configs):
            log = logging.getLogger(f"vigie.e2e.acc{index}")
            process = live(config, registry, logger=log, tick_seconds=0.2, metrics=metrics[index])
            running.append(await stack.enter_async_context(process))
        for process in running:
            await eventually(lambda p=process: _ready(p), within=30)
        for room, bot in zip(rooms, bots, strict=True):
            await eventually(lambda r=room, b=bot: _joined(mod, r, b.user_id), within=15)
        said = [await alice.send(room, "espèce de connard") for room in rooms]
        for room, event_id in zip(rooms, said, strict=True):
            await eventually(lambda r=room, e=event_id: mod.is_redacted(r, e))
        # Each room's message went through the engine of its own account's process only.
        await eventually(lambda: _handled(metrics, [1, 1]))
        storage = running[0].bot.executor.storage
        await eventually(lambda: _count_cases(storage, 2))
        redactors = [(await mod.event(r, e))["unsigned"] for r, e in zip(rooms, said, strict=True)]
        assert [u["redacted_because"]["sender"] for u in redactors] == [b.user_id for b in bots]
        # Both reports reach the shared management room, one from each account.
        reporters = await eventually(lambda: _reporters(mod, community.management, bots, 2))
        assert reporters == {b.user_id for b in bots}
        # The process owning the management room by its hash answers, and only it; the other
        # process's account is invited to the new list and watches it too.
        await mod.send(community.management, "!vigie list create spam")
        answering = owner_of(community.management, 2)
        other = running[1 - answering].adapter
        await eventually(lambda: _watches(other, "spam"), within=20)
    replies = [
        e
        for e in await mod.messages(community.management)
        if e["sender"] in {b.user_id for b in bots}
        and "Created the policy list spam" in e["content"].get("body", "")
    ]
    assert [e["sender"] for e in replies] == [bots[answering].user_id]
    # Neither account took the other's report buttons for a moderator's press, nor refused
    # the other's invite to the list.
    assert "refusing invite" not in caplog.text
    assert "cannot answer" not in caplog.text
    presses = [r for r in caplog.records if "press" in r.getMessage().casefold()]
    assert presses == [], [r.getMessage() for r in presses]


async def _make_admin(mod: MatrixUser, room: str, user_id: str) -> None:
    levels = await mod.state(room, "m.room.power_levels")
    levels.setdefault("users", {})[user_id] = 100
    await mod.put_state(room, "m.room.power_levels", levels)


async def _ready(process: Live) -> bool:
    for task in process.tasks:
        if task.done():
            task.result()  # a failed start fails the test with its own error
    return process.adapter.ready.is_set()


async def _joined(mod: MatrixUser, room: str, user_id: str) -> bool:
    return await mod.membership(room, user_id) == "join"


async def _watches(adapter: object, name: str) -> bool:
    return name in adapter.policies.names.values()  # type: ignore[attr-defined]


async def _handled(metrics: list[Metrics], expected: list[int]) -> bool:
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


async def _reporters(mod: MatrixUser, room: str, bots: list[Account], n: int) -> set[str] | None:
    ids = {b.user_id for b in bots}
    senders = {
        e["sender"]
        for e in await mod.messages(room)
        if e["sender"] in ids and "connard" in e["content"].get("body", "")
    }
    return senders if len(senders) >= n else None
