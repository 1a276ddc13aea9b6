"""Two Vigie processes on one Synapse account, one PostgreSQL and one Redis: rooms split."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.cluster.ownership import owner_of
from tests.support.livecluster import (
    cases_recorded,
    handled,
    live_processes,
    process_configs,
    watches,
)
from tests.support.synapse import eventually

if TYPE_CHECKING:
    from tests.e2e.conftest import Community

pytestmark = [pytest.mark.e2e, pytest.mark.redis, pytest.mark.postgres]


async def test_two_processes_split_the_rooms_and_share_policy_lists(
    community: Community, postgres_url: str, redis_url: str, tmp_path: Path
) -> None:
    configs = process_configs(community, storage=postgres_url, state=redis_url, folder=tmp_path)
    mod, alice = community.mod, community.alice
    async with live_processes(community, configs, log_name="p") as (running, metrics):
        said = [await alice.send(room, "espèce de connard") for room in community.protected]
        for room, event_id in zip(community.protected, said, strict=True):
            await eventually(functools.partial(mod.is_redacted, room, event_id))
        await eventually(lambda: cases_recorded(running[0], 2))
        # Each message went through the engine of the one process owning its room.
        owned = [sum(owner_of(r, 2) == i for r in community.protected) for i in (0, 1)]
        await eventually(lambda: handled(metrics, owned))
        # The process owning the management room answers; the other one adopts the new list.
        await mod.send(community.management, "!vigie list create spam")
        answering = owner_of(community.management, 2)
        other = running[1 - answering].adapter
        await eventually(lambda: watches(other, "spam"), within=15)
    bot = community.synapse.accounts["vigie"].user_id
    replies = [
        e
        for e in await mod.messages(community.management)
        if e["sender"] == bot and "Created the policy list spam" in e["content"].get("body", "")
    ]
    assert len(replies) == 1  # one process answered the command, not two
