"""Shared fixtures: the plugin registry, configs from YAML text, and the test bot."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from bot.config import Config, load_config_text
from bot.registry import Registry, load_plugins
from tests.support.postgres import (  # noqa: F401 - fixtures shared by the whole suite
    postgres_server,
    postgres_url,
    storage_url,
)
from tests.support.redis import redis_server, redis_url  # noqa: F401 - shared fixtures
from tests.support.testbot import TestBot, open_testbot

# Property tests judge correctness; a busy 2-core machine must not fail them on time alone.
# Tests that bound time on purpose set their own deadline.
settings.register_profile("vigie", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("vigie")

pytest_plugins = ["tests.support.signals"]


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_plugins()


@pytest.fixture
def make_config(registry: Registry) -> Callable[[str], Config]:
    def make(text: str, env: dict[str, str] | None = None) -> Config:
        return load_config_text(text, registry, file="test.yaml", env=env or {})

    return make


@pytest.fixture
async def testbot(
    registry: Registry, tmp_path: Path
) -> AsyncIterator[Callable[[str], Awaitable[TestBot]]]:
    async with open_testbot(registry, tmp_path) as factory:
        yield factory
