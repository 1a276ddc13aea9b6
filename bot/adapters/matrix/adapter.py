"""The Matrix adapter: the parts that sync, moderate and report, composed on one account."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from typing import TYPE_CHECKING

from bot.adapters.base import EventSink, Router
from bot.adapters.capabilities import CAPABILITIES
from bot.adapters.matrix.actions import RoomActions
from bot.adapters.matrix.client import MatrixClient
from bot.adapters.matrix.commands import Commands
from bot.adapters.matrix.enforce import PolicyEnforcer
from bot.adapters.matrix.event_reports import EventReports
from bot.adapters.matrix.inbound import Inbound
from bot.adapters.matrix.intake import Intake
from bot.adapters.matrix.invites import Invites
from bot.adapters.matrix.lifecycle import Lifecycle
from bot.adapters.matrix.members import Members
from bot.adapters.matrix.notices import Notices
from bot.adapters.matrix.outbound import Outbound
from bot.adapters.matrix.policy import PolicyLists
from bot.adapters.matrix.retry import Patience
from bot.adapters.matrix.rooms import CommunityRooms, RoomDirectory
from bot.adapters.matrix.sync import TIMELINE_LIMIT, SyncPipeline
from bot.adapters.matrix.throttle import Throttle
from bot.clock import Clock, SystemClock
from bot.cluster.ownership import RoomShare

if TYPE_CHECKING:
    from bot.config import Config
    from bot.config_models import MatrixPlatform
    from bot.storage import Storage

__all__ = ["TIMELINE_LIMIT", "MatrixAdapter"]


class MatrixAdapter(
    Lifecycle,
    SyncPipeline,
    Intake,
    Inbound,
    Invites,
    Notices,
    Commands,
    Outbound,
    Members,
    Patience,
):
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
        self._stopping = asyncio.Event()
        self._log = logger or logging.getLogger("vigie.matrix")
        throttle = Throttle(stopping=self._stopping, logger=self._log)
        self.client = MatrixClient(
            settings.homeserver, settings.user_id, settings.device_id, throttle=throttle
        )
        self.rooms = RoomDirectory(
            _communities(config), share=RoomShare.from_settings(config.model.cluster)
        )
        self._prefixes = {
            name: c.command_prefix for name, c in config.communities.items() if c.command_prefix
        }
        self.router = router
        self.ready = asyncio.Event()
        self._storage = storage
        self._clock = clock or SystemClock()
        self._timeline_limit = timeline_limit
        self._sync_timeout_ms = sync_timeout_ms
        cluster = config.model.cluster
        # Processes sharing an account keep their own sync token and device (bot.cluster).
        own = f"p{cluster.process}:" if cluster.processes > 1 else ""
        self._kv_prefix = f"matrix:{settings.user_id}:{own}"
        self._sink: EventSink | None = None
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._edits: dict[str, list[str]] = {}
        self._said_encrypted: set[str] = set()
        self._creators: dict[str, frozenset[str]] = {}
        self._pending_invites: dict[str, str | None] = {}
        self._background: set[asyncio.Task[None]] = set()
        # One lane per room: its events are handled in order, rooms side by side.
        self._lanes: dict[str, asyncio.Task[None]] = {}
        #: The bot accounts of the deployment's other processes, when each has its own.
        self.peers = frozenset(cluster.matrix_accounts) - {settings.user_id}
        self.policies = PolicyLists(
            self.client, (self._kv_get, self._kv_set), self._log, peers=self.peers
        )
        self.actions = RoomActions(
            self.client, (self._kv_get, self._kv_set), self._clock.now, self._log, self.creators
        )
        self.enforcer = PolicyEnforcer(self)
        #: Told the watched lists when a moderator changes them (bot.cluster.node shares them).
        self.list_listeners = self.enforcer.listeners
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

    async def adopt_lists(self, names: dict[str, str]) -> None:
        """Watch exactly these policy lists, as another process of the deployment does."""
        await self.enforcer.adopt(names)

    def is_bot(self, user_id: str | None) -> bool:
        """Tell whether a user is this bot or the bot account of another of its processes."""
        return user_id == self.client.user_id or user_id in self.peers

    # Storage of small values, namespaced by the bot's account.

    async def _kv_get(self, key: str) -> str | None:
        return await self._storage.get_value(self._kv_prefix + key)

    async def _kv_set(self, key: str, value: str) -> None:
        await self._storage.set_value(self._kv_prefix + key, value, self._clock.now())


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
