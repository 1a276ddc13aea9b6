"""Turn SIGTERM into an interrupt, so the session's fixtures still stop their servers."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import NoReturn

import pytest


def _interrupt(signum: int, frame: FrameType | None) -> NoReturn:
    """Raise KeyboardInterrupt, which pytest answers by tearing every fixture down."""
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_configure(config: pytest.Config) -> None:
    """Install the handler; by default SIGTERM kills pytest and leaves PostgreSQL and Redis up."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
