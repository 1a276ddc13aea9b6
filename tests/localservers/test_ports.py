"""Starting a server on a free port: a taken port is retried, other errors are not."""

from __future__ import annotations

import socket

import pytest

from bot.localservers.ports import START_ATTEMPTS, free_port, start_on_free_port


class Taken(RuntimeError):
    pass


class Refused(RuntimeError):
    pass


def test_a_free_port_can_be_bound() -> None:
    port = free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", port))


def test_a_taken_port_is_retried_on_another_and_the_good_one_returned() -> None:
    tried: list[int] = []

    def start(port: int) -> None:
        tried.append(port)
        if len(tried) < START_ATTEMPTS:
            raise Taken(port)

    assert start_on_free_port(start, Taken) == tried[-1]
    assert len(tried) == START_ATTEMPTS


def test_the_last_attempts_error_propagates() -> None:
    tried: list[int] = []

    def start(port: int) -> None:
        tried.append(port)
        raise Taken(len(tried))

    with pytest.raises(Taken, match=str(START_ATTEMPTS)):
        start_on_free_port(start, Taken)
    assert len(tried) == START_ATTEMPTS


def test_other_errors_are_not_retried() -> None:
    tried: list[int] = []

    def start(port: int) -> None:
        tried.append(port)
        raise Refused(port)

    with pytest.raises(Refused):
        start_on_free_port(start, Taken)
    assert len(tried) == 1
