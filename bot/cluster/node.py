"""Join a running bot to its deployment: claims on events, and broadcasts of changes."""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final, Protocol, cast, runtime_checkable

from bot.cluster.claims import Claims, MemoryClaims, RedisClaims
from bot.cluster.reloads import BroadcastingRouter, ConfigSync
from bot.state_factory import REDIS_SCHEMES, close_state, open_state

if TYPE_CHECKING:
    from bot.app import Bot
    from bot.cluster.broadcast import Broadcast
    from bot.config import Config
    from bot.moderation.router import CommandRouter
    from bot.state_redis import RedisState

#: The broadcast kind of "the watched policy lists changed", with their names by room.
POLICY_LISTS: Final = "policy-lists"

ListsListener = Callable[[dict[str, str]], Awaitable[None]]


@runtime_checkable
class SharesLists(Protocol):
    """An adapter whose watched policy lists are shared with the other processes."""

    list_listeners: list[ListsListener]

    async def adopt_lists(self, names: dict[str, str]) -> None:
        """Watch exactly these lists (room ID -> short name), as another process does."""
        ...


@dataclass(slots=True)
class Node:
    """What this process shares with the others: claims, and the broadcast when there is one."""

    claims: Claims
    claim_ttl: timedelta
    broadcast: Broadcast | None = None
    router: BroadcastingRouter | CommandRouter | None = None


@asynccontextmanager
async def joined(
    config: Config, bot: Bot, adapter: Any, *, logger: logging.Logger
) -> AsyncIterator[Node]:
    """Give the bot its claims, and with a redis:// state the broadcast of changes; undo at end.

    The bot's router is wrapped so config changes made here are published; the adapter's
    router should be set to `node.router`.
    """
    settings = config.model.cluster
    ttl = timedelta(seconds=settings.claim_seconds)
    node = Node(MemoryClaims(), ttl, router=bot.router)
    state = None
    if config.model.state.split(":", 1)[0].lower() in REDIS_SCHEMES:
        # A connection pool of its own: claims and pub/sub never wait behind the engine's calls.
        state = await open_state(config.model.state)
    try:
        if state is not None:
            # Imported here: a process without Redis never loads its client library (~13 MB).
            from bot.cluster.broadcast import Broadcast  # noqa: PLC0415

            redis = cast("RedisState", state)  # what open_state gives for a redis:// URL
            holder = f"{socket.gethostname()}/{settings.process}"
            node.claims = RedisClaims(redis.client, prefix=redis.prefix, holder=holder)
            if settings.broadcast:
                node.broadcast = Broadcast(
                    redis.client, channel=f"{redis.prefix}:broadcast", logger=logger
                )
                _listen(node, node.broadcast, bot, adapter, logger)
                await node.broadcast.start()
            # Claims matter only when processes share the work; alone, every event is ours.
            bot.claims, bot.claim_ttl = node.claims, ttl
            bot.executor.claims = node.claims
        yield node
    finally:
        bot.claims = bot.executor.claims = None
        try:
            if node.broadcast is not None:
                await node.broadcast.stop()
        finally:
            if state is not None:
                await close_state(state)


def _listen(
    node: Node, broadcast: Broadcast, bot: Bot, adapter: object, logger: logging.Logger
) -> None:
    """Register what this process does on the other processes' changes."""
    if bot.router is not None:
        node.router = BroadcastingRouter(bot.router, ConfigSync(bot.router, broadcast, logger))
    if isinstance(adapter, SharesLists):
        _share_lists(adapter, broadcast)


def _share_lists(adapter: SharesLists, broadcast: Broadcast) -> None:
    """Publish the lists watched here when they change; adopt those changed elsewhere."""

    async def publish(names: dict[str, str]) -> None:
        await broadcast.publish(POLICY_LISTS, {"names": names})

    async def adopt(payload: dict[str, Any]) -> None:
        names = payload.get("names")
        if isinstance(names, dict):
            await adapter.adopt_lists({str(k): str(v) for k, v in names.items()})

    adapter.list_listeners.append(publish)
    broadcast.on(POLICY_LISTS, adopt)
