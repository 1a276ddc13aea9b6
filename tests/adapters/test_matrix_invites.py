"""Whose invites the Matrix adapter accepts: listed users, listed servers, server globs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.matrix import MatrixAdapter
from bot.config import load_config_text
from bot.registry import Registry
from bot.storage import Storage

CONFIG = """
storage: sqlite:///{db}
platforms:
  matrix:
    homeserver: http://127.0.0.1:9
    user_id: "@vigie:example.org"
    access_token: ${{VIGIE_MATRIX_TOKEN}}
    allowed_inviters: ["@mod:example.org", "trusted.org", "*.partner.net"]
communities:
  c:
    platform: matrix
    rooms: ["#general:example.org"]
    mod_channel: "#mods:example.org"
    rules: {{}}
"""


@pytest.mark.parametrize(
    ("inviter", "allowed"),
    [
        ("@mod:example.org", True),  # a listed user
        ("@someone:example.org", False),  # same server, another user: not listed
        ("@anyone:trusted.org", True),  # a listed server: any of its users
        ("@anyone:eviltrusted.org", False),  # a server name is matched whole
        ("@x:lyon.partner.net", True),  # a server glob
        ("@x:partner.net", False),  # the glob asks for a subdomain
        ("@mod:example.org.evil.com", False),  # the user's server is all after the colon
        ("mod", False),  # not a Matrix user id
        (None, False),  # an invite whose sender is unknown
    ],
)
async def test_an_invite_is_accepted_only_from_a_listed_user_or_server(
    registry: Registry, tmp_path: Path, inviter: str | None, allowed: bool
) -> None:
    text = CONFIG.format(db=tmp_path / "vigie.db")
    config = load_config_text(text, registry, env={"VIGIE_MATRIX_TOKEN": "t"})
    async with await Storage.open(config.model.storage) as storage:
        adapter = MatrixAdapter(config, storage)
        try:
            assert adapter.inviter_allowed(inviter) is allowed
        finally:
            await adapter.close()
