"""Split rooms between processes: by a stable hash of the room ID, or by explicit lists."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from bot.cluster.settings import ClusterSettings


def owner_of(room_id: str, processes: int) -> int:
    """Return the index of the process that owns a room: the same on every machine and run."""
    digest = hashlib.sha256(room_id.encode()).digest()
    return int.from_bytes(digest[:8], "big") % processes


@dataclass(frozen=True, slots=True)
class RoomShare:
    """The rooms one process handles; every room belongs to exactly one process."""

    process: int = 0
    processes: int = 1
    explicit: frozenset[str] | None = None

    @classmethod
    def from_settings(cls, settings: ClusterSettings) -> RoomShare:
        """Read the share from the config's `cluster` section."""
        explicit = None if settings.matrix_rooms is None else frozenset(settings.matrix_rooms)
        return cls(settings.process, settings.processes, explicit)

    def owns(self, room_id: str, alias: str | None = None) -> bool:
        """Tell whether this process handles the events of a room (named by ID or alias)."""
        if self.explicit is not None:
            return room_id in self.explicit or (alias is not None and alias in self.explicit)
        return self.hashed(room_id)

    def hashed(self, room_id: str) -> bool:
        """Tell whether the hash of a room ID gives it to this process (lists aside)."""
        return self.processes == 1 or owner_of(room_id, self.processes) == self.process
