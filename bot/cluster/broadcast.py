"""Tell the other processes of a deployment what changed here, over Redis pub/sub.

A message is one JSON object on the channel ``PREFIX:broadcast``: its kind (``config``,
``policy-lists``), the process that sent it, and a payload. Each process runs the handlers
registered for a kind on the messages of the others; its own come back and are skipped.
Pub/sub keeps nothing: a process that is disconnected when a message goes out misses it, so
handlers re-read the whole current state (the config file, the stored lists) rather than apply
a difference, and the next message brings a late process up to date.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, Final

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

Handler = Callable[[dict[str, Any]], Awaitable[None]]

#: Seconds between two attempts to resubscribe after the connection to Redis broke.
RESUBSCRIBE_DELAY: Final = 1.0


class BroadcastError(ValueError):
    """A message on the channel is not one Vigie sent."""


class Broadcast:
    """Publish this process's changes; run handlers on the changes of the other processes."""

    def __init__(
        self,
        client: Redis,
        *,
        channel: str,
        logger: logging.Logger,
        origin: str | None = None,
    ) -> None:
        """Use a client made with ``decode_responses=True``; its owner closes it."""
        self._client = client
        self.channel = channel
        self.origin = origin or uuid.uuid4().hex
        self._log = logger
        self._handlers: dict[str, list[Handler]] = {}
        self._pubsub: PubSub | None = None
        self._task: asyncio.Task[None] | None = None
        #: Set each time a message of another process has been handled (for tests and waits).
        self.received = asyncio.Event()

    def on(self, kind: str, handler: Handler) -> None:
        """Run `handler` with the payload of each message of this kind from another process."""
        self._handlers.setdefault(kind, []).append(handler)

    async def publish(self, kind: str, payload: dict[str, Any] | None = None) -> int:
        """Send a message to the other processes; return how many subscribers got it."""
        text = json.dumps({"kind": kind, "origin": self.origin, "payload": payload or {}})
        return int(await self._client.publish(self.channel, text))

    async def start(self) -> None:
        """Subscribe, then listen in the background; messages sent after this returns arrive."""
        self._pubsub = self._client.pubsub(ignore_subscribe_messages=True)
        await self._pubsub.subscribe(self.channel)
        self._task = asyncio.create_task(self._listen(), name="vigie-broadcast")

    async def stop(self) -> None:
        """Stop listening and release the subscribed connection."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._pubsub is not None:
            await self._pubsub.aclose()
            self._pubsub = None

    async def _listen(self) -> None:
        assert self._pubsub is not None, "start() first"
        while True:
            try:
                message = await self._pubsub.get_message(timeout=None)
            except RedisError as err:
                # The server restarted or the network dropped: the next read reconnects and
                # resubscribes; what was published meanwhile is lost (see the module's doc).
                self._log.warning("broadcast: lost the connection to Redis (%s); retrying", err)
                await asyncio.sleep(RESUBSCRIBE_DELAY)
                continue
            if message is None or message.get("type") != "message":
                continue
            try:
                await self._dispatch(str(message["data"]))
            except BroadcastError as err:
                self._log.warning("broadcast: ignored a message: %s", err)

    async def _dispatch(self, data: str) -> None:
        kind, origin, payload = _parse(data)
        if origin == self.origin:
            return
        for handler in self._handlers.get(kind, []):
            try:
                await handler(payload)
            except Exception:  # noqa: BLE001 - a failing handler must not stop the listening
                self._log.exception("broadcast: handling %s from %s failed", kind, origin)
        self.received.set()


def _parse(data: str) -> tuple[str, str, dict[str, Any]]:
    """Read a message: (kind, origin, payload)."""
    try:
        message = json.loads(data)
    except json.JSONDecodeError as err:
        raise BroadcastError(f"not JSON: {err}") from err
    if not isinstance(message, dict):
        raise BroadcastError("not a JSON object")
    kind, origin, payload = message.get("kind"), message.get("origin"), message.get("payload")
    if not isinstance(kind, str) or not isinstance(origin, str) or not isinstance(payload, dict):
        raise BroadcastError("kind, origin and payload missing or of the wrong type")
    return kind, origin, payload
