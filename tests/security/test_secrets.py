"""Secrets: tokens read from the environment never reach logs, replies, reports or exports."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.adapters.fake import FakeAdapter
from bot.app import open_bot
from bot.cli import main
from bot.clock import ManualClock
from bot.config import Config, ConfigError, load_config_text
from tests.support.synapse import MatrixUser, SynapseSession, eventually, started_session
from tests.support.testbot import START, TestBot

MATRIX_TOKEN = "syt_c2VjcmV0_S3CRETmatrixTOKEN_4f9a2"
MATRIX_PASSWORD = "hunter2-S3CRET-password-77c1"
DISCORD_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.S3CRET.discordTOKENxyz"
SECRETS = (MATRIX_TOKEN, MATRIX_PASSWORD, DISCORD_TOKEN)
ENV = {
    "VIGIE_T_MATRIX_TOKEN": MATRIX_TOKEN,
    "VIGIE_T_MATRIX_PASSWORD": MATRIX_PASSWORD,
    "VIGIE_T_DISCORD_TOKEN": DISCORD_TOKEN,
}

CONFIG = """\
storage: sqlite:///{db}
platforms:
  matrix:
    homeserver: https://matrix.example.org
    user_id: "@vigie:example.org"
    access_token: ${{VIGIE_T_MATRIX_TOKEN}}
    password: ${{VIGIE_T_MATRIX_PASSWORD}}
  discord:
    token: ${{VIGIE_T_DISCORD_TOKEN}}
communities:
  demo:
    platform: matrix
    rooms: [general]
    mod_channel: mods
    moderators: {{users: [mod], power_level: 50}}
    on_call: "@oncall"
    retention: {{default: 30d}}
    rules:
      insults:
        category: hate_harassment
        triggers: [{{words: [connard]}}]
        actions: [delete, warn, report]
      drugs:
        category: drugs
        triggers: [{{words: [beuh]}}]
        actions: [delete, {{timeout: 1h}}, report]
"""


def _leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def _matrix_token(config: Config) -> str:
    matrix = config.model.platforms.matrix
    assert matrix is not None
    assert matrix.access_token is not None
    return matrix.access_token.get_secret_value()


async def test_secrets_never_appear_in_logs_replies_reports_exports_or_stats(
    registry, tmp_path, caplog, capsys, monkeypatch
):
    caplog.set_level(logging.DEBUG)
    db = tmp_path / "vigie.db"
    text = CONFIG.format(db=db)
    config_file = tmp_path / "vigie.yaml"
    config_file.write_text(text)
    config = load_config_text(text, registry, file=str(config_file), env=ENV)
    # Loaded, the secrets are there, and only behind SecretStr.
    assert _matrix_token(config) == MATRIX_TOKEN
    assert not _leaks(repr(config.model))
    assert not _leaks(str(config.model))
    assert not _leaks(repr(config.model.model_dump()))

    seen: list[str] = []
    adapter = FakeAdapter("matrix")
    async with open_bot(
        config,
        registry,
        adapter,
        storage_url=f"sqlite:///{db}",
        clock=ManualClock(START),
        logger=logging.getLogger("vigie.secrets"),
    ) as running:
        bot = TestBot(running, adapter, "demo")
        bot.member("mod", 50)
        bot.member("alice", 0)
        bot.member("bob", 0)
        await bot.say("t'es un connard", user="alice")
        await bot.say("beuh ce soir", user="bob")
        for command in (
            "!vigie ban alice 7d repeated insults",
            "!vigie case 1",
            "!vigie cases alice",
            "!vigie status",
            "!vigie rules",
            "!vigie help",
            "!vigie reload",
            f"!vigie warn bob {MATRIX_TOKEN[:6]}",
        ):
            reply = await bot.command(command)
            assert reply is not None
            seen.append(reply.text)
        reply = await bot.press(adapter.report_ids[-1], "timeout")
        seen.append(reply.text if reply else "")
        seen += [card.render_text() for card in adapter.reports]
        seen += [repr(call) for call in adapter.calls]

    monkeypatch.setenv("VIGIE_T_MATRIX_TOKEN", MATRIX_TOKEN)
    monkeypatch.setenv("VIGIE_T_MATRIX_PASSWORD", MATRIX_PASSWORD)
    monkeypatch.setenv("VIGIE_T_DISCORD_TOKEN", DISCORD_TOKEN)
    out = tmp_path / "export"
    out.mkdir()
    common = ["--config", str(config_file)]
    for argv in (
        ["-v", "check-config", str(config_file)],
        ["-v", "export", "case", "1", *common, "--out", str(out), "--zip"],
        ["-v", "export", "statements", *common, "--since", "2026-01-01"],
        ["-v", "stats", *common],
        ["-v", "stats", *common, "--json"],
        ["-v", "evidence", "verify", *common],
    ):
        assert await asyncio.to_thread(main, argv) == 0, argv
    captured = capsys.readouterr()
    seen += [captured.out, captured.err]
    assert "Case" in captured.out or "case" in captured.out
    written = [path for path in out.rglob("*") if path.is_file()]
    assert written
    for path in written:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as bundle:
                seen += [bundle.read(name).decode("utf-8", "replace") for name in bundle.namelist()]
        else:
            seen.append(path.read_bytes().decode("utf-8", "replace"))
    # The database holds cases and evidence: none of it may be a credential.
    seen.append(db.read_bytes().decode("utf-8", "replace"))
    seen += [record.getMessage() for record in caplog.records]
    seen += [caplog.text]
    assert len(caplog.records) > 0
    for text_seen in seen:
        assert not _leaks(text_seen), text_seen[:500]


@pytest.mark.parametrize(
    "field",
    [
        "homeserver: ${VIGIE_T_MATRIX_TOKEN}\n    user_id: 5",
        "user_id: [${VIGIE_T_MATRIX_TOKEN}]",
        "user_id: u\n    allowed_inviters: [{a: ${VIGIE_T_MATRIX_TOKEN}}]",
    ],
)
def test_config_errors_never_quote_a_value_read_from_the_environment(registry, field):
    text = (
        "platforms:\n  matrix:\n    "
        + field
        + "\n    access_token: ${VIGIE_T_MATRIX_TOKEN}\n    device_id: ${VIGIE_T_DISCORD_TOKEN}"
        + "\n    event_reports_interval: ${VIGIE_T_MATRIX_PASSWORD}\n"
        "communities:\n  demo: {platform: matrix, rooms: [g], mod_channel: m}\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_config_text(text, registry, file="s.yaml", env=ENV)
    assert not _leaks(str(caught.value)), str(caught.value)


def test_a_credential_written_in_the_file_is_refused_without_being_quoted(registry):
    text = (
        f"platforms:\n  discord:\n    token: {DISCORD_TOKEN}\n"
        "communities:\n  demo: {platform: discord, guild: '1', mod_channel: m}\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_config_text(text, registry, file="s.yaml", env={})
    assert "environment only" in str(caught.value)
    assert not _leaks(str(caught.value))


def test_written_config_file_keeps_only_references(tmp_path: Path):
    assert not _leaks(CONFIG)


@pytest.fixture(scope="module")
def synapse_server() -> Iterator[SynapseSession]:
    with started_session() as session:
        yield session


LIVE_CONFIG = """\
storage: sqlite:///{db}
logs: {{format: json}}
platforms:
  matrix:
    homeserver: {homeserver}
    user_id: "{user_id}"
    access_token: ${{VIGIE_T_MATRIX_TOKEN}}
    allowed_inviters: ["{mod}"]
    event_reports_interval: 0
communities:
  demo:
    platform: matrix
    rooms: ["{room}"]
    mod_channel: "{management}"
    moderators: {{power_level: 50}}
    rules:
      insults:
        triggers: [{{words: [connard]}}]
        actions: [delete, report]
"""


@contextmanager
def _vigie(config: Path, token: str) -> Iterator[tuple[list[str], Callable[[], str]]]:
    """Run `vigie run` with JSON logs at debug level in the block; then its stdout, stderr.

    The output goes to files, never to pipes nobody reads while it runs (a full pipe would
    stop the bot). It is stopped as systemd stops it, with SIGTERM. The block is also given
    a function that returns what the bot has written to stderr so far.
    """
    env = {**os.environ, "VIGIE_T_MATRIX_TOKEN": token}
    argv = [sys.executable, "-m", "bot.cli", "-v", "run", "--config", str(config)]
    argv += ["--log-format", "json"]
    written: list[str] = []
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=err, text=True)

        def stderr_so_far() -> str:
            # pread leaves the offset the bot writes at alone.
            return os.pread(err.fileno(), 1 << 24, 0).decode(errors="replace")

        try:
            yield written, stderr_so_far
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for stream in (out, err):
            stream.seek(0)
            written.append(stream.read())


def _json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


async def test_a_live_bot_with_json_logs_never_logs_its_access_token(
    synapse_server: SynapseSession, tmp_path: Path
) -> None:
    accounts = synapse_server.accounts
    token = accounts["vigie"].access_token
    mod, alice = synapse_server.user("mod"), synapse_server.user("alice")
    bot = accounts["vigie"].user_id
    management = await mod.create_room(name="Mods", invite=[bot], admins=[bot])
    room = await mod.create_room(name="General", invite=[bot, alice.user_id], admins=[bot])
    await alice.join(room)
    fields = {
        "db": tmp_path / "vigie.db",
        "homeserver": synapse_server.url,
        "user_id": bot,
        "mod": accounts["mod"].user_id,
        "room": room,
        "management": management,
    }
    config = tmp_path / "vigie.yaml"
    config.write_text(LIVE_CONFIG.format(**fields))
    with _vigie(config, token) as (output, _):
        for joined in (management, room):
            await eventually(functools.partial(_member, mod, joined, bot), within=20)
        await mod.send(management, "!vigie status")
        # The status answer says the bot reads the rooms now, past its first sync.
        await eventually(lambda: _answered(mod, management, bot), within=20)
        said = await alice.send(room, "espèce de connard")
        await eventually(lambda: mod.is_redacted(room, said), within=20)
    out, err = output
    lines = _json_lines(err)
    assert any("Vigie is running" in str(line.get("message")) for line in lines), err[-2000:]
    assert token not in out
    assert token not in err, [line for line in err.splitlines() if token in line][:3]

    # A homeserver that refuses connections: the errors name the URL, never the token.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config.write_text(LIVE_CONFIG.format(**{**fields, "homeserver": closed}))
    with _vigie(config, token) as (output, stderr_so_far):
        # A few attempts to connect, logged; a loaded machine may take seconds to start it.
        async def tried_again() -> bool:
            return stderr_so_far().count("cannot log in") >= 2

        await eventually(tried_again, within=60)
    out, err = output
    assert _json_lines(err), err[-2000:]
    assert "127.0.0.1" in err  # the failure is logged, with where it tried
    assert token not in out
    assert token not in err, [line for line in err.splitlines() if token in line][:3]


async def _member(user: MatrixUser, room: str, user_id: str) -> bool:
    return await user.membership(room, user_id) == "join"


async def _answered(user: MatrixUser, room: str, sender: str) -> bool:
    return any(e["sender"] == sender for e in await user.messages(room))
