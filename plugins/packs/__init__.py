"""Harm packs: YAML lexicons with weighted signal groups, combinations and conversation memory."""

from __future__ import annotations

from typing import ClassVar

from bot.context import Context
from bot.events import Event, MemberJoined, MessageCreated, ProfileChanged
from bot.registry import Registry, Services
from plugins.packs.conversation import Memory
from plugins.packs.shared import shared
from plugins.packs.trigger import MinorsPackTrigger, PackOptions, PackTrigger


class PacksObserver:
    """See every message, join and profile change to keep the conversation memory."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated, MemberJoined, ProfileChanged)

    def __init__(self, memory: Memory) -> None:
        self._memory = memory

    async def observe(self, ctx: Context) -> None:
        """Record speakers, message authors and declared minors."""
        await self._memory.observe(ctx)


def _trigger(options: PackOptions, services: Services) -> PackTrigger:
    library, _ = shared(services)
    languages = tuple(options.languages) if options.languages else None
    # A pack that recognises minors also needs to see joins and profile changes.
    if library.get(options.name, languages).minors is not None:
        return MinorsPackTrigger(options, services)
    return PackTrigger(options, services)


def _observer(services: Services) -> PacksObserver:
    return PacksObserver(shared(services)[1])


def setup(registry: Registry) -> None:
    """Register the `pack` trigger and the conversation observer."""
    registry.add_trigger(
        "pack",
        PackOptions,
        _trigger,
        "A harm pack of config/packs/ (weighted signals, combinations, conversation).",
    )
    registry.add_observer("packs", _observer)
