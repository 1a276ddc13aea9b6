"""Pick a free loopback port, and start a server on one, again on another if it was taken."""

from __future__ import annotations

import socket
from collections.abc import Callable

#: Starts tried before giving up: another process may take a port between probe and bind.
START_ATTEMPTS = 3


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_on_free_port(
    start: Callable[[int], None],
    retry_on: type[Exception] | tuple[type[Exception], ...],
    *,
    attempts: int = START_ATTEMPTS,
) -> int:
    """Call `start(port)` on a free port, on a new one after `retry_on`; return the port.

    The last attempt's error propagates.
    """
    for _ in range(attempts - 1):
        port = free_port()
        try:
            start(port)
        except retry_on:
            # Another process may have taken the port between probe and bind.
            continue
        return port
    port = free_port()
    start(port)
    return port
