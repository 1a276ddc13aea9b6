"""Carry out the neutral actions in Matrix rooms, and post and edit reports."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from datetime import datetime
from typing import TYPE_CHECKING

from bot.adapters.base import Forbidden, NotFound, PlatformError
from bot.adapters.matrix.members import DEFAULT_MODERATOR_LEVEL
from bot.adapters.matrix.render import (
    HTML_FORMAT,
    escape,
    notice_content,
    report_content,
    report_html,
    user_pill,
)
from bot.adapters.matrix.shared import Part
from bot.moderation.reports import QUICK_EMOJI

if TYPE_CHECKING:
    from bot.adapters.matrix.actions import RoomActions
    from bot.adapters.matrix.members import Members
    from bot.adapters.matrix.recent import RecentTexts
    from bot.adapters.matrix.shared import Shared
    from bot.executor.lanes import Lanes
    from bot.moderation.reports import ReportCard


class Outbound(Part):
    """Act in the MatrixAdapter's rooms: redact, warn, mute, ban, report, message."""

    def __init__(
        self,
        shared: Shared,
        members: Members,
        actions: RoomActions,
        recent: RecentTexts,
        background: Lanes,
    ) -> None:
        super().__init__(shared)
        self.members = members
        self.actions = actions
        self._recent = recent
        self._background = background

    async def room_id(self, room: str) -> str:
        """Return the ID of a room given by ID, alias or the name events carry."""
        if room.startswith("!"):
            return room
        for joined in self._client.nio.rooms.values():
            if joined.canonical_alias == room:
                found: str = joined.room_id
                return found
        return await self._client.resolve(room)

    async def delete_message(self, community: str, room: str, message_id: str, reason: str) -> None:
        """Redact a message, and the edits that carry its text too."""
        del community  # room IDs and aliases are global on Matrix
        room_id = await self.room_id(room)
        await self._client.redact(room_id, message_id, reason)
        for edit in self._recent.take_edits(message_id):
            with contextlib.suppress(NotFound):
                await self._client.redact(room_id, edit, reason)

    async def warn(self, community: str, room: str, user_id: str, reason: str) -> None:
        """Tell a member in the room, by a notice that mentions them, why they were warned."""
        del community  # room IDs and aliases are global on Matrix
        room_id = await self.room_id(room)
        joined = self._client.room(room_id)
        name = (joined.user_name(user_id) if joined else None) or user_id
        content = notice_content(
            f"{name}: {reason}", f"{user_pill(user_id, name)}: {escape(reason)}"
        )
        content["m.mentions"] = {"user_ids": [user_id]}
        await self._client.send(room_id, content)

    async def timeout(self, community: str, user_id: str, until: datetime, reason: str) -> None:
        """Mute a member in every protected room through power levels."""
        del until, reason  # Matrix has no timed mute: Vigie lifts it when the case expires.
        await self.actions.mute(self.members.protected(community), user_id)

    async def untimeout(self, community: str, user_id: str, reason: str) -> None:
        """Give a muted member their voice back in every protected room."""
        del reason
        await self.actions.unmute(self.members.protected(community), user_id)

    async def kick(self, community: str, user_id: str, reason: str) -> None:
        """Kick a member from the protected rooms they are in."""
        await self.actions.kick(self.members.protected(community), user_id, reason)

    async def ban(self, community: str, user_id: str, reason: str, clean_seconds: int) -> None:
        """Ban a member from every protected room, largest first, and clean their messages."""
        await self.actions.ban(self.members.protected(community), user_id, reason, clean_seconds)

    async def unban(self, community: str, user_id: str, reason: str) -> None:
        """Lift a ban in every protected room."""
        del reason
        await self.actions.unban(self.members.protected(community), user_id)

    async def send_report(self, community: str, channel: str, card: ReportCard) -> str:
        """Post a report as HTML in the management room, with reactions as buttons."""
        room_id = self._rooms.management.get(community) or await self.room_id(channel)
        # The same transaction ID on a retry lets the homeserver drop a duplicate report.
        txn = hashlib.sha256(
            json.dumps([community, card.case_number, card.message_id, card.member_id]).encode()
        ).hexdigest()[:32]
        event_id = await self._client.send_with_txn(room_id, report_content(card), txn)
        if not card.dry_run:
            # The buttons come after: the executor records the report without waiting for them.
            self._background.spawn(
                "report-buttons", self._add_buttons(room_id, event_id, card.quick_actions)
            )
        return event_id

    async def _add_buttons(self, room_id: str, event_id: str, actions: tuple[str, ...]) -> None:
        for action in actions:
            emoji = QUICK_EMOJI.get(action)
            if emoji is None:
                continue
            try:
                await self._patience.patiently(
                    functools.partial(self._client.react, room_id, event_id, emoji)
                )
            except PlatformError as err:
                # Already there (a retried report) or refused: moderators can still react by hand.
                self._log.info("no %s button on %s: %s", action, event_id, err)

    async def send_message(self, community: str, room: str, text: str) -> str:
        """Post a notice in a room."""
        del community  # room IDs and aliases are global on Matrix
        room_id = await self.room_id(room)
        return await self._client.send(room_id, notice_content(text))

    async def set_slowmode(self, community: str, room: str, seconds: int) -> None:
        """Refuse: Matrix has no slow mode."""
        del community, room, seconds
        raise Forbidden("Matrix rooms have no slow mode")

    async def lockdown(self, community: str, rooms: list[str], enabled: bool, reason: str) -> None:
        """Let only moderators post in these rooms, or everyone again."""
        del reason
        level = self._rooms.communities[community].moderator_level or DEFAULT_MODERATOR_LEVEL
        room_ids = [await self.room_id(r) for r in rooms]
        await self.actions.lockdown(room_ids, enabled, level)

    async def set_server_acl(self, community: str, deny: list[str]) -> int:
        """Deny these servers in every protected room; return how many rooms changed."""
        return await self.actions.server_acl(self.members.protected(community), deny)

    async def send_dm(self, community: str, user_id: str, text: str) -> str | None:
        """Send a notice in a direct room with the user, created at first use."""
        del community
        key = f"dm:{user_id}"
        try:
            room_id = await self._values.get(key)
            if not room_id:
                room_id = await self._client.create_dm(user_id)
                await self._values.set(key, room_id)
            return await self._client.send(room_id, notice_content(text))
        except (Forbidden, NotFound) as err:
            self._log.info("cannot write to %s: %s", user_id, err)
            return None

    async def edit_report(
        self, community: str, channel: str, message_id: str, card: ReportCard
    ) -> None:
        """Replace the content of a report message (handled by, grouped cases)."""
        room_id = self._rooms.management.get(community) or await self.room_id(channel)
        new = report_content(card)
        content = {
            "msgtype": new["msgtype"],
            "body": "* " + new["body"],
            "format": HTML_FORMAT,
            "formatted_body": "* " + report_html(card),
            "m.new_content": new,
            "m.relates_to": {"rel_type": "m.replace", "event_id": message_id},
            "m.mentions": {},
        }
        await self._client.send(room_id, content)
