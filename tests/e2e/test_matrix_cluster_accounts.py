"""Two Vigie processes, each on a Synapse account of its own, splitting the protected rooms.

Each account is invited to its own share of the rooms and to the shared management room;
one PostgreSQL and one Redis serve both processes.
"""

from __future__ import annotations

import asyncio
import functools
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.adapters.matrix.localsynapse import Account
from bot.cluster.ownership import owner_of
from tests.support.livecluster import (
    cases_recorded,
    handled,
    live_processes,
    process_configs,
    watches,
)
from tests.support.synapse import MatrixUser, eventually

if TYPE_CHECKING:
    from tests.e2e.conftest import Community

pytestmark = [pytest.mark.e2e, pytest.mark.redis, pytest.mark.postgres]


async def test_two_accounts_split_the_rooms_and_answer_commands_once(
    community: Community,
    postgres_url: str,
    redis_url: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    synapse = community.synapse
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
    configs = process_configs(
        community,
        storage=postgres_url,
        state=redis_url,
        folder=tmp_path,
        accounts=bots,
        rooms=rooms,
    )
    async with live_processes(community, configs, log_name="acc") as (running, metrics):
        for room, bot in zip(rooms, bots, strict=True):
            await eventually(functools.partial(_joined, mod, room, bot.user_id), within=15)
        said = [await alice.send(room, "espèce de connard") for room in rooms]
        for room, event_id in zip(rooms, said, strict=True):
            await eventually(functools.partial(mod.is_redacted, room, event_id))
        # Each room's message went through the engine of its own account's process only.
        await eventually(lambda: handled(metrics, [1, 1]))
        await eventually(lambda: cases_recorded(running[0], 2))
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
        await eventually(lambda: watches(other, "spam"), within=20)
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


async def _joined(mod: MatrixUser, room: str, user_id: str) -> bool:
    return await mod.membership(room, user_id) == "join"


async def _reporters(mod: MatrixUser, room: str, bots: list[Account], n: int) -> set[str] | None:
    ids = {b.user_id for b in bots}
    senders = {
        e["sender"]
        for e in await mod.messages(room)
        if e["sender"] in ids and "connard" in e["content"].get("body", "")
    }
    return senders if len(senders) >= n else None
