"""What every part of the Matrix adapter works with: one account's connection and values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio
    import logging

    from bot.adapters.matrix.client import MatrixClient
    from bot.adapters.matrix.retry import Patience
    from bot.adapters.matrix.rooms import RoomDirectory
    from bot.adapters.values import Values


@dataclass(frozen=True, slots=True)
class Shared:
    """The account's client, rooms, stored values, patience, logger, and its stop signal."""

    client: MatrixClient
    rooms: RoomDirectory
    values: Values
    patience: Patience
    log: logging.Logger
    #: Set while the adapter stops: waits end, retries give up.
    stopping: asyncio.Event


class Part:
    """A part of the adapter built on the shared bundle, its members kept at hand."""

    def __init__(self, shared: Shared) -> None:
        self._client = shared.client
        self._rooms = shared.rooms
        self._values = shared.values
        self._patience = shared.patience
        self._log = shared.log
        self._stopping = shared.stopping
