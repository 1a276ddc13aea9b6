"""A deployment without Redis never loads its client library (about 13 MB of memory)."""

import subprocess
import sys

CHECK = """
import sys
import bot.app, bot.cluster.node, bot.runner, bot.state_factory
from bot.registry import load_plugins
load_plugins()
sys.exit("redis" in sys.modules)
"""


def test_a_process_without_redis_never_imports_it() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr or "redis was imported"
