"""The basic plugin: any_message and literal word lists, and the core punishments."""

from __future__ import annotations

from bot.registry import Registry
from plugins.basic.actions import register_actions
from plugins.basic.triggers import register_triggers


def setup(registry: Registry) -> None:
    """Register the basic triggers and actions."""
    register_triggers(registry)
    register_actions(registry)
