"""Vigie killed with SIGKILL mid-action, then restarted: resumed, nothing doubled, chain intact."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.storage import Storage

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
INSULTS = [f"m{i}" for i in range(30) if i % 3 == 0]
CONFIG = """\
storage: sqlite:///{db}
communities:
  demo:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    reports: {{group_within: 0s}}
    rules:
      insults:
        triggers: [{{words: [connard]}}]
        actions: [delete, {{timeout: 1h}}, report]
"""


def run_bot(tmp_path: Path, crash_at: str | None) -> subprocess.CompletedProcess[str]:
    """Run the bot in its own process until it ends or is killed."""
    args = [sys.executable, str(HERE / "crashbot.py"), str(tmp_path / "vigie.yaml")]
    args += [str(tmp_path / "platform.jsonl"), *([crash_at] if crash_at else [])]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    "crash_at",
    [
        "delete:4",  # journaled, message not yet deleted
        "timeout:4",  # message deleted, case not yet written
        "write:4",  # every call made, case not yet written
    ],
)
async def test_killed_mid_action_resumes_without_doubling(tmp_path: Path, crash_at: str) -> None:
    db = tmp_path / "vigie.db"
    (tmp_path / "vigie.yaml").write_text(CONFIG.format(db=db))
    killed = run_bot(tmp_path, crash_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    restarted = run_bot(tmp_path, None)
    assert restarted.returncode == 0, restarted.stderr[-2000:]
    assert re.search(r"resumed \d+ incident\(s\) from the journal", restarted.stderr)

    lines = (tmp_path / "platform.jsonl").read_text().splitlines()
    # A call cut short by the kill may be made again: the platform takes it as a no-op.
    calls = [c for c in map(json.loads, lines) if not c["again"]]
    deleted = Counter(c["message_id"] for c in calls if c["kind"] == "delete")
    assert deleted == Counter(INSULTS)  # each insult deleted, none missed
    assert len([c for c in calls if c["kind"] == "timeout"]) == len(INSULTS)
    reported = Counter(c["case"] for c in calls if c["kind"] == "report")
    assert reported == Counter(str(n) for n in range(1, len(INSULTS) + 1))

    async with await Storage.open(f"sqlite:///{db}") as storage:
        cases = await storage.list_cases("demo", limit=100)
        assert Counter(c.message_id for c in cases) == Counter(INSULTS)
        evidence = await storage.evidence("demo")
        assert Counter(e.payload["message_id"] for e in evidence) == Counter(INSULTS)
        assert (await storage.verify_evidence()).ok
        assert await storage.pending_actions() == []
