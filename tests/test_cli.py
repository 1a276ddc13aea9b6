"""The command line as a shell user meets it."""

import os
import subprocess
import sys

from bot.config import BUNDLED_CONFIG


def test_a_reader_gone_before_the_output_gets_no_traceback() -> None:
    # `vigie check-config FILE | head -0`: the reading end is closed before anything comes.
    reading, writing = os.pipe()
    os.close(reading)
    command = [sys.executable, "-c", "from bot.cli import entry; entry()"]
    command += ["check-config", str(BUNDLED_CONFIG)]
    try:
        done = subprocess.run(command, stdout=writing, stderr=subprocess.PIPE, check=False)
    finally:
        os.close(writing)
    assert "Traceback" not in done.stderr.decode()
    assert b"BrokenPipe" not in done.stderr
    assert done.returncode == 1
