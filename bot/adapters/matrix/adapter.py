"""The Matrix adapter: sync loop, invites, management rooms, and the neutral actions."""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import hashlib
import json
import logging
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from nio import Event as NioEvent
from nio import (
    InviteInfo,
    MatrixRoom,
    MegolmEvent,
    ReactionEvent,
    RoomCreateEvent,
    RoomInfo,
    RoomMemberEvent,
    RoomMessagesResponse,
    RoomMessageText,
    SyncResponse,
    UnknownEncryptedEvent,
)

from bot.adapters.base import EventSink, Forbidden, NotFound, PlatformError, RateLimited
from bot.adapters.capabilities import CAPABILITIES
from bot.adapters.matrix import management, power
from bot.adapters.matrix.actions import RoomActions
from bot.adapters.matrix.client import MatrixClient, quoted
from bot.adapters.matrix.enforce import PolicyEnforcer
from bot.adapters.matrix.event_reports import EventReports
from bot.adapters.matrix.management import Router, Said
from bot.adapters.matrix.media import hash_attachments
from bot.adapters.matrix.policy import PolicyLists
from bot.adapters.matrix.render import (
    DONE_EMOJI,
    HTML_FORMAT,
    escape,
    notice_content,
    report_content,
    report_html,
    user_pill,
)
from bot.adapters.matrix.rooms import CommunityRooms, RoomDirectory, room_name
from bot.adapters.matrix.translate import Place, member_of, timestamp, translate
from bot.clock import Clock, SystemClock
from bot.events import Event, Member, MessageCreated, MessageEdited
from bot.moderation.api import Reply
from bot.moderation.reports import QUICK_EMOJI
from bot.storage import StorageError

if TYPE_CHECKING:
    from bot.config import Config
    from bot.config_models import MatrixPlatform
    from bot.moderation.reports import ReportCard
    from bot.storage import Storage

_RECENT_TEXTS = 5000
#: Events per room one sync may carry: a busy room fits in one answer, no /messages catch-up.
TIMELINE_LIMIT = 500
#: The long poll when the last sync brought events: more are likely, do not wait long for them.
_BUSY_SYNC_TIMEOUT_MS = 1_000
#: Sync batches fetched ahead of the one being handled; then the sync waits (bounded memory).
_BATCHES_AHEAD = 8
_BACKFILL_LIMIT = 2000
_BACKFILL_PAGE = 100
_DEFAULT_MODERATOR_LEVEL = 50
# After a failed sync: wait this long, doubling up to the ceiling, unless told how long.
_RETRY_BASE = 1.0
_RETRY_CEILING = 60.0
# Calls made outside the executor (notices, replies, buttons, joins at start) wait out a rate
# limit this many times, for at most this long each, before giving up.
_PATIENCE = 6
_PATIENCE_CEILING = 10.0

T = TypeVar("T")
#: A filter field Synapse ignores (filters allow unknown fields), unique to each start.
_START_MARK = "org.vigie.start"


class MatrixAdapter:
    """Connect Vigie to a Matrix homeserver with matrix-nio."""

    platform = "matrix"

    def __init__(
        self,
        config: Config,
        storage: Storage,
        *,
        clock: Clock | None = None,
        logger: logging.Logger | None = None,
        timeline_limit: int = TIMELINE_LIMIT,
        sync_timeout_ms: int = 30_000,
        router: Router | None = None,
        event_reports_interval: float | None = None,
    ) -> None:
        settings: MatrixPlatform | None = config.model.platforms.matrix
        if settings is None:
            raise ValueError("the config has no platforms.matrix section")
        self.capabilities = CAPABILITIES["matrix"]
        self.settings = settings
        self.client = MatrixClient(settings.homeserver, settings.user_id, settings.device_id)
        self.rooms = RoomDirectory(_communities(config))
        self._prefixes = {
            name: c.command_prefix for name, c in config.communities.items() if c.command_prefix
        }
        self.router = router
        self.ready = asyncio.Event()
        self._storage = storage
        self._clock = clock or SystemClock()
        self._log = logger or logging.getLogger("vigie.matrix")
        self._timeline_limit = timeline_limit
        self._sync_timeout_ms = sync_timeout_ms
        self._kv_prefix = f"matrix:{settings.user_id}:"
        self._sink: EventSink | None = None
        self._stopping = asyncio.Event()
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._edits: dict[str, list[str]] = {}
        self._said_encrypted: set[str] = set()
        self._creators: dict[str, frozenset[str]] = {}
        self._pending_invites: dict[str, str | None] = {}
        self._background: set[asyncio.Task[None]] = set()
        # One lane per room: its events are handled in order, rooms side by side.
        self._lanes: dict[str, asyncio.Task[None]] = {}
        self.policies = PolicyLists(self.client, (self._kv_get, self._kv_set), self._log)
        self.actions = RoomActions(
            self.client, (self._kv_get, self._kv_set), self._clock.now, self._log, self.creators
        )
        self.enforcer = PolicyEnforcer(self)
        self.event_reports = EventReports(
            self.client,
            self.rooms,
            self.creators,
            (self._kv_get, self._kv_set),
            self._log,
            interval=settings.event_reports_interval
            if event_reports_interval is None
            else event_reports_interval,
        )

    # Storage of small values, namespaced by the bot's account.

    async def _kv_get(self, key: str) -> str | None:
        return await self._storage.get_value(self._kv_prefix + key)

    async def _kv_set(self, key: str, value: str) -> None:
        await self._storage.set_value(self._kv_prefix + key, value, self._clock.now())

    # Lifecycle

    async def start(self, sink: EventSink) -> None:
        """Log in, catch up on what happened while down, then sync until stopped.

        Each batch's events go to per-room lanes and the next sync starts at once; the sync
        token is saved only when every event of its batch, and of the batches before, is
        handled, so a restart never skips one.
        """
        self._sink = sink
        self._stopping.clear()
        await self._login()
        await self._join_configured()
        await self._load_policies()
        await self.event_reports.start(sink, self.ready)
        token = await self._kv_get("next_batch") or None
        first = True
        busy = False
        failures = 0
        batches: asyncio.Queue[tuple[str, list[asyncio.Task[None]]] | None] = asyncio.Queue(
            _BATCHES_AHEAD
        )
        committer = asyncio.create_task(self._commit(batches), name="vigie-matrix-commit")
        try:
            while not self._stopping.is_set() and not committer.done():
                try:
                    response = await self._poll(token, first=first, busy=busy)
                except PlatformError as err:
                    if not err.retryable:
                        raise
                    failures += 1
                    await self._pause(err.retry_after or _backoff(failures), f"sync failed: {err}")
                    continue
                if response is None:
                    break
                failures = 0
                jobs = await self._process(response, scan=token is not None, since=token)
                busy = bool(jobs)
                token = response.next_batch
                if first:
                    # The catch-up is handled and saved before Vigie says it is ready.
                    if not await self._settle(jobs):
                        break
                    await self._steadily(
                        lambda t=token: self._kv_set("next_batch", t), what="the sync token"
                    )
                    first = False
                    await self._check_rooms(list(self.client.nio.rooms.values()))
                    self.ready.set()
                else:
                    await self._put(batches, (token, jobs), committer)
                await self._retry_invites()
        except _Abandoned:
            pass  # stopping while the database is away: the next start takes the batch again
        finally:
            # Let the batches in hand finish and save how far they went.
            current = asyncio.current_task()
            if committer.done() or (current is not None and current.cancelling()):
                committer.cancel()
            else:
                await self._put(batches, None, committer)
            with contextlib.suppress(asyncio.CancelledError):
                await committer

    async def _put(
        self,
        batches: asyncio.Queue[tuple[str, list[asyncio.Task[None]]] | None],
        batch: tuple[str, list[asyncio.Task[None]]] | None,
        committer: asyncio.Task[None],
    ) -> None:
        """Queue a batch for its token to be saved; wait while too many are in hand."""
        put = asyncio.ensure_future(batches.put(batch))
        await asyncio.wait({put, committer}, return_when=asyncio.FIRST_COMPLETED)
        if not put.done():
            put.cancel()

    async def _commit(
        self, batches: asyncio.Queue[tuple[str, list[asyncio.Task[None]]] | None]
    ) -> None:
        """Save each batch's token once its events are handled, in sync order."""
        held: list[tuple[str, list[asyncio.Task[None]]] | None] = []
        while True:
            batch = held.pop() if held else await batches.get()
            if batch is None:
                return
            token, jobs = batch
            if not await self._settle(jobs):
                return  # given up while stopping: the next start takes the batch again
            handled = True
            # Batches already handled behind it: one write saves them all.
            while handled and not batches.empty():
                ahead = batches.get_nowait()
                if ahead is None or not all(job.done() for job in ahead[1]):
                    held.append(ahead)
                    break
                handled = await self._settle(ahead[1])
                if handled:
                    token = ahead[0]
            try:
                await self._steadily(
                    lambda t=token: self._kv_set("next_batch", t), what="the sync token"
                )
            except _Abandoned:
                return
            if not handled:
                return

    @staticmethod
    async def _settle(jobs: list[asyncio.Task[None]]) -> bool:
        """Wait for a batch's jobs; return whether all were handled. Other failures raise."""
        if not jobs:
            return True
        await asyncio.wait(jobs)
        handled = True
        for job in jobs:
            if job.cancelled():
                handled = False
            elif (err := job.exception()) is not None:
                if isinstance(err, _Abandoned):
                    handled = False
                else:
                    raise err
        return handled

    async def stop(self) -> None:
        """Stop syncing, let the batches in hand be handled, and close the connection."""
        self._stopping.set()
        self.event_reports.stop()

    async def close(self) -> None:
        """Let the report buttons in flight finish, then close the HTTP session."""
        if self._background:
            _done, late = await asyncio.wait(self._background, timeout=5)
            for task in late:
                task.cancel()
        await self.client.close()

    async def _patiently(self, call: Callable[[], Awaitable[T]]) -> T:
        """Make a call, waiting out rate limits (bounded): no retry queue stands behind it."""
        for attempt in range(1, _PATIENCE + 1):
            try:
                return await call()
            except RateLimited as err:
                if attempt == _PATIENCE or self._stopping.is_set():
                    raise
                wait = min(_PATIENCE_CEILING, err.retry_after or _backoff(attempt))
                self._log.info("rate limited (%s); waiting %.1fs", err, wait)
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _pause(self, seconds: float, why: str) -> None:
        self._log.warning("%s; retrying in %.1fs", why, seconds)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def _poll(self, token: str | None, *, first: bool, busy: bool) -> SyncResponse | None:
        """Run one sync, or return None when asked to stop while waiting for it."""
        timeout = self._sync_timeout_ms
        if busy:
            timeout = min(timeout, _BUSY_SYNC_TIMEOUT_MS)
        started = asyncio.get_running_loop().time()
        poll = asyncio.ensure_future(
            self.client.sync(
                token,
                timeout_ms=0 if first else timeout,
                # A restart knows no room state: ask for all of it along with the gap.
                full_state=first and token is not None,
                sync_filter=self._filter(first=first),
            )
        )
        stop = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait({poll, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
        if not poll.done():
            poll.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poll
            return None
        response = poll.result()
        self._log.debug(
            "sync answered in %.0f ms (timeout %d ms)",
            (asyncio.get_running_loop().time() - started) * 1000,
            timeout,
        )
        return response

    def _filter(self, *, first: bool = False) -> dict[str, Any]:
        extra = {}
        if first:
            # Synapse answers a /sync identical to one of the last 2 minutes from its response
            # cache: a restart would get the previous start's view of the rooms (without the
            # ones just joined). A mark of this start makes the first request its own.
            extra[_START_MARK] = uuid.uuid4().hex
        return {
            **extra,
            "room": {
                "timeline": {"limit": self._timeline_limit},
                "ephemeral": {"types": []},
                "account_data": {"types": []},
            },
            "presence": {"types": []},
            "account_data": {"types": []},
        }

    async def _login(self) -> None:
        settings = self.settings
        if settings.access_token is not None:
            await self.client.login_token(settings.access_token.get_secret_value())
        elif settings.password is not None:
            # The same device at every start, so logins do not pile up devices on the account.
            device = settings.device_id or await self._kv_get("device_id")
            if device:
                self.client.nio.device_id = device
            await self.client.login_password(settings.password.get_secret_value())
            await self._kv_set("device_id", self.client.device_id or "")
        self._log.info("logged in as %s (device %s)", self.client.user_id, self.client.device_id)

    async def _join_configured(self) -> None:
        """Join each management room and each room named without a glob."""
        for community in self.rooms.communities.values():
            try:
                self.rooms.management[community.name] = await self._patiently(
                    lambda c=community: self.client.join(c.mod_channel)
                )
            except PlatformError as err:
                self._log.error(
                    "cannot join the management room %s of %s: %s",
                    community.mod_channel,
                    community.name,
                    err,
                )
            for pattern in community.patterns:
                if any(c in pattern for c in "*?["):
                    continue
                try:
                    await self._patiently(lambda p=pattern: self.client.join(p))
                except PlatformError as err:
                    if err.retryable:  # tried again after each sync, like an invite
                        self._pending_invites[pattern] = None
                    later = " yet (I will try again)" if err.retryable else ""
                    await self._tell(community.name, f"I cannot join {pattern}{later}: {err}")

    # One sync batch

    async def _process(
        self, response: SyncResponse, *, scan: bool, since: str | None
    ) -> list[asyncio.Task[None]]:
        """Take in one sync batch: room state now, its events queued on their rooms' lanes.

        Return the jobs the batch queued; its token may be saved once they are all done.
        """
        for room_id, invite in response.rooms.invite.items():
            await self._on_invite(room_id, invite)
        for room_id in response.rooms.leave:
            await self._on_removed(room_id)
        jobs: list[asyncio.Task[None]] = []
        for room_id, info in response.rooms.join.items():
            room = self.client.room(room_id)
            if room is None:
                continue
            self._note_creators(room_id, [*info.state, *info.timeline.events])
            if room_id in self.policies.names:
                changed = self.policies.update(
                    room_id, [e.source for e in [*info.state, *info.timeline.events]]
                )
                if scan and changed:
                    jobs.append(self._queue(room_id, lambda c=changed: self.enforcer.apply(c)))
                continue
            events, just_joined = self._after_own_join(info)
            if not scan:
                continue
            gap = None
            if info.timeline.limited and not just_joined and info.timeline.prev_batch:
                gap = info.timeline.prev_batch
            if events or gap:
                jobs.append(
                    self._queue(
                        room_id, lambda r=room, e=events, g=gap: self._room_batch(r, e, g, since)
                    )
                )
            if just_joined:
                jobs.append(self._queue(room_id, lambda r=room: self._check_rooms([r])))
        return jobs

    def _queue(self, room_id: str, job: Callable[[], Awaitable[object]]) -> asyncio.Task[None]:
        """Run a job after the jobs already queued for the same room (rooms run side by side)."""
        previous = self._lanes.get(room_id)

        async def run() -> None:
            if previous is not None:
                # Its failure is its batch's to report; this job still runs, in order.
                await asyncio.wait({previous})
            await job()

        task = asyncio.create_task(run(), name=f"vigie-room-{room_id}")
        self._lanes[room_id] = task

        def done(finished: asyncio.Task[None]) -> None:
            if self._lanes.get(room_id) is finished:
                del self._lanes[room_id]

        task.add_done_callback(done)
        return task

    async def _steadily(self, step: Callable[[], Awaitable[T]], *, what: str) -> T:
        """Run a step, again while the database is away; give up only when stopping."""
        failures = 0
        while True:
            try:
                return await step()
            except StorageError as err:
                # Nothing is lost: the sync token does not move past this step meanwhile.
                if self._stopping.is_set():
                    raise _Abandoned(what) from err
                failures += 1
                await self._pause(_backoff(failures), f"storage failed ({what}): {err}")

    async def _room_batch(
        self, room: MatrixRoom, events: list[NioEvent], gap: str | None, since: str | None
    ) -> None:
        """Handle one batch's events of a room, after fetching those the sync left out."""
        if gap is not None:
            events = await self._backfill(room.room_id, gap, since) + events
        await self._room_events(room, events)

    def _note_creators(self, room_id: str, events: list[NioEvent]) -> None:
        for event in events:
            if isinstance(event, RoomCreateEvent):
                self._creators[room_id] = power.creators_of(event.source)

    def creators(self, room_id: str) -> frozenset[str]:
        """Return who created a room, when its version makes them all-powerful."""
        return self._creators.get(room_id, frozenset())

    def level_of(self, room: MatrixRoom, user_id: str) -> int:
        """Return a user's power level in a room, creators of version-12 rooms included."""
        if user_id in self.creators(room.room_id):
            return power.CREATOR_LEVEL
        return room.power_levels.get_user_level(user_id)

    def _after_own_join(self, info: RoomInfo) -> tuple[list[NioEvent], bool]:
        """Drop what was said before the bot joined: it was not there to moderate it."""
        events = list(info.timeline.events)
        for index in range(len(events) - 1, -1, -1):
            event = events[index]
            if (
                isinstance(event, RoomMemberEvent)
                and event.state_key == self.client.user_id
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
                return await self.client.messages(room_id, start, since, _BACKFILL_PAGE)
            except PlatformError as err:
                if not err.retryable or self._stopping.is_set():
                    raise
                failures += 1
                await self._pause(err.retry_after or _backoff(failures), f"catch-up: {err}")

    async def _room_events(self, room: MatrixRoom, events: list[NioEvent]) -> None:
        community = self.rooms.community_of_management(room.room_id)
        if community is not None:
            for event in events:
                await self._steadily(
                    lambda e=event: self._management_event(community, room, e), what=event.event_id
                )
            return
        place = self.rooms.place(room)
        if place is None:
            return
        for event in events:
            if event.sender == self.client.user_id:
                continue
            await self._steadily(
                lambda e=event: self._room_event(e, place, room), what=event.event_id
            )

    async def _room_event(self, event: NioEvent, place: Place, room: MatrixRoom) -> None:
        if isinstance(event, MegolmEvent | UnknownEncryptedEvent):
            await self._say_encrypted(place.community, room)
            return
        if isinstance(event, RoomMemberEvent) and event.membership == "join":
            await self.enforcer.check_newcomer(place.community, event.state_key)
        await self._dispatch(event, place, room)

    async def _dispatch(self, event: NioEvent, place: Place, room: MatrixRoom) -> None:
        if self._sink is None:
            return
        try:
            neutral = await self._neutral(event, place, room)
            if neutral is not None:
                await self._sink(neutral)
        except StorageError:
            raise
        except Exception:  # noqa: BLE001 - logged with its traceback, see below
            # One odd event, or one that breaks a rule, must not stop moderation of the rest.
            self._log.exception("handling %s in %s failed", event.event_id, room.room_id)

    async def _neutral(self, event: NioEvent, place: Place, room: MatrixRoom) -> Event | None:
        translated = translate(event, place, room, self.creators(room.room_id))
        if translated is None:
            return None
        neutral = translated.event
        if translated.media and isinstance(neutral, MessageCreated):
            attachments = await hash_attachments(self.client, translated.media, self._log)
            neutral = replace(neutral, attachments=attachments)
        if isinstance(neutral, MessageCreated):
            neutral = self._remember(neutral, event.event_id)
        return neutral

    def _remember(self, message: MessageCreated, event_id: str) -> MessageCreated:
        """Keep recent texts so an edit shows what it replaced, and edits can be redacted."""
        previous = self._texts.get(message.message_id)
        self._texts[message.message_id] = message.text
        self._texts.move_to_end(message.message_id)
        while len(self._texts) > _RECENT_TEXTS:
            oldest, _ = self._texts.popitem(last=False)
            self._edits.pop(oldest, None)
        if isinstance(message, MessageEdited):
            self._edits.setdefault(message.message_id, []).append(event_id)
            return replace(message, previous_text=previous)
        return message

    # Invites and removals

    def inviter_allowed(self, inviter: str | None) -> bool:
        """Tell whether an invite from this user may be accepted."""
        if not inviter or ":" not in inviter:
            return False
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

    # What the bot can and cannot do

    async def _check_rooms(self, rooms: list[MatrixRoom]) -> None:
        """Tell each management room what the bot cannot do in its protected rooms."""
        for room in rooms:
            place = self.rooms.place(room)
            if place is None:
                continue
            if room.encrypted:
                await self._say_encrypted(place.community, room)
            try:
                content = await self.client.state_event(room.room_id, power.PL_EVENT) or {}
            except PlatformError as err:
                self._log.warning("cannot read power levels of %s: %s", room.room_id, err)
                continue
            lacks = power.missing_abilities(
                content, self.client.user_id, self.creators(room.room_id)
            )
            if lacks:
                needed = max(lack.needed for lack in lacks)
                await self._tell(
                    place.community,
                    f"In {place.room} I cannot: {'; '.join(map(str, lacks))}. "
                    f"Give me power level {needed} there.",
                )

    async def _say_encrypted(self, community: str, room: MatrixRoom) -> None:
        if room.room_id in self._said_encrypted:
            return
        self._said_encrypted.add(room.room_id)
        key = f"said_encrypted:{room.room_id}"
        if await self._kv_get(key):
            return
        await self._tell(
            community,
            f"{room_name(room)} is end-to-end encrypted: I cannot read its messages, so "
            "nothing posted there is moderated. Membership changes are still watched.",
        )
        await self._kv_set(key, "1")

    # Management rooms

    async def _tell(self, community: str, text: str, html_body: str | None = None) -> str | None:
        """Post a notice in a community's management room; a failure is logged, not raised."""
        room_id = self.rooms.management.get(community)
        if room_id is None:
            self._log.warning("no management room for %s: %s", community, text)
            return None
        try:
            content = notice_content(text, html_body)
            return await self._patiently(lambda: self.client.send(room_id, content))
        except PlatformError as err:
            self._log.warning("cannot tell %s: %s (%s)", community, text, err)
            return None

    async def _tell_all(self, text: str) -> None:
        for community in self.rooms.management:
            await self._tell(community, text)

    async def _management_event(self, community: str, room: MatrixRoom, event: NioEvent) -> None:
        if event.sender == self.client.user_id:
            return
        author = member_of(room, event.sender, creators=self.creators(room.room_id))
        if isinstance(event, ReactionEvent):
            await self._on_reaction(community, room, event, author)
        elif isinstance(event, RoomMessageText):
            await self._on_command(community, room, event, author)

    async def _on_reaction(
        self, community: str, room: MatrixRoom, event: ReactionEvent, author: Member
    ) -> None:
        """Turn a moderator's reaction under a report into a quick action."""
        pressed = management.press(community, room.room_id, event.reacts_to, event.key, author)
        if pressed is None or self.router is None:
            return
        reply = await self.router.press(pressed)
        await self._answer(room.room_id, reply, event.reacts_to, author.id, confirm=True)

    async def _on_command(
        self, community: str, room: MatrixRoom, event: RoomMessageText, author: Member
    ) -> None:
        """Route a message of the management room: policy commands here, the rest to the router."""
        relates = event.source.get("content", {}).get("m.relates_to") or {}
        said = Said(
            community=community,
            room=room_name(room),
            author=author,
            body=event.body,
            formatted_body=event.formatted_body,
            event_id=event.event_id,
            reply_to=(relates.get("m.in_reply_to") or {}).get("event_id"),
            ts=timestamp(event),
        )
        prefix = self._prefixes.get(community) or management.DEFAULT_PREFIX
        text = management.addressed_text(
            said, self.client.user_id, room.user_name(self.client.user_id), prefix
        )
        if text.startswith(prefix):
            rest = text[len(prefix) :].lstrip(":, ")
            answer = await self.enforcer.command(community, event.sender, rest)
            if answer is not None:
                await self._answer(room.room_id, Reply(text=answer), event.event_id, author.id)
                return
        if self.router is not None:
            reply = await self.router.handle(management.invocation(said, text))
            await self._answer(room.room_id, reply, event.event_id, author.id)

    async def _answer(
        self,
        room_id: str,
        reply: Reply | None,
        in_reply_to: str,
        author: str,
        *,
        confirm: bool = False,
    ) -> None:
        """Post a reply as HTML; a failure to post is logged (the action itself stands)."""
        if reply is None:
            return
        try:
            if reply.delete_invocation:
                await self._patiently(
                    lambda: self.client.redact(room_id, in_reply_to, "command kept private")
                )
            if reply.ephemeral:
                # Matrix has no message only one member sees: a direct message is the closest.
                await self.send_dm("", author, reply.text)
                return
            content = management.reply_content(reply, in_reply_to)
            await self._patiently(lambda: self.client.send(room_id, content))
            if confirm and reply.ok and reply.kind == "done":
                await self._patiently(lambda: self.client.react(room_id, in_reply_to, DONE_EMOJI))
        except PlatformError as err:
            self._log.warning("cannot answer in %s: %s", room_id, err)

    # Rooms by name

    async def room_id(self, room: str) -> str:
        """Return the ID of a room given by ID, alias or the name events carry."""
        if room.startswith("!"):
            return room
        for joined in self.client.nio.rooms.values():
            if joined.canonical_alias == room:
                return joined.room_id
        return await self.client.resolve(room)

    def _protected(self, community: str) -> list[MatrixRoom]:
        return self.rooms.protected(community, self.client.nio.rooms.values())

    # The neutral actions

    async def delete_message(self, community: str, room: str, message_id: str, reason: str) -> None:
        """Redact a message, and the edits that carry its text too."""
        del community  # room IDs and aliases are global on Matrix
        room_id = await self.room_id(room)
        await self.client.redact(room_id, message_id, reason)
        for edit in self._edits.pop(message_id, []):
            with contextlib.suppress(NotFound):
                await self.client.redact(room_id, edit, reason)

    async def warn(self, community: str, room: str, user_id: str, reason: str) -> None:
        """Tell a member in the room, by a notice that mentions them, why they were warned."""
        del community  # room IDs and aliases are global on Matrix
        room_id = await self.room_id(room)
        joined = self.client.room(room_id)
        name = (joined.user_name(user_id) if joined else None) or user_id
        content = notice_content(
            f"{name}: {reason}", f"{user_pill(user_id, name)}: {escape(reason)}"
        )
        content["m.mentions"] = {"user_ids": [user_id]}
        await self.client.send(room_id, content)

    async def timeout(self, community: str, user_id: str, until: datetime, reason: str) -> None:
        """Mute a member in every protected room through power levels."""
        del until, reason  # Matrix has no timed mute: Vigie lifts it when the case expires.
        await self.actions.mute(self._protected(community), user_id)

    async def untimeout(self, community: str, user_id: str, reason: str) -> None:
        """Give a muted member their voice back in every protected room."""
        del reason
        await self.actions.unmute(self._protected(community), user_id)

    async def kick(self, community: str, user_id: str, reason: str) -> None:
        """Kick a member from the protected rooms they are in."""
        await self.actions.kick(self._protected(community), user_id, reason)

    async def ban(self, community: str, user_id: str, reason: str, clean_seconds: int) -> None:
        """Ban a member from every protected room, largest first, and clean their messages."""
        await self.actions.ban(self._protected(community), user_id, reason, clean_seconds)

    async def unban(self, community: str, user_id: str, reason: str) -> None:
        """Lift a ban in every protected room."""
        del reason
        await self.actions.unban(self._protected(community), user_id)

    async def send_report(self, community: str, channel: str, card: ReportCard) -> str:
        """Post a report as HTML in the management room, with reactions as buttons."""
        room_id = self.rooms.management.get(community) or await self.room_id(channel)
        # The same transaction ID on a retry lets the homeserver drop a duplicate report.
        txn = hashlib.sha256(
            json.dumps([community, card.case_number, card.message_id, card.member_id]).encode()
        ).hexdigest()[:32]
        event_id = await self.client.send_with_txn(room_id, report_content(card), txn)
        if not card.dry_run:
            # The buttons come after: the executor records the report without waiting for them.
            task = asyncio.create_task(self._add_buttons(room_id, event_id, card.quick_actions))
            self._background.add(task)
            task.add_done_callback(self._background.discard)
        return event_id

    async def _add_buttons(self, room_id: str, event_id: str, actions: tuple[str, ...]) -> None:
        for action in actions:
            emoji = QUICK_EMOJI.get(action)
            if emoji is None:
                continue
            try:
                await self._patiently(lambda e=emoji: self.client.react(room_id, event_id, e))
            except PlatformError as err:
                # Already there (a retried report) or refused: moderators can still react by hand.
                self._log.info("no %s button on %s: %s", action, event_id, err)

    async def send_message(self, community: str, room: str, text: str) -> str:
        """Post a notice in a room."""
        del community  # room IDs and aliases are global on Matrix
        room_id = await self.room_id(room)
        return await self.client.send(room_id, notice_content(text))

    async def set_slowmode(self, community: str, room: str, seconds: int) -> None:
        """Refuse: Matrix has no slow mode."""
        del community, room, seconds
        raise Forbidden("Matrix rooms have no slow mode")

    async def lockdown(self, community: str, rooms: list[str], enabled: bool, reason: str) -> None:
        """Let only moderators post in these rooms, or everyone again."""
        del reason
        level = self.rooms.communities[community].moderator_level or _DEFAULT_MODERATOR_LEVEL
        room_ids = [await self.room_id(r) for r in rooms]
        await self.actions.lockdown(room_ids, enabled, level)

    async def set_server_acl(self, community: str, deny: list[str]) -> int:
        """Deny these servers in every protected room; return how many rooms changed."""
        return await self.actions.server_acl(self._protected(community), deny)

    # Policy lists

    async def _load_policies(self) -> None:
        try:
            await self.policies.load()
        except PlatformError as err:
            self._log.error("cannot read the policy lists: %s", err)
        self.rooms.policy_rooms = set(self.policies.names)

    async def is_moderator(self, community: str, user_id: str) -> bool:
        """Tell whether a user moderates a community (by account or by power level)."""
        settings = self.rooms.communities[community]
        if user_id == self.client.user_id or user_id in settings.moderator_users:
            return True
        level = settings.moderator_level or _DEFAULT_MODERATOR_LEVEL
        return await self.rank_of(community, user_id) >= level

    def protected(self, community: str) -> list[MatrixRoom]:
        """Return a community's protected rooms, largest first."""
        return self._protected(community)

    async def tell(self, community: str, text: str) -> None:
        """Post a notice in a community's management room."""
        await self._tell(community, text)

    # What the command router asks of every adapter

    def _community_rooms(self, community: str) -> list[MatrixRoom]:
        rooms = self._protected(community)
        managed = self.client.room(self.rooms.management.get(community, ""))
        return [*rooms, managed] if managed is not None else rooms

    async def resolve_member(self, community: str, ref: str) -> Member | None:
        """Return a member known in the community's rooms, else an existing account, else None."""
        for room in self._community_rooms(community):
            if ref in room.users:
                return member_of(room, ref, creators=self.creators(room.room_id))
        if not ref.startswith("@") or ":" not in ref:
            return None
        try:
            profile = await self.client.raw("GET", f"/_matrix/client/v3/profile/{quoted(ref)}")
        except (NotFound, Forbidden):
            return None
        name = profile.get("displayname")
        return Member(id=ref, display_name=name if isinstance(name, str) else None)

    async def rank_of(self, community: str, user_id: str) -> int:
        """Return a user's highest power level across the community's rooms."""
        levels = [self.level_of(r, user_id) for r in self._community_rooms(community)]
        return max(levels, default=0)

    async def bot_user_id(self, community: str) -> str:
        """Return the bot's own account."""
        del community
        return self.client.user_id

    async def send_dm(self, community: str, user_id: str, text: str) -> str | None:
        """Send a notice in a direct room with the user, created at first use."""
        del community
        key = f"dm:{user_id}"
        try:
            room_id = await self._kv_get(key)
            if not room_id:
                room_id = await self.client.create_dm(user_id)
                await self._kv_set(key, room_id)
            return await self.client.send(room_id, notice_content(text))
        except (Forbidden, NotFound) as err:
            self._log.info("cannot write to %s: %s", user_id, err)
            return None

    async def edit_report(
        self, community: str, channel: str, message_id: str, card: ReportCard
    ) -> None:
        """Replace the content of a report message (handled by, grouped cases)."""
        room_id = self.rooms.management.get(community) or await self.room_id(channel)
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
        await self.client.send(room_id, content)

    async def fetch_history(self, community: str, room: str, limit: int) -> list[MessageCreated]:
        """Return the latest messages of a room, newest first (for `clean`)."""
        room_id = await self.room_id(room)
        joined = self.client.room(room_id)
        place = Place(community, room_name(joined) if joined else room, room_id)
        token = self.client.nio.next_batch
        found: list[MessageCreated] = []
        while token and len(found) < limit:
            page = await self.client.messages(room_id, token, None, min(_BACKFILL_PAGE, limit * 2))
            for event in page.chunk:
                translated = translate(event, place, joined, self.creators(room_id))
                if translated is not None and type(translated.event) is MessageCreated:
                    found.append(translated.event)
            if not page.chunk or not page.end or page.end == token:
                break
            token = page.end
        return found[:limit]


def _communities(config: Config) -> dict[str, CommunityRooms]:
    found = {}
    for name, community in config.communities.items():
        if community.platform != "matrix":
            continue
        mods = community.moderators
        found[name] = CommunityRooms(
            name=name,
            patterns=tuple(community.rooms),
            mod_channel=community.mod_channel,
            moderator_level=mods.power_level,
            moderator_users=frozenset(mods.users),
        )
    return found


class _Abandoned(Exception):
    """A step given up while stopping: its batch's sync token must not be saved."""


def _backoff(failures: int) -> float:
    return float(min(_RETRY_CEILING, _RETRY_BASE * 2 ** max(0, failures - 1)))
