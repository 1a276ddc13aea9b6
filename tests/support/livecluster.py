"""Two live Vigie processes on the test Synapse, one PostgreSQL and one Redis, side by side."""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.adapters.matrix.localsynapse import Account
from bot.config import Config, load_config_text
from bot.observability.metrics import Metrics
from bot.runner import Live, live
from tests.support.synapse import eventually

if TYPE_CHECKING:
    from tests.e2e.conftest import Community

PROCESSES = 2


def process_configs(
    community: Community,
    *,
    storage: str,
    state: str,
    folder: Path,
    accounts: Sequence[Account] = (),
    rooms: Sequence[str] = (),
) -> list[Config]:
    """Return the configs of the processes: the insult rule on `rooms` (default: protected).

    Without `accounts`, all run on the shared bot account and split the rooms by hash; with
    them, process `i` runs on `accounts[i]` and handles `rooms[i]` (bot.cluster.settings).
    """
    configs = []
    for index in range(PROCESSES):
        account = accounts[index] if accounts else community.synapse.accounts["vigie"]
        share = ""
        if accounts:
            peers = ", ".join(f'"{a.user_id}"' for a in accounts if a is not account)
            share = f'  matrix_rooms: ["{rooms[index]}"]\n  matrix_accounts: [{peers}]'
        listed = ", ".join(f'"{r}"' for r in rooms or community.protected)
        text = f"""
storage: "{storage}"
state: "{state}"
journal: "{folder / f"j{index}.sqlite"}"
cluster:
  process: {index}
  processes: {PROCESSES}
{share}
platforms:
  matrix:
    homeserver: {community.synapse.url}
    user_id: "{account.user_id}"
    access_token: ${{VIGIE_MATRIX_TOKEN}}
    allowed_inviters: ["{community.synapse.accounts["mod"].user_id}"]
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
        env = {"VIGIE_MATRIX_TOKEN": account.access_token}
        file = f"vigie-{index}.yaml"
        configs.append(load_config_text(text, community.registry, file=file, env=env))
    return configs


@asynccontextmanager
async def live_processes(
    community: Community, configs: Sequence[Config], *, log_name: str
) -> AsyncIterator[tuple[list[Live], list[Metrics]]]:
    """Run one live Vigie per config, each with its own metrics, and yield once all are ready."""
    async with AsyncExitStack() as stack:
        running: list[Live] = []
        metrics = [Metrics.create() for _ in configs]
        for index, config in enumerate(configs):
            log = logging.getLogger(f"vigie.e2e.{log_name}{index}")
            starting = live(
                config, community.registry, logger=log, tick_seconds=0.2, metrics=metrics[index]
            )
            running.append(await stack.enter_async_context(starting))
        for process in running:
            await eventually(functools.partial(connected, process), within=30)
        yield running, metrics


async def connected(process: Live) -> bool:
    """Say whether the process is connected; a failed start fails the test with its own error."""
    for task in process.tasks:
        if task.done():
            task.result()
    return process.adapter.ready.is_set()


async def watches(adapter: Any, name: str) -> bool:
    """Say whether a Matrix adapter watches the policy list `name`."""
    return name in adapter.policies.names.values()


async def handled(metrics: Sequence[Metrics], expected: Sequence[int]) -> bool:
    """Say whether each process handled its expected count of messages (never more)."""
    counts = [
        m.registry.get_sample_value(
            "vigie_events_handled_total", {"community": "test", "kind": "MessageCreated"}
        )
        or 0
        for m in metrics
    ]
    assert all(c <= e for c, e in zip(counts, expected, strict=True)), (counts, expected)
    return counts == list(expected)


async def cases_recorded(process: Live, expected: int) -> bool:
    """Say whether the shared database holds `expected` cases (never more)."""
    cases = await process.bot.executor.storage.list_cases("test")
    assert len(cases) <= expected, [c.room for c in cases]
    return len(cases) == expected
