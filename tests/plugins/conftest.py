"""Fixtures shared by the plugin tests."""

from datetime import timedelta

import pytest

from bot.config import BUNDLED_PACKS
from plugins.packs.library import PackLibrary
from tests.support.packchat import PackChat, pack_chat


@pytest.fixture(scope="session")
def library():
    return PackLibrary(BUNDLED_PACKS)


@pytest.fixture
def spam_ads(registry, library) -> PackChat:
    """Return a spam pack chat where each line is a new member's, three hours apart."""
    # Nothing said before carries over: each line is judged as an advert on its own.
    return pack_chat("spam", registry, library, step=timedelta(hours=3), fresh_members=True)


@pytest.fixture
def spam_thread(registry, library) -> PackChat:
    """Return a spam pack chat where members talk forty seconds apart."""
    return pack_chat("spam", registry, library, step=timedelta(seconds=40))


@pytest.fixture
def scam_lines(registry, library) -> PackChat:
    """Return a scam pack chat where each line is a new member's, three hours apart."""
    return pack_chat("scam", registry, library, step=timedelta(hours=3), fresh_members=True)
