"""The spam plugin: floods, copies, mentions, links, files, emoji, lines, caps, zalgo, runs."""

from __future__ import annotations

from bot.registry import Registry
from plugins.spam.copies import register_copies
from plugins.spam.flood import register_flood
from plugins.spam.limits import register_limits
from plugins.spam.repeats import register_repeats
from plugins.spam.shape import register_shape


def setup(registry: Registry) -> None:
    """Register the spam triggers."""
    register_flood(registry)
    register_copies(registry)
    register_limits(registry)
    register_shape(registry)
    register_repeats(registry)
