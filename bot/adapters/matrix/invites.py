"""Accept invites from allowed inviters, and notice when the bot is removed from a room."""

from __future__ import annotations

import fnmatch
from typing import TYPE_CHECKING

from nio import InviteInfo

from bot.adapters.base import PlatformError
from bot.adapters.matrix.rooms import room_name
from bot.adapters.matrix.shared import Part

if TYPE_CHECKING:
    from bot.adapters.matrix.notices import Notices
    from bot.adapters.matrix.shared import Shared
    from bot.config_models import MatrixPlatform


class Invites(Part):
    """Join the rooms the MatrixAdapter is invited to, when the inviter is allowed."""

    def __init__(
        self, shared: Shared, settings: MatrixPlatform, notices: Notices, peers: frozenset[str]
    ) -> None:
        super().__init__(shared)
        self._settings = settings
        self._notices = notices
        self._peers = peers
        #: Rooms to join at the next try (a retryable failure): room ID -> inviter, if any.
        self._pending: dict[str, str | None] = {}

    def inviter_allowed(self, inviter: str | None) -> bool:
        """Tell whether an invite from this user may be accepted."""
        if not inviter or ":" not in inviter:
            return False
        if inviter in self._peers:
            return True  # another process of the deployment shares a policy list
        server = inviter.split(":", 1)[1]
        for entry in self._settings.allowed_inviters:
            target = inviter if entry.startswith("@") else server
            if target == entry or fnmatch.fnmatchcase(target, entry):
                return True
        return False

    async def on_invite(self, room_id: str, invite: InviteInfo) -> None:
        """Join a room the bot is invited to when the inviter is allowed; refuse it if not."""
        inviter = None
        for event in invite.invite_state:
            if (
                getattr(event, "state_key", None) == self._client.user_id
                and getattr(event, "membership", None) == "invite"
            ):
                inviter = event.sender
        if not self.inviter_allowed(inviter):
            self._log.warning("refusing invite to %s from %s", room_id, inviter)
            try:
                await self._client.leave(room_id)
            except PlatformError as err:
                self._log.warning("could not reject the invite to %s: %s", room_id, err)
            await self._notices.tell_all(
                f"I refused an invite to {room_id} from {inviter}: not in allowed_inviters."
            )
            return
        self._pending[room_id] = inviter
        await self.retry()

    def pend(self, room_id: str) -> None:
        """Try to join a room again after each sync, as an accepted invite is."""
        self._pending[room_id] = None

    async def retry(self) -> None:
        """Join the rooms still pending; drop those refused for good."""
        for room_id, inviter in list(self._pending.items()):
            try:
                await self._client.join(room_id)
            except PlatformError as err:
                if not err.retryable:
                    self._pending.pop(room_id)
                self._log.warning("cannot join %s yet: %s", room_id, err)
                continue
            self._pending.pop(room_id)
            self._log.info("joined %s at the invitation of %s", room_id, inviter)

    async def on_removed(self, room_id: str) -> None:
        """Tell the moderators a room is no longer protected, the bot being out of it."""
        room = self._client.room(room_id)
        name = room_name(room) if room is not None else room_id
        if room_id in self._rooms.management.values():
            self._log.error("I was removed from the management room %s", name)
            return
        await self._notices.tell_all(f"I am no longer in {name}: it is not moderated any more.")
