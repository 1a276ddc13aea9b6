"""Members' reports made with the client `report` endpoint, read from Synapse's admin API.

A member's client reports a message with `POST /rooms/{room}/report/{event}`; Synapse keeps
the report for its server admins only. When the bot's account is a server admin, this poller
reads the new reports every `interval` seconds and passes each one about a protected room to
the sink as a neutral `ReportFiled`, so it reaches moderators like any other member's report.

- Whether the account is an admin is asked once, at start, by reading the list: a 403 (or a
  404: the homeserver is not Synapse) turns polling off, said once in the log.
- The ID of the last report passed on is kept in storage, so a restart neither repeats nor
  misses one. The very first run starts from the newest report: older ones predate Vigie.
- Synapse away or slow: the round is skipped, the next one catches up. Nothing here raises
  into the adapter.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from bot.adapters.base import EventSink, Forbidden, NotFound, PlatformError
from bot.adapters.matrix.client import MatrixClient
from bot.adapters.matrix.rooms import RoomDirectory
from bot.adapters.matrix.translate import member_of
from bot.adapters.values import Values
from bot.events import ReportFiled
from bot.storage import StorageError

LIST_PATH = "/_synapse/admin/v1/event_reports"
DEFAULT_INTERVAL = 30.0
_KV_LAST = "event_reports:last_id"
_PAGE = 100
# A round reads at most this many pages (10,000 reports): a flood past that is cut, and said.
_MAX_PAGES = 100

State = Literal["unknown", "on", "off"]


@dataclass(frozen=True, slots=True)
class SynapseReport:
    """One row of Synapse's event reports list."""

    id: int
    room_id: str
    event_id: str
    reporter: str
    sender: str | None
    reason: str
    received: datetime

    @classmethod
    def parse(cls, raw: object) -> SynapseReport | None:
        """Return the report a list row describes, or None when the row is malformed."""
        if not isinstance(raw, dict):
            return None
        report_id, room_id = raw.get("id"), raw.get("room_id")
        event_id, reporter = raw.get("event_id"), raw.get("user_id")
        if not isinstance(report_id, int) or not all(
            isinstance(v, str) and v for v in (room_id, event_id, reporter)
        ):
            return None
        sender, reason, received = raw.get("sender"), raw.get("reason"), raw.get("received_ts")
        return cls(
            id=report_id,
            room_id=str(room_id),
            event_id=str(event_id),
            reporter=str(reporter),
            sender=sender if isinstance(sender, str) and sender else None,
            reason=reason if isinstance(reason, str) else "",
            received=datetime.fromtimestamp(
                (received if isinstance(received, int | float) else 0) / 1000, tz=UTC
            ),
        )


class EventReports:
    """Poll Synapse's event reports and feed the ones about protected rooms to the sink."""

    def __init__(
        self,
        client: MatrixClient,
        rooms: RoomDirectory,
        creators: Callable[[str], frozenset[str]],
        values: Values,
        logger: logging.Logger,
        *,
        interval: float = DEFAULT_INTERVAL,
    ) -> None:
        self.client = client
        self.rooms = rooms
        self.interval = interval
        self.state: State = "unknown"
        self._creators = creators
        self._values = values
        self._log = logger
        self._last: int | None = None
        self._sink: EventSink | None = None
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._failing = False

    # Lifecycle

    async def start(self, sink: EventSink, ready: asyncio.Event) -> None:
        """Ask once whether the account may read reports, then poll after each `ready`."""
        self._sink = sink
        if self.interval <= 0:
            self.state = "off"
            self._log.info("event reports: polling turned off in the config")
            return
        # Before the first sync, so a report filed once the bot is up is never taken as old.
        async with self._lock:
            await self._guarded(self._probe)
        if self.state != "off" and self._task is None:
            self._task = asyncio.create_task(self._loop(ready), name="vigie-matrix-event-reports")

    def stop(self) -> None:
        """Stop polling."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _loop(self, ready: asyncio.Event) -> None:
        # Rooms are known only after the first sync: until then no report can be placed.
        await ready.wait()
        while self.state != "off":
            await self.poll()
            await asyncio.sleep(self.interval)

    # One round

    async def poll(self) -> int:
        """Read the new reports and pass them on; return how many reached the sink."""
        async with self._lock:
            if self.state == "off":
                return 0
            if self.state == "unknown" and not await self._guarded(self._probe):
                return 0
            delivered = await self._guarded(self._round)
            return delivered or 0

    async def _guarded(self, step: Callable[[], Awaitable[int | None]]) -> int | None:
        """Run a step; errors end the round, a refusal ends polling. Nothing escapes."""
        try:
            result = await step()
        except (Forbidden, NotFound) as err:
            self.state = "off"
            self._log.warning(
                "event reports: cannot read them (%s); is the account a Synapse server admin? "
                "Members' reports through their client will not reach moderators.",
                err,
            )
            return None
        except (PlatformError, StorageError) as err:
            if not self._failing:
                self._log.warning("event reports: round skipped, will retry: %s", err)
            self._failing = True
            return None
        except Exception:  # noqa: BLE001 - a bug here must not stop the adapter; logged
            self._log.exception("event reports: round failed")
            return None
        if self._failing:
            self._log.info("event reports: reading them again")
            self._failing = False
        return result

    async def _probe(self) -> int:
        """Read the newest report: a refusal says we are no admin; set where to start from."""
        page = await self.client.raw("GET", f"{LIST_PATH}?from=0&limit=1&dir=b")
        stored = await self._values.get(_KV_LAST)
        if stored is not None and stored.isdigit():
            self._last = int(stored)
        else:
            rows = [SynapseReport.parse(r) for r in page.get("event_reports") or []]
            self._last = max((r.id for r in rows if r is not None), default=0)
            await self._values.set(_KV_LAST, str(self._last))
        self.state = "on"
        self._log.info("event reports: reading them, after report %d", self._last)
        return 0

    async def _round(self) -> int:
        reports = await self._fetch_new()
        delivered = 0
        for report in reports:
            event = await self._neutral(report)
            if event is not None and self._sink is not None:
                try:
                    await self._sink(event)
                except StorageError:
                    raise  # the watermark stays: this report comes again next round
                except Exception:  # noqa: BLE001 - one odd report must not block the rest
                    self._log.exception("event reports: report %d failed", report.id)
                else:
                    delivered += 1
            self._last = report.id
            await self._values.set(_KV_LAST, str(report.id))
        return delivered

    async def _fetch_new(self) -> list[SynapseReport]:
        """Return the reports after the last one passed on, oldest first."""
        last = self._last or 0
        found: dict[int, SynapseReport] = {}
        start = 0
        for _ in range(_MAX_PAGES):
            page = await self.client.raw("GET", f"{LIST_PATH}?from={start}&limit={_PAGE}&dir=b")
            rows = page.get("event_reports") or []
            reached = False
            for row in rows:
                report = SynapseReport.parse(row)
                if report is None:
                    continue
                if report.id <= last:
                    reached = True
                else:
                    found[report.id] = report
            following = page.get("next_token")
            if reached or not rows or not isinstance(following, int):
                break
            start = following
        else:
            self._log.warning("event reports: more than %d new ones, older skipped", len(found))
        return sorted(found.values(), key=lambda r: r.id)

    async def _neutral(self, report: SynapseReport) -> ReportFiled | None:
        room = self.client.room(report.room_id)
        place = self.rooms.place(room) if room is not None else None
        if room is None or place is None:
            self._log.debug(
                "event reports: %d is about %s, not protected", report.id, report.room_id
            )
            return None
        event = await self._reported_event(report.id)
        sender = report.sender or _str(event.get("sender"))
        content = event.get("content")
        body = content.get("body") if isinstance(content, dict) else None
        creators = self._creators(room.room_id)
        return ReportFiled(
            community=place.community,
            room=place.room,
            ts=report.received,
            member=member_of(room, report.reporter, creators=creators),
            message_id=report.event_id,
            reported_member=member_of(room, sender, creators=creators) if sender else None,
            reason=report.reason,
            text=body if isinstance(body, str) else None,
        )

    async def _reported_event(self, report_id: int) -> dict[str, Any]:
        """Return the reported event as Synapse keeps it, or {} when it cannot be read."""
        try:
            detail = await self.client.raw("GET", f"{LIST_PATH}/{report_id}")
        except PlatformError as err:
            self._log.info("event reports: no content for %d: %s", report_id, err)
            return {}
        event = detail.get("event_json")
        return event if isinstance(event, dict) else {}


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
