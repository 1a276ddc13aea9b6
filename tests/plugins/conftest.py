"""Fixtures shared by the plugin tests."""

import pytest

from bot.config import BUNDLED_PACKS
from plugins.packs.library import PackLibrary


@pytest.fixture(scope="session")
def library():
    return PackLibrary(BUNDLED_PACKS)
