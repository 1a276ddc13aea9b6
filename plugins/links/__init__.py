"""The links plugin: invites to other communities, and links by domain or brand lookalike."""

from __future__ import annotations

from bot.registry import Registry
from plugins.links.triggers import register_triggers


def setup(registry: Registry) -> None:
    """Register the invites and links triggers."""
    register_triggers(registry)
