"""Structured logs: one JSON object per line, with the fields a collector indexes."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.config import load_config_text
from bot.observability.logs import LogFormat, use_format
from bot.observability.redaction import SecretFilter, secrets_of


@pytest.fixture
def logger() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    out = io.StringIO()
    log = logging.getLogger("vigie.test.json")
    handler = logging.StreamHandler(out)
    log.addHandler(handler)
    log.propagate = False
    log.setLevel(logging.INFO)
    try:
        yield log, out
    finally:
        log.removeHandler(handler)
        log.propagate = True
        log.setLevel(logging.NOTSET)


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


TOKEN = "syt_dmlnaWU_S3CRETtokenVALUE_1a2b3c"


class TokenInTheURL(RuntimeError):
    """What an HTTP library raises with the URL it called."""


def _fail(text: str) -> None:
    raise TokenInTheURL(text)


@pytest.mark.parametrize("kind", ["json", "text"])
def test_secrets_never_reach_the_written_log(
    logger: tuple[logging.Logger, io.StringIO], kind: LogFormat
) -> None:
    log, out = logger
    use_format(kind, log, secrets=[TOKEN])
    child = logging.getLogger("vigie.test.json.child")  # records of other loggers too
    log.info("GET https://hs.example.org/sync?since=s1&access_token=%s&timeout=30", "opaque42x")
    child.warning("headers: {'Authorization': 'Bearer %s'}", "another-opaque-value")
    log.info("connecting to %s", "postgresql://vigie:db-p4ssw0rd@db.example.org/vigie")
    log.info("the config token is %s", TOKEN)
    try:
        _fail(f"500 for https://hs.example.org/x?access_token={TOKEN}")
    except TokenInTheURL:
        log.exception("sync failed")
    try:
        _fail(TOKEN)
    except TokenInTheURL as err:
        log.error("sync failed", exc_info=err)  # noqa: TRY400 - as libraries do
    written = out.getvalue()
    for secret in (TOKEN, "opaque42x", "another-opaque-value", "db-p4ssw0rd"):
        assert secret not in written, written
    assert "access_token=***&timeout=30" in written
    assert "Bearer ***" in written
    assert "postgresql://vigie:***@db.example.org/vigie" in written
    assert "the config token is ***" in written
    assert written.count("TokenInTheURL: ") == 2  # the tracebacks are kept, masked


def test_short_values_are_not_masked_and_a_second_setup_replaces_the_first(
    logger: tuple[logging.Logger, io.StringIO],
) -> None:
    log, out = logger
    use_format("text", log, secrets=["abc", "first-secret"])
    use_format("json", log, secrets=["second-secret"])
    log.info("abc first-secret second-secret")
    (handler,) = log.handlers
    assert sum(isinstance(f, SecretFilter) for f in handler.filters) == 1
    assert json.loads(out.getvalue())["message"] == "abc first-secret ***"


def test_the_secrets_of_a_config_are_its_secret_fields_and_url_passwords(registry) -> None:
    text = """\
storage: postgresql://vigie:${DB_PW}@db/vigie
state: redis://:${REDIS_PW}@redis:6379/0
platforms:
  matrix:
    homeserver: https://hs.example.org
    user_id: "@vigie:example.org"
    access_token: ${TOKEN}
  discord:
    token: ${DISCORD}
communities:
  c:
    platform: matrix
    rooms: [general]
    mod_channel: mods
    rules:
      r: {triggers: [{words: [x]}], actions: [report]}
"""
    env = {"DB_PW": "db-pass-1", "REDIS_PW": "redis-pass-2", "TOKEN": TOKEN, "DISCORD": "d" * 30}
    model = load_config_text(text, registry, env=env).model
    found = secrets_of(model, [model.storage, model.state])
    assert found == {"db-pass-1", "redis-pass-2", TOKEN, "d" * 30}


def test_a_log_call_with_mismatched_arguments_is_still_written_masked(
    logger: tuple[logging.Logger, io.StringIO],
) -> None:
    log, out = logger
    use_format("json", log, secrets=[TOKEN])
    log.info("two values %s %s", TOKEN)  # noqa: PLE1206 - the mistake under test
    line = json.loads(out.getvalue())
    assert TOKEN not in out.getvalue()
    assert line["message"] == "two values %s %s ('***',)"
