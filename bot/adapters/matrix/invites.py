"""Accept invites from allowed inviters, and notice when the bot is removed from a room."""

from __future__ import annotations

import fnmatch
from typing import TYPE_CHECKING

from nio import InviteInfo

from bot.adapters.base import PlatformError
from bot.adapters.matrix.rooms import room_name

if TYPE_CHECKING:
    import logging

    from bot.adapters.matrix.client import MatrixClient
    from bot.adapters.matrix.rooms import RoomDirectory
    from bot.config_models import MatrixPlatform


class Invites:
    """Join the rooms the MatrixAdapter is invited to, when the inviter is allowed."""

    # Set by the MatrixAdapter this part is composed into.
    settings: MatrixPlatform
    client: MatrixClient
    rooms: RoomDirectory
    peers: frozenset[str]
    _log: logging.Logger
    _pending_invites: dict[str, str | None]

    # The adapter's other parts define these: declared for mypy only, they shadow none at run time.
    if TYPE_CHECKING:

        async def _tell_all(self, text: str) -> None: ...

    def inviter_allowed(self, inviter: str | None) -> bool:
        """Tell whether an invite from this user may be accepted."""
        if not inviter or ":" not in inviter:
            return False
        if inviter in self.peers:
            return True  # another process of the deployment shares a policy list
        server = inviter.split(":", 1)[1]
        for entry in self.settings.allowed_inviters:
            target = inviter if entry.startswith("@") else server
            if target == entry or fnmatch.fnmatchcase(target, entry):
                return True
        return False

    async def _on_invite(self, room_id: str, invite: InviteInfo) -> None:
        inviter = None
        for event in invite.invite_state:
            if (
                getattr(event, "state_key", None) == self.client.user_id
                and getattr(event, "membership", None) == "invite"
            ):
                inviter = event.sender
        if not self.inviter_allowed(inviter):
            self._log.warning("refusing invite to %s from %s", room_id, inviter)
            try:
                await self.client.leave(room_id)
            except PlatformError as err:
                self._log.warning("could not reject the invite to %s: %s", room_id, err)
            await self._tell_all(
                f"I refused an invite to {room_id} from {inviter}: not in allowed_inviters."
            )
            return
        self._pending_invites[room_id] = inviter
        await self._retry_invites()

    async def _retry_invites(self) -> None:
        for room_id, inviter in list(self._pending_invites.items()):
            try:
                await self.client.join(room_id)
            except PlatformError as err:
                if not err.retryable:
                    self._pending_invites.pop(room_id)
                self._log.warning("cannot join %s yet: %s", room_id, err)
                continue
            self._pending_invites.pop(room_id)
            self._log.info("joined %s at the invitation of %s", room_id, inviter)

    async def _on_removed(self, room_id: str) -> None:
        room = self.client.room(room_id)
        name = room_name(room) if room is not None else room_id
        if room_id in self.rooms.management.values():
            self._log.error("I was removed from the management room %s", name)
            return
        await self._tell_all(f"I am no longer in {name}: it is not moderated any more.")
