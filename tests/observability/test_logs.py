"""Structured logs: one JSON object per line, with the fields a collector indexes."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.observability.logs import use_format


@pytest.fixture
def logger() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    out = io.StringIO()
    log = logging.getLogger("vigie.test.json")
    handler = logging.StreamHandler(out)
    log.addHandler(handler)
    log.propagate = False
    try:
        yield log, out
    finally:
        log.removeHandler(handler)
        log.propagate = True


def test_json_lines_carry_level_logger_message_time_and_extras(
    logger: tuple[logging.Logger, io.StringIO],
) -> None:
    log, out = logger
    use_format("json", log)
    log.warning("retry in %ss", 4, extra={"community": "c", "kind": "timeout"})
    try:
        int("bad")
    except ValueError:
        log.exception("failed")
    first, second = (
        json.loads(line) for line in out.getvalue().splitlines() if line.startswith("{")
    )
    assert first["level"] == "WARNING"
    assert first["logger"] == "vigie.test.json"
    assert first["message"] == "retry in 4s"
    assert (first["community"], first["kind"]) == ("c", "timeout")
    assert first["time"].endswith("+00:00")
    assert "ValueError: invalid literal" in second["exc_info"]


def test_text_stays_the_default_for_people(logger: tuple[logging.Logger, io.StringIO]) -> None:
    log, out = logger
    use_format("text", log)
    log.warning("hello")
    assert out.getvalue().rstrip().endswith("WARNING vigie.test.json: hello")
