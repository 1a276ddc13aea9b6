"""Build the adapter of a platform by its config name; the only place that names them all."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.adapters.base import Adapter
from bot.clock import Clock
from bot.config import Config
from bot.registry import Registry
from bot.storage import Storage


def _discord(
    config: Config,
    storage: Storage,
    registry: Registry,
    clock: Clock,
    log: logging.Logger,
    **_: Any,
) -> Adapter:
    from bot.adapters.discordbot import DiscordAdapter  # noqa: PLC0415 - imports discord.py

    return DiscordAdapter(config, storage, registry=registry, clock=clock, logger=log)


def _matrix(
    config: Config,
    storage: Storage,
    _registry: Registry,
    clock: Clock,
    log: logging.Logger,
    **options: Any,
) -> Adapter:
    from bot.adapters.matrix import MatrixAdapter  # noqa: PLC0415 - imports matrix-nio

    return MatrixAdapter(config, storage, clock=clock, logger=log, **options)


_BUILDERS: dict[str, Callable[..., Adapter]] = {"discord": _discord, "matrix": _matrix}


def build_adapter(
    platform: str,
    config: Config,
    storage: Storage,
    *,
    registry: Registry,
    clock: Clock,
    logger: logging.Logger,
    **options: Any,
) -> Adapter:
    """Return the adapter for `platform`; `options` tune it (e.g. Matrix sync settings)."""
    builder = _BUILDERS[platform]
    return builder(config, storage, registry, clock, logger.getChild(platform), **options)
