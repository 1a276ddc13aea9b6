"""Fixtures shared by the normalizer tests."""

import pytest

from bot.config import BUNDLED_PACKS
from plugins.packs.library import PackLibrary


@pytest.fixture(scope="session")
def library() -> PackLibrary:
    return PackLibrary(BUNDLED_PACKS)
