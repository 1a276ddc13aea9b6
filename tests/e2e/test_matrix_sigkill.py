"""The real `vigie run` on a real Synapse, killed with SIGKILL while it handles violations.

Restarted on the same database, it finishes what it had in hand: every violation redacted
exactly once (as another member sees the room), one case each, the evidence chain intact and
nothing left pending. A redaction repeated after the kill is harmless because the adapter
sends it under a transaction id fixed by the room and event (bot/adapters/matrix/client.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.adapters.matrix.client import MatrixClient
from bot.storage import Storage
from tests.support.synapse import SynapseSession, bot_limited_session, eventually

if TYPE_CHECKING:
    from tests.e2e.conftest import Community

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
VIOLATIONS = 6
CONFIG = """\
storage: {storage}
platforms:
  matrix:
    homeserver: {homeserver}
    user_id: "{bot}"
    access_token: ${{VIGIE_MATRIX_TOKEN}}
    allowed_inviters: ["{mod}"]
communities:
  test:
    platform: matrix
    rooms: [{rooms}]
    mod_channel: "{management}"
    moderators: {{power_level: 50}}
    reports: {{group_within: 0s}}
    rules:
      insults:
        triggers: [{{words: {{terms: [connard], category: hate_harassment}}}}]
        actions: [delete, report]
"""


#: The bot's redactions of others' messages and its own messages, per second and burst: slow
#: enough that a burst of violations is still in hand when the kill comes.
LIMITS = {
    "rc_message": {"per_second": 4, "burst_count": 2},
    "rc_admin_redaction": {"per_second": 1, "burst_count": 1},
}


@pytest.fixture(scope="module")
def synapse() -> Iterator[SynapseSession]:
    """Run a Synapse of this module's own, where only the bot is rate-limited."""
    with bot_limited_session(LIMITS) as session:
        yield session


class Bot:
    """`python -m bot.cli run` in a process of its own, logging to a file."""

    def __init__(self, config: Path, token: str) -> None:
        self.config = config
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "VIGIE_MATRIX_TOKEN": token}
        self.runs = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> Path:
        return self.config.parent / f"run{self.runs}.log"

    def start(self) -> None:
        self.runs += 1
        args = [sys.executable, "-m", "bot.cli", "run", "--config", str(self.config)]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(args, env=self.env, stdout=log, stderr=log, cwd=ROOT)

    def said(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self, sig: signal.Signals = signal.SIGKILL) -> int:
        assert self.process is not None
        self.process.send_signal(sig)
        return self.process.wait(timeout=30)


@asynccontextmanager
async def running(bot: Bot) -> AsyncIterator[Bot]:
    """Start the bot; whatever happens, end the process at the end of the block."""
    bot.start()
    try:
        yield bot
    finally:
        if bot.process is not None and bot.process.poll() is None:
            bot.kill(signal.SIGKILL)


async def _running_on(bot: Bot) -> None:
    async def ready() -> bool:
        assert bot.process is not None
        assert bot.process.poll() is None, bot.said()[-3000:]
        return "Vigie is running" in bot.said()

    await eventually(ready, within=30)


def _redacted_by(events: list[dict[str, object]]) -> Counter[str]:
    """Count the redaction events aimed at each event id."""
    counts: Counter[str] = Counter()
    for event in events:
        if event.get("type") == "m.room.redaction":
            content = event.get("content")
            target = event.get("redacts") or (
                content.get("redacts") if isinstance(content, dict) else None
            )
            counts[str(target)] += 1
    return counts


@pytest.mark.parametrize(
    ("storage_url", "kill_at"),
    [
        ("sqlite", "posted"),
        ("sqlite", "first_redacted"),
        pytest.param("postgres", "first_redacted", marks=pytest.mark.postgres),
    ],
    indirect=["storage_url"],
)
async def test_sigkill_mid_handling_then_restart_redacts_each_violation_once(
    community: Community, storage_url: str, tmp_path: Path, kill_at: str
) -> None:
    accounts = community.synapse.accounts
    config = tmp_path / "vigie.yaml"
    config.write_text(
        CONFIG.format(
            storage=storage_url,
            homeserver=community.synapse.url,
            bot=accounts["vigie"].user_id,
            mod=accounts["mod"].user_id,
            rooms=", ".join(f'"{r}"' for r in community.protected),
            management=community.management,
        )
    )
    room, mod, alice = community.protected[0], community.mod, community.alice
    bot = Bot(config, accounts["vigie"].access_token)
    async with running(bot):
        await _running_on(bot)
        await _first_sync_saved(storage_url, accounts["vigie"].user_id)
        violations = []
        for index in range(VIOLATIONS):
            violations.append(await alice.send(room, f"espèce de connard n°{index}"))
            await alice.send(room, f"salut {index}")
        if kill_at == "first_redacted":
            await eventually(lambda: mod.is_redacted(room, violations[0]), within=30, every=0.02)
        assert bot.kill() == -signal.SIGKILL
    done_before = sum([await mod.is_redacted(room, v) for v in violations])
    assert done_before < VIOLATIONS  # killed with work in hand

    async with running(bot):
        await _running_on(bot)

        async def all_redacted() -> bool:
            return all([await mod.is_redacted(room, v) for v in violations])

        await eventually(all_redacted, within=90)
        async with await Storage.open(storage_url) as storage:

            async def settled() -> bool:
                # Cases follow their deletions in the background: wait for the last one.
                cases = await storage.list_cases("test", limit=100)
                return len(cases) >= VIOLATIONS and await storage.pending_actions("test") == []

            await eventually(settled, within=60)
        assert bot.kill(signal.SIGTERM) == 0, bot.said()[-3000:]

    redactions = _redacted_by(await mod.messages(room, limit=200))
    assert {v: redactions[v] for v in violations} == dict.fromkeys(violations, 1)
    posted = await mod.messages(community.management, limit=200)
    reports = [
        e
        for e in posted
        if e["sender"] == accounts["vigie"].user_id
        and e["type"] == "m.room.message"
        and "m.new_content" not in e["content"]
    ]
    assert len(reports) == VIOLATIONS  # one report each, none posted twice
    async with await Storage.open(storage_url) as storage:
        cases = await storage.list_cases("test", limit=100)
        assert Counter(c.message_id for c in cases) == Counter(violations)
        evidence = await storage.evidence("test")
        assert Counter(e.payload["message_id"] for e in evidence) == Counter(violations)
        assert (await storage.verify_evidence()).ok
        assert await storage.pending_actions() == []


async def test_a_redaction_repeated_by_a_new_process_makes_no_second_event(
    community: Community,
) -> None:
    account = community.synapse.accounts["vigie"]
    room, mod = community.protected[0], community.mod
    await community.synapse.user("vigie").join(room)
    target = await community.alice.send(room, "espèce de connard")
    for _ in range(2):  # two processes, one after the other, with the same access token
        client = MatrixClient(community.synapse.url, account.user_id)
        try:
            await client.login_token(account.access_token)
            await client.redact(room, target, "listed word: connard")
        finally:
            await client.close()
    assert await mod.is_redacted(room, target)
    assert _redacted_by(await mod.messages(room, limit=50))[target] == 1


async def _first_sync_saved(storage_url: str, bot_id: str) -> None:
    """Wait until the bot has saved its first sync token: from then on, nothing posted is skipped.

    A first start scans only what followed the bot's own join in its first sync
    (bot/adapters/matrix/intake.py); waiting for the token keeps this test off that edge.
    """
    async with await Storage.open(storage_url) as storage:

        async def saved() -> bool:
            return bool(await storage.get_value(f"matrix:{bot_id}:next_batch"))

        await eventually(saved, within=30)
