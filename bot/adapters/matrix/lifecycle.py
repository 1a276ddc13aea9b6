"""Start the Matrix adapter (log in, join, catch up, sync) and stop it."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from typing import TYPE_CHECKING

from bot.adapters.base import EventSink, PlatformError
from bot.adapters.matrix.retry import Abandoned, backoff
from bot.adapters.matrix.sync import BATCHES_AHEAD, Batch

if TYPE_CHECKING:
    import logging
    from collections.abc import Awaitable, Callable

    from nio import MatrixRoom, SyncResponse

    from bot.adapters.matrix.client import MatrixClient
    from bot.adapters.matrix.event_reports import EventReports
    from bot.adapters.matrix.policy import PolicyLists, PolicyRule
    from bot.adapters.matrix.retry import T
    from bot.adapters.matrix.rooms import RoomDirectory
    from bot.config_models import MatrixPlatform


class Lifecycle:
    """Bring the MatrixAdapter up, keep it syncing, and bring it down."""

    # Set by the MatrixAdapter this part is composed into.
    settings: MatrixPlatform
    client: MatrixClient
    rooms: RoomDirectory
    policies: PolicyLists
    event_reports: EventReports
    ready: asyncio.Event
    _log: logging.Logger
    _stopping: asyncio.Event
    _sink: EventSink | None
    _background: set[asyncio.Task[None]]
    _pending_invites: dict[str, str | None]

    # The adapter's other parts define these: declared for mypy only, they shadow none at run time.
    if TYPE_CHECKING:

        async def _kv_get(self, key: str) -> str | None: ...
        async def _kv_set(self, key: str, value: str) -> None: ...
        async def _patiently(self, call: Callable[[], Awaitable[T]]) -> T: ...
        async def _pause(self, seconds: float, why: str) -> None: ...
        async def _steadily(self, step: Callable[[], Awaitable[T]], *, what: str) -> T: ...
        async def _put(
            self,
            batches: asyncio.Queue[Batch],
            batch: Batch,
            committer: asyncio.Task[None],
        ) -> None: ...
        async def _commit(self, batches: asyncio.Queue[Batch]) -> None: ...
        @staticmethod
        async def _settle(jobs: list[asyncio.Task[None]]) -> bool: ...
        async def _poll(
            self, token: str | None, *, first: bool, busy: bool
        ) -> SyncResponse | None: ...
        async def _process(
            self, response: SyncResponse, *, scan: bool, since: str | None
        ) -> list[asyncio.Task[None]]: ...
        async def _enforce(self, rules: list[PolicyRule] | None = None) -> None: ...
        async def _retry_invites(self) -> None: ...
        async def _check_rooms(self, rooms: list[MatrixRoom]) -> None: ...
        async def _tell(
            self, community: str, text: str, html_body: str | None = None
        ) -> str | None: ...

    async def start(self, sink: EventSink) -> None:
        """Log in, catch up on what happened while down, then sync until stopped.

        Each batch's events go to per-room lanes and the next sync starts at once; the sync
        token is saved only when every event of its batch, and of the batches before, is
        handled, so a restart never skips one.
        """
        self._sink = sink
        self._stopping.clear()
        await self._log_in_patiently()
        await self._join_configured()
        await self._load_policies()
        await self.event_reports.start(sink, self.ready)
        token = await self._kv_get("next_batch") or None
        first = True
        busy = False
        failures = 0
        batches: asyncio.Queue[Batch] = asyncio.Queue(BATCHES_AHEAD)
        committer = asyncio.create_task(self._commit(batches), name="vigie-matrix-commit")
        try:
            while not self._stopping.is_set() and not committer.done():
                try:
                    response = await self._poll(token, first=first, busy=busy)
                except PlatformError as err:
                    if not err.retryable:
                        raise
                    failures += 1
                    await self._pause(err.retry_after or backoff(failures), f"sync failed: {err}")
                    continue
                if response is None:
                    break
                failures = 0
                jobs = await self._process(response, scan=token is not None, since=token)
                busy = bool(jobs)
                token = response.next_batch
                if first:
                    if not await self._caught_up(jobs, token):
                        break
                    first = False
                else:
                    await self._put(batches, (token, jobs), committer)
                await self._retry_invites()
        except Abandoned:
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

    async def _caught_up(self, jobs: list[asyncio.Task[None]], token: str) -> bool:
        """Finish the first batch (the catch-up), save its token, then say Vigie is ready."""
        if not await self._settle(jobs):
            return False
        await self._steadily(lambda: self._kv_set("next_batch", token), what="the sync token")
        await self._check_rooms(list(self.client.nio.rooms.values()))
        self.ready.set()
        self._enforce_at_start()
        return True

    def _enforce_at_start(self) -> None:
        """Apply every policy rule once: rules written while Vigie was down count too.

        Members banned before have a standing case and are skipped, so this adds nothing on a
        plain restart.
        """
        if not self.policies.names:
            return
        task = asyncio.create_task(self._enforce_all(), name="vigie-matrix-policies")
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _enforce_all(self) -> None:
        with contextlib.suppress(Abandoned):  # stopping while the database is away
            await self._enforce()

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

    async def _log_in_patiently(self) -> None:
        """Log in, again with backoff while the homeserver cannot be reached."""
        failures = 0
        while True:
            try:
                await self._login()
            except PlatformError as err:
                if not err.retryable or self._stopping.is_set():
                    raise
                failures += 1
                await self._pause(err.retry_after or backoff(failures), f"cannot log in: {err}")
            else:
                return

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
                    functools.partial(self.client.join, community.mod_channel)
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
                    await self._patiently(functools.partial(self.client.join, pattern))
                except PlatformError as err:
                    if err.retryable:  # tried again after each sync, like an invite
                        self._pending_invites[pattern] = None
                    later = " yet (I will try again)" if err.retryable else ""
                    await self._tell(community.name, f"I cannot join {pattern}{later}: {err}")

    async def _load_policies(self) -> None:
        try:
            await self.policies.load()
        except PlatformError as err:
            self._log.error("cannot read the policy lists: %s", err)
        self.rooms.policy_rooms = set(self.policies.names)
