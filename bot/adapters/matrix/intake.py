"""Take in sync batches: per-room lanes, and the events a limited sync left out."""

from __future__ import annotations

import asyncio
import functools
from typing import TYPE_CHECKING

from nio import Event as NioEvent
from nio import MatrixRoom, RoomInfo, RoomMemberEvent, RoomMessagesResponse, SyncResponse

from bot.adapters.base import PlatformError
from bot.adapters.matrix.policy import PolicyRule
from bot.adapters.matrix.retry import backoff
from bot.adapters.matrix.shared import Part
from bot.executor.lanes import Lanes

if TYPE_CHECKING:
    from bot.adapters.matrix.enforce import PolicyEnforcer
    from bot.adapters.matrix.inbound import Inbound
    from bot.adapters.matrix.invites import Invites
    from bot.adapters.matrix.members import Members
    from bot.adapters.matrix.notices import Notices
    from bot.adapters.matrix.policy import PolicyLists
    from bot.adapters.matrix.shared import Shared

_BACKFILL_LIMIT = 2000
BACKFILL_PAGE = 100


class Intake(Part):
    """Queue each sync batch's events on their rooms' lanes, gaps filled first."""

    def __init__(
        self,
        shared: Shared,
        *,
        policies: PolicyLists,
        enforcer: PolicyEnforcer,
        members: Members,
        invites: Invites,
        notices: Notices,
        inbound: Inbound,
    ) -> None:
        super().__init__(shared)
        self._policies = policies
        self._enforcer = enforcer
        self._members = members
        self._invites = invites
        self._notices = notices
        self._inbound = inbound
        # One lane per room: its events are handled in order, rooms side by side. A failed
        # batch is its committer's to report (it awaits every job a batch queued), and one
        # given up while stopping is no error.
        self._lanes = Lanes(shared.log, log_failures=False)

    async def process(
        self, response: SyncResponse, *, scan: bool, since: str | None
    ) -> list[asyncio.Task[None]]:
        """Take in one sync batch: room state now, its events queued on their rooms' lanes.

        Return the jobs the batch queued; its token may be saved once they are all done.
        """
        for room_id, invite in response.rooms.invite.items():
            await self._invites.on_invite(room_id, invite)
        for room_id in response.rooms.leave:
            await self._invites.on_removed(room_id)
        jobs: list[asyncio.Task[None]] = []
        for room_id, info in response.rooms.join.items():
            room = self._client.room(room_id)
            if room is None:
                continue
            self._members.note_creators(room_id, [*info.state, *info.timeline.events])
            if room_id in self._policies.names:
                changed = self._policies.update(
                    room_id, [e.source for e in [*info.state, *info.timeline.events]]
                )
                if scan and changed:
                    jobs.append(self._lanes.run(room_id, functools.partial(self.enforce, changed)))
                continue
            events, just_joined = self._after_own_join(info)
            # The first batch holds history, left alone; but what followed the bot's own join
            # in it is new since Vigie arrived (joined at start, or by hand just before).
            if not (scan or just_joined) or not self._rooms.handles(room):
                continue
            gap = None
            if info.timeline.limited and not just_joined and info.timeline.prev_batch:
                gap = info.timeline.prev_batch
            if events or gap:
                jobs.append(
                    self._lanes.run(
                        room_id, functools.partial(self._room_batch, room, events, gap, since)
                    )
                )
            if just_joined and scan:  # the first batch checks every room once it is in
                jobs.append(
                    self._lanes.run(room_id, functools.partial(self._notices.check_rooms, [room]))
                )
        return jobs

    async def enforce(self, rules: list[PolicyRule] | None = None) -> None:
        """Apply policy rules (all by default), again while the database is away."""
        try:
            await self._patience.steadily(
                lambda: self._enforcer.apply(rules), what="the policy rules"
            )
        except PlatformError as err:
            # Bans are the executor's to retry; what fails here is the server ACL or a notice.
            self._log.warning("applying the policy rules failed: %s", err)

    async def _room_batch(
        self, room: MatrixRoom, events: list[NioEvent], gap: str | None, since: str | None
    ) -> None:
        """Handle one batch's events of a room, after fetching those the sync left out."""
        if gap is not None:
            events = await self._backfill(room.room_id, gap, since) + events
        await self._inbound.room_events(room, events)

    def _after_own_join(self, info: RoomInfo) -> tuple[list[NioEvent], bool]:
        """Drop what was said before the bot joined: it was not there to moderate it."""
        events = list(info.timeline.events)
        for index in range(len(events) - 1, -1, -1):
            event = events[index]
            if (
                isinstance(event, RoomMemberEvent)
                and event.state_key == self._client.user_id
                and event.membership == "join"
                and event.prev_membership != "join"
            ):
                return events[index + 1 :], True
        return events, False

    async def _backfill(self, room_id: str, prev_batch: str, since: str | None) -> list[NioEvent]:
        """Fetch the events a limited sync left out, back to where the last sync ended."""
        found: list[NioEvent] = []
        start = prev_batch
        while len(found) < _BACKFILL_LIMIT:
            page = await self._page(room_id, start, since)
            found.extend(page.chunk)
            if not page.chunk or not page.end or page.end == start:
                break
            start = page.end
        if len(found) >= _BACKFILL_LIMIT:
            self._log.warning(
                "gap in %s longer than %d events: older ones skipped", room_id, len(found)
            )
        self._log.info("caught up %d events in %s that the sync left out", len(found), room_id)
        return list(reversed(found))

    async def _page(self, room_id: str, start: str, since: str | None) -> RoomMessagesResponse:
        failures = 0
        while True:
            try:
                return await self._client.messages(room_id, start, since, BACKFILL_PAGE)
            except PlatformError as err:
                if not err.retryable or self._stopping.is_set():
                    raise
                failures += 1
                await self._patience.pause(err.retry_after or backoff(failures), f"catch-up: {err}")
