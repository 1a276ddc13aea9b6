"""The regex plugin: moderators' own regular expressions, compiled once with RE2."""

from __future__ import annotations

from bot.registry import Registry
from plugins.regex.trigger import register_regex


def setup(registry: Registry) -> None:
    """Register the regex trigger."""
    register_regex(registry)
