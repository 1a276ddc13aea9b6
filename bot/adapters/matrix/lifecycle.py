"""Start the Matrix adapter (log in, join, catch up, sync) and stop it."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from typing import TYPE_CHECKING

from bot.adapters.base import EventSink, PlatformError
from bot.adapters.matrix.retry import Abandoned, backoff
from bot.adapters.matrix.shared import Part
from bot.adapters.matrix.sync import BATCHES_AHEAD, Batch

if TYPE_CHECKING:
    from bot.adapters.matrix.event_reports import EventReports
    from bot.adapters.matrix.inbound import Inbound
    from bot.adapters.matrix.intake import Intake
    from bot.adapters.matrix.invites import Invites
    from bot.adapters.matrix.notices import Notices
    from bot.adapters.matrix.policy import PolicyLists
    from bot.adapters.matrix.shared import Shared
    from bot.adapters.matrix.sync import SyncPipeline
    from bot.config_models import MatrixPlatform
    from bot.executor.lanes import Lanes


class Lifecycle(Part):
    """Bring the MatrixAdapter up, keep it syncing, and bring it down."""

    def __init__(
        self,
        shared: Shared,
        settings: MatrixPlatform,
        ready: asyncio.Event,
        *,
        policies: PolicyLists,
        event_reports: EventReports,
        sync: SyncPipeline,
        intake: Intake,
        inbound: Inbound,
        invites: Invites,
        notices: Notices,
        background: Lanes,
    ) -> None:
        super().__init__(shared)
        self._settings = settings
        self._ready = ready
        self._policies = policies
        self._event_reports = event_reports
        self._sync = sync
        self._intake = intake
        self._inbound = inbound
        self._invites = invites
        self._notices = notices
        self._background = background

    async def start(self, sink: EventSink) -> None:
        """Log in, catch up on what happened while down, then sync until stopped.

        Each batch's events go to per-room lanes and the next sync starts at once; the sync
        token is saved only when every event of its batch, and of the batches before, is
        handled, so a restart never skips one.
        """
        self._inbound.sink = sink
        self._stopping.clear()
        await self._log_in_patiently()
        await self._join_configured()
        await self._load_policies()
        await self._event_reports.start(sink, self._ready)
        token = await self._values.get("next_batch") or None
        first = True
        busy = False
        failures = 0
        batches: asyncio.Queue[Batch] = asyncio.Queue(BATCHES_AHEAD)
        committer = asyncio.create_task(self._sync.commit(batches), name="vigie-matrix-commit")
        try:
            while not self._stopping.is_set() and not committer.done():
                try:
                    response = await self._sync.poll(token, first=first, busy=busy)
                except PlatformError as err:
                    if not err.retryable:
                        raise
                    failures += 1
                    await self._patience.pause(
                        err.retry_after or backoff(failures), f"sync failed: {err}"
                    )
                    continue
                if response is None:
                    break
                failures = 0
                jobs = await self._intake.process(response, scan=token is not None, since=token)
                busy = bool(jobs)
                token = response.next_batch
                if first:
                    if not await self._caught_up(jobs, token):
                        break
                    first = False
                else:
                    await self._sync.put(batches, (token, jobs), committer)
                await self._invites.retry()
        except Abandoned:
            pass  # stopping while the database is away: the next start takes the batch again
        finally:
            # Let the batches in hand finish and save how far they went.
            current = asyncio.current_task()
            if committer.done() or (current is not None and current.cancelling()):
                committer.cancel()
            else:
                await self._sync.put(batches, None, committer)
            with contextlib.suppress(asyncio.CancelledError):
                await committer

    async def _caught_up(self, jobs: list[asyncio.Task[None]], token: str) -> bool:
        """Finish the first batch (the catch-up), save its token, then say Vigie is ready."""
        if not await self._sync.settle(jobs):
            return False
        await self._patience.steadily(
            lambda: self._values.set("next_batch", token), what="the sync token"
        )
        await self._notices.check_rooms(list(self._client.nio.rooms.values()))
        self._ready.set()
        self._enforce_at_start()
        return True

    def _enforce_at_start(self) -> None:
        """Apply every policy rule once: rules written while Vigie was down count too.

        Members banned before have a standing case and are skipped, so this adds nothing on a
        plain restart.
        """
        if not self._policies.names:
            return
        self._background.spawn("policies", self._enforce_all())

    async def _enforce_all(self) -> None:
        with contextlib.suppress(Abandoned):  # stopping while the database is away
            await self._intake.enforce()

    async def stop(self) -> None:
        """Stop syncing, let the batches in hand be handled, and close the connection."""
        self._stopping.set()
        self._event_reports.stop()

    async def close(self) -> None:
        """Let the report buttons in flight finish, then close the HTTP session."""
        if not await self._background.join(within=5):
            await self._background.cancel()
        await self._client.close()

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
                await self._patience.pause(
                    err.retry_after or backoff(failures), f"cannot log in: {err}"
                )
            else:
                return

    async def _login(self) -> None:
        settings = self._settings
        if settings.access_token is not None:
            await self._client.login_token(settings.access_token.get_secret_value())
        elif settings.password is not None:
            # The same device at every start, so logins do not pile up devices on the account.
            device = settings.device_id or await self._values.get("device_id")
            if device:
                self._client.nio.device_id = device
            await self._client.login_password(settings.password.get_secret_value())
            await self._values.set("device_id", self._client.device_id or "")
        self._log.info("logged in as %s (device %s)", self._client.user_id, self._client.device_id)

    async def _join_configured(self) -> None:
        """Join each management room and each room named without a glob."""
        for community in self._rooms.communities.values():
            try:
                self._rooms.management[community.name] = await self._patience.patiently(
                    functools.partial(self._client.join, community.mod_channel)
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
                    await self._patience.patiently(functools.partial(self._client.join, pattern))
                except PlatformError as err:
                    if err.retryable:  # tried again after each sync, like an invite
                        self._invites.pend(pattern)
                    later = " yet (I will try again)" if err.retryable else ""
                    await self._notices.tell(
                        community.name, f"I cannot join {pattern}{later}: {err}"
                    )

    async def _load_policies(self) -> None:
        try:
            await self._policies.load()
        except PlatformError as err:
            self._log.error("cannot read the policy lists: %s", err)
        self._rooms.policy_rooms = set(self._policies.names)
