"""E2E fixtures: one real Synapse per session, fresh rooms and a fresh Vigie per test."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.config import Config, load_config_text
from bot.registry import Registry
from bot.runner import Live, live
from tests.support.livecluster import connected
from tests.support.synapse import MatrixUser, SynapseSession, eventually, started_session

RULES = """
      insults:
        triggers: [{words: {terms: [connard, "fils de pute"], category: hate_harassment}}]
        actions: [delete, report]
"""


@pytest.fixture(scope="session")
def synapse() -> Iterator[SynapseSession]:
    with started_session() as session:
        yield session


@dataclass
class Community:
    """Rooms made for one test by the moderator, with the bot and alice invited."""

    synapse: SynapseSession
    mod: MatrixUser
    alice: MatrixUser
    management: str
    protected: list[str]
    db: Path
    registry: Registry

    def config_for(self, rules: str) -> Config:
        return self.config(self.registry, rules)

    def config(self, registry: Registry, rules: str = RULES, extra: str = "") -> Config:
        accounts = self.synapse.accounts
        rooms = ", ".join(f'"{r}"' for r in self.protected)
        text = f"""
storage: sqlite:///{self.db}
platforms:
  matrix:
    homeserver: {self.synapse.url}
    user_id: "{accounts["vigie"].user_id}"
    access_token: ${{VIGIE_MATRIX_TOKEN}}
    allowed_inviters: ["{accounts["mod"].user_id}"]
communities:
  test:
    platform: matrix
    rooms: [{rooms}]
    mod_channel: "{self.management}"
    moderators: {{power_level: 50}}
{extra}
    rules:
{rules}
"""
        env = {"VIGIE_MATRIX_TOKEN": accounts["vigie"].access_token}
        return load_config_text(text, registry, file="e2e.yaml", env=env)


@pytest.fixture
async def community(synapse: SynapseSession, tmp_path: Path, registry: Registry) -> Community:
    mod, alice = synapse.user("mod"), synapse.user("alice")
    bot = synapse.accounts["vigie"].user_id
    management = await mod.create_room(name="Modération", invite=[bot], admins=[bot])
    protected = []
    for name in ("Général", "Ados"):
        room = await mod.create_room(name=name, invite=[bot, alice.user_id], admins=[bot])
        await alice.join(room)
        protected.append(room)
    return Community(synapse, mod, alice, management, protected, tmp_path / "vigie.db", registry)


VigieFactory = Callable[..., AbstractAsyncContextManager[Live]]


@pytest.fixture
def vigie(registry: Registry, community: Community) -> VigieFactory:
    """Return a factory that runs Vigie on the test's community until the block ends."""

    @asynccontextmanager
    async def run(
        config: Config | None = None, *, ready_within: float = 15, **options: object
    ) -> AsyncIterator[Live]:
        config = config or community.config(registry)
        options.setdefault("tick_seconds", 0.2)
        logger = logging.getLogger("vigie.e2e")
        async with live(config, registry, logger=logger, **options) as running:  # type: ignore[arg-type]
            await eventually(lambda: connected(running), within=ready_within)
            yield running

    return run
