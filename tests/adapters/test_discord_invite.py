"""`vigie invite-url`: exactly the permissions the enabled rules need, and why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import discord
import pytest

from bot import cli
from bot.adapters.discord_invite import application_id_of, needs_of
from bot.config import Config

HEAD = """
platforms:
  discord: {token: "${VIGIE_DISCORD_TOKEN}", application_id: "900000000000000001"}
communities:
  entraide:
    platform: discord
    guild: "123456789012345678"
    mod_channel: "223456789012345678"
"""


def _config(make_config: Callable[..., Config], rules: str, extra: str = "") -> Config:
    return make_config(HEAD + extra + "    rules:\n" + rules, {"VIGIE_DISCORD_TOKEN": "t"})


def test_delete_only_needs_manage_messages_and_no_sanction(
    make_config: Callable[..., Config], registry: Any
) -> None:
    config = _config(
        make_config,
        "      spam:\n        triggers: [{words: [casino]}]\n        actions: [delete]\n",
    )
    needs = needs_of(config, registry, ["entraide"])
    assert set(needs.reasons) == {
        "view_channel",
        "send_messages",
        "read_message_history",
        "view_audit_log",
        "manage_messages",
    }
    assert "rule spam: delete" in needs.reasons["manage_messages"][0]


def test_disabled_and_dry_run_rules_need_nothing_but_escalations_and_ladders_do(
    make_config: Callable[..., Config], registry: Any
) -> None:
    rules = (
        "      off:\n        enabled: false\n        triggers: [{words: [a]}]\n"
        "        actions: [ban]\n"
        "      dry:\n        dry_run: true\n        triggers: [{words: [b]}]\n"
        "        actions: [kick]\n"
        "      live:\n        triggers: [{words: [c]}]\n        actions: [warn]\n"
        "        escalate: [{after: 3, within: 1d, then: [{timeout: 1h}]}]\n"
    )
    ladders = "    ladders: [{count: warn, after: 5, within: 7d, then: kick}]\n"
    needs = needs_of(_config(make_config, rules, ladders), registry, ["entraide"])
    assert "ban_members" not in needs.reasons
    assert "moderate_members" in needs.reasons  # the escalation step
    assert any("ladder" in why for why in needs.reasons["kick_members"])


def test_reports_bring_their_buttons_and_commands_bring_the_rest(
    make_config: Callable[..., Config], registry: Any
) -> None:
    config = _config(
        make_config,
        "      r:\n        triggers: [{words: [x]}]\n        actions: [report]\n",
    )
    needs = needs_of(config, registry, ["entraide"])
    assert {"embed_links", "ban_members", "moderate_members", "manage_messages"} <= set(
        needs.reasons
    )
    assert "manage_roles" not in needs.reasons
    everything = needs_of(config, registry, ["entraide"], commands=True)
    assert {"manage_roles", "manage_channels", "kick_members"} <= set(everything.reasons)


def test_the_command_prints_the_url_and_the_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VIGIE_DISCORD_TOKEN", raising=False)  # not needed for a URL
    path = tmp_path / "vigie.yaml"
    path.write_text(
        HEAD + "    rules:\n      t:\n        triggers: [{words: [x]}]\n"
        "        actions: [delete, {timeout: 10m}]\n"
    )
    assert cli.main(["invite-url", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    url = urlparse(out.splitlines()[0])
    query = parse_qs(url.query)
    assert url.netloc == "discord.com"
    assert query["client_id"] == ["900000000000000001"]
    assert query["scope"] == ["bot applications.commands"]
    assert query["guild_id"] == ["123456789012345678"]
    permissions = discord.Permissions(int(query["permissions"][0]))
    assert permissions.manage_messages
    assert permissions.moderate_members
    assert not permissions.ban_members
    assert not permissions.administrator
    assert "Moderate Members: time members out" in out


def test_the_application_id_can_come_from_the_token(
    make_config: Callable[..., Config],
) -> None:
    text = HEAD.replace(', application_id: "900000000000000001"', "")
    config = make_config(text, {"VIGIE_DISCORD_TOKEN": "OTAwMDAwMDAwMDAwMDAwMDAx.G1.abc"})
    assert application_id_of(config, None) == "900000000000000001"
    assert application_id_of(config, "42") == "42"
