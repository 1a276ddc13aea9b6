"""Build an engine on the bundled example config, as replay and the benches do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.app import build_engine, build_services
from bot.config import BUNDLED_CONFIG, Config, load_config

if TYPE_CHECKING:
    from bot.engine import Engine
    from bot.registry import Registry


@dataclass(frozen=True, slots=True)
class Bundled:
    """Hold an engine on the bundled config, the config, and the community it serves."""

    config: Config
    engine: Engine
    community: str


def bundled(registry: Registry) -> Bundled:
    """Return a fresh engine on the bundled config, read without its secrets."""
    config = load_config(BUNDLED_CONFIG, registry, require_secrets=False)
    engine = build_engine(config, registry, build_services(config))
    return Bundled(config, engine, next(iter(config.communities)))
