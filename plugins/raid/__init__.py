"""The raid plugin: joins, join waves, raid level, first messages, and raid actions."""

from __future__ import annotations

from bot.registry import Registry
from plugins.raid.actions import register_actions
from plugins.raid.observer import raid_observer
from plugins.raid.triggers import register_triggers


def setup(registry: Registry) -> None:
    """Register the raid triggers, actions, effects and the observer that feeds them."""
    register_triggers(registry)
    register_actions(registry)
    registry.add_observer("raid", raid_observer)
