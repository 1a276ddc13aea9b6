"""Secrets: tokens read from the environment never reach logs, replies, reports or exports."""

from __future__ import annotations

import asyncio
import logging
import zipfile
from pathlib import Path

import pytest
from support.testbot import START, TestBot

from bot.adapters.fake import FakeAdapter
from bot.app import open_bot
from bot.cli import main
from bot.clock import ManualClock
from bot.config import ConfigError, load_config_text

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
    assert config.model.platforms.matrix.access_token.get_secret_value() == MATRIX_TOKEN
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
