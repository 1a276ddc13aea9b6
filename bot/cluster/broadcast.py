"""Tell the other processes of a deployment what changed here, over Redis pub/sub.

A message is one JSON object on the channel ``PREFIX:broadcast``: its kind (``config``,
``policy-lists``), the process that sent it, a generation number and a payload. Each process
runs the handlers registered for a kind on the messages of the others; its own are skipped.

Pub/sub keeps nothing, so each message is also written to Redis: the generation counter
(``CHANNEL:generation``) and the latest message of each kind (``CHANNEL:latest``). A process
that was disconnected when a message went out catches up when it subscribes again, when a
message shows a gap in the generations, and every `check_seconds` in any case: it runs the
latest message of each kind newer than the last one it saw. Handlers therefore re-read the
whole current state (the config file, the stored lists) rather than apply a difference.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final, cast

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline, PubSub
from redis.exceptions import RedisError

Handler = Callable[[dict[str, Any]], Awaitable[None]]

#: Seconds between two attempts to resubscribe after the connection to Redis broke.
RESUBSCRIBE_DELAY: Final = 1.0
#: Seconds between two looks at the generation counter when no message comes.
CHECK_SECONDS: Final = 30.0


class BroadcastError(ValueError):
    """A message on the channel is not one Vigie sent."""


@dataclass(frozen=True, slots=True)
class Message:
    """One change, as published and as kept for the processes that missed it."""

    kind: str
    origin: str
    generation: int
    payload: dict[str, Any]


class Broadcast:
    """Publish this process's changes; run handlers on the changes of the other processes."""

    def __init__(
        self,
        client: Redis,
        *,
        channel: str,
        logger: logging.Logger,
        origin: str | None = None,
        check_seconds: float = CHECK_SECONDS,
    ) -> None:
        """Use a client made with ``decode_responses=True``; its owner closes it."""
        self._client = client
        self.channel = channel
        self.origin = origin or uuid.uuid4().hex
        self._log = logger
        self._check_seconds = check_seconds
        self._generation_key = f"{channel}:generation"
        self._latest_key = f"{channel}:latest"
        self._handlers: dict[str, list[Handler]] = {}
        self._pubsub: PubSub | None = None
        self._task: asyncio.Task[None] | None = None
        #: The generation of the last change this process has seen (applied or its own).
        self.seen = 0
        self._started = False
        #: Set each time a message of another process has been handled (for tests and waits).
        self.received = asyncio.Event()

    def on(self, kind: str, handler: Handler) -> None:
        """Run `handler` with the payload of each message of this kind from another process."""
        self._handlers.setdefault(kind, []).append(handler)

    async def publish(self, kind: str, payload: dict[str, Any] | None = None) -> int:
        """Send a message to the other processes and keep it; return how many got it live."""
        body = payload or {}

        async def send(pipe: Pipeline) -> int:
            # Under WATCH: two processes publishing at once get distinct generations, and the
            # latest message kept for a kind is the one with the highest generation.
            generation = int(await pipe.get(self._generation_key) or 0) + 1
            text = json.dumps(
                {"kind": kind, "origin": self.origin, "generation": generation, "payload": body}
            )
            # redis-py leaves multi() untyped.
            begin: Callable[[], None] = pipe.multi
            begin()
            pipe.set(self._generation_key, generation)
            pipe.hset(self._latest_key, kind, text)
            pipe.publish(self.channel, text)
            return generation

        result = await self._client.transaction(send, self._generation_key)
        return int(result[-1])

    async def start(self) -> None:
        """Subscribe, then listen in the background; messages sent after this returns arrive.

        On the first call, changes made before it are taken as seen: the process has just
        read the current state. Any change made later, while it subscribes or while it was
        stopped, is caught up.
        """
        if not self._started:
            self.seen = await self._generation()
            self._started = True
        self._pubsub = self._client.pubsub()
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
            # redis-py leaves PubSub.aclose() untyped.
            close: Callable[[], Awaitable[None]] = self._pubsub.aclose
            await close()
            self._pubsub = None

    async def catch_up(self) -> None:
        """Run the latest message of each kind published since the last one seen here."""
        generation = await self._generation()
        if generation <= self.seen:
            return
        # redis-py types its commands for the blocking client too; this one's are awaitable,
        # and decode their replies to text.
        kept = await cast("Awaitable[dict[str, str]]", self._client.hgetall(self._latest_key))
        missed = []
        for kind, text in kept.items():
            try:
                message = _parse(str(text))
            except BroadcastError as err:
                self._log.warning("broadcast: ignored the kept %s message: %s", kind, err)
                continue
            if message.generation > self.seen:
                missed.append(message)
        self._log.info(
            "broadcast: catching up from generation %d to %d (%d change(s) to re-read)",
            self.seen,
            generation,
            len(missed),
        )
        self.seen = generation
        for message in sorted(missed, key=lambda m: m.generation):
            await self._dispatch(message)

    async def _generation(self) -> int:
        return int(await self._client.get(self._generation_key) or 0)

    async def _listen(self) -> None:
        assert self._pubsub is not None, "start() first"
        while True:
            try:
                message = await self._pubsub.get_message(timeout=self._check_seconds)
                await self._receive(message)
            except RedisError as err:
                # The server restarted or the network dropped: the next read reconnects and
                # resubscribes, and the subscription's confirmation triggers the catch-up.
                self._log.warning("broadcast: lost the connection to Redis (%s); retrying", err)
                await asyncio.sleep(RESUBSCRIBE_DELAY)

    async def _receive(self, raw: dict[str, Any] | None) -> None:
        """Handle what the subscription gave: a message, a (re)subscription, or nothing."""
        if raw is None or raw.get("type") == "subscribe":
            # Quiet for a while, or just (re)subscribed: look for what went out meanwhile.
            await self.catch_up()
            return
        if raw.get("type") != "message":
            return
        try:
            message = _parse(str(raw["data"]))
        except BroadcastError as err:
            self._log.warning("broadcast: ignored a message: %s", err)
            return
        if message.generation <= self.seen:
            return  # already run by a catch-up
        if message.generation > self.seen + 1:
            await self.catch_up()  # a gap: messages went out while this one was not listening
            return
        self.seen = message.generation
        await self._dispatch(message)

    async def _dispatch(self, message: Message) -> None:
        if message.origin == self.origin:
            return
        for handler in self._handlers.get(message.kind, []):
            try:
                await handler(message.payload)
            except Exception:  # noqa: BLE001 - a failing handler must not stop the listening
                self._log.exception(
                    "broadcast: handling %s from %s failed", message.kind, message.origin
                )
        self.received.set()


def _parse(data: str) -> Message:
    """Read a message."""
    try:
        message = json.loads(data)
    except json.JSONDecodeError as err:
        raise BroadcastError(f"not JSON: {err}") from err
    if not isinstance(message, dict):
        raise BroadcastError("not a JSON object")
    kind, origin, payload = message.get("kind"), message.get("origin"), message.get("payload")
    generation = message.get("generation")
    if not isinstance(kind, str) or not isinstance(origin, str) or not isinstance(payload, dict):
        raise BroadcastError("kind, origin and payload missing or of the wrong type")
    if not isinstance(generation, int) or isinstance(generation, bool):
        raise BroadcastError("generation missing or not a whole number")
    return Message(kind, origin, generation, payload)
