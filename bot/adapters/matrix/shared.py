"""What every part of the Matrix adapter works with: one account's connection and values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging

    from bot.adapters.matrix.client import MatrixClient
    from bot.adapters.matrix.retry import Patience
    from bot.adapters.matrix.rooms import RoomDirectory
    from bot.adapters.values import Values


@dataclass(frozen=True, slots=True)
class Shared:
    """The account's client, its rooms, its stored values, its patience and its logger."""

    client: MatrixClient
    rooms: RoomDirectory
    values: Values
    patience: Patience
    log: logging.Logger


class Part:
    """A part of the adapter built on the shared bundle, its members kept at hand."""

    def __init__(self, shared: Shared) -> None:
        self._client = shared.client
        self._rooms = shared.rooms
        self._values = shared.values
        self._patience = shared.patience
        self._log = shared.log
