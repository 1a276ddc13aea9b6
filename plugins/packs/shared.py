"""Find or build the pack library and conversation memory that one bot's services share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plugins.packs.conversation import Memory
from plugins.packs.library import SERVICE_KEY, PackLibrary

if TYPE_CHECKING:
    from bot.registry import Services

__all__ = ["MEMORY_KEY", "shared"]

#: Key of the conversation memory in `Services.extra`.
MEMORY_KEY = "packs.memory"


def shared(services: Services) -> tuple[PackLibrary, Memory]:
    """Return the pack library and conversation memory shared by everything built on services."""
    library = services.extra.get(SERVICE_KEY)
    if not isinstance(library, PackLibrary):
        library = PackLibrary(services.packs_dir or _bundled(), services.logger)
        services.extra[SERVICE_KEY] = library
    memory = services.extra.get(MEMORY_KEY)
    if not isinstance(memory, Memory):
        memory = Memory(services.state, library)
        services.extra[MEMORY_KEY] = memory
    return library, memory


def _bundled() -> str:
    from bot.config import BUNDLED_PACKS  # noqa: PLC0415 - only when no folder was given

    return str(BUNDLED_PACKS)
