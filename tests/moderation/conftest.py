"""Shared config and a ready bot for the moderator-workflow tests."""

from __future__ import annotations

import pytest

from bot.storage import Storage
from tests.support.modconfig import RULES


@pytest.fixture
async def mbot(testbot):
    """A bot with moderators (ranks 50 and 40), members alice and bob, and the bot at 100."""
    bot = await testbot(RULES)
    bot.member("mod", 50, display_name="Modo")
    bot.member("mod2", 50)
    bot.member("junior", 40)
    bot.member("alice", 0, display_name="Alice")
    bot.member("bob", 0, display_name="Bob")
    bot.member("vigie-bot", 100)
    return bot


@pytest.fixture
async def workflow_storage(storage_url):
    """Storage on a SQLite file and on PostgreSQL, for the workflow queries."""
    async with await Storage.open(storage_url) as opened:
        yield opened
