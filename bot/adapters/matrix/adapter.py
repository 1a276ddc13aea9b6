"""The Matrix adapter: the parts that sync, moderate and report, composed on one account."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

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
from bot.adapters.matrix.recent import RecentTexts
from bot.adapters.matrix.retry import Patience
from bot.adapters.matrix.rooms import CommunityRooms, RoomDirectory
from bot.adapters.matrix.shared import Shared
from bot.adapters.matrix.sync import TIMELINE_LIMIT, SyncPipeline
from bot.adapters.matrix.throttle import Throttle
from bot.adapters.values import StoredValues
from bot.clock import Clock, SystemClock
from bot.cluster.ownership import RoomShare
from bot.executor.lanes import Lanes

if TYPE_CHECKING:
    from nio import MatrixRoom

    from bot.adapters.base import EventSink, Router
    from bot.config import Config
    from bot.config_models import MatrixPlatform
    from bot.events import Member, MessageCreated
    from bot.storage import Storage

__all__ = ["TIMELINE_LIMIT", "MatrixAdapter"]


class MatrixAdapter(Outbound):
    """Connect Vigie to a Matrix homeserver with matrix-nio.

    The adapter acts in rooms itself (Outbound); each other part is built here with what it
    needs, and the adapter answers for them.
    """

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
        self.ready = asyncio.Event()
        stopping = asyncio.Event()
        log = logger or logging.getLogger("vigie.matrix")
        clock = clock or SystemClock()
        client = MatrixClient(
            settings.homeserver,
            settings.user_id,
            settings.device_id,
            throttle=Throttle(stopping=stopping, logger=log),
        )
        rooms = RoomDirectory(
            _communities(config), share=RoomShare.from_settings(config.model.cluster)
        )
        cluster = config.model.cluster
        # Processes sharing an account keep their own sync token and device (bot.cluster).
        own = f"p{cluster.process}:" if cluster.processes > 1 else ""
        values = StoredValues(storage, f"matrix:{settings.user_id}:{own}", clock)
        shared = Shared(client, rooms, values, Patience(stopping, log), log, stopping)
        #: The bot accounts of the deployment's other processes, when each has its own.
        self.peers = frozenset(cluster.matrix_accounts) - {settings.user_id}
        members = Members(client, rooms)
        recent = RecentTexts()
        # Work nobody awaits (report buttons, the policy pass at start), finished on close.
        background = Lanes(log)
        super().__init__(
            shared,
            members,
            RoomActions(client, values, clock.now, log, members.creators),
            recent,
            background,
        )
        self.policies = PolicyLists(client, values, log, peers=self.peers)
        self.enforcer = PolicyEnforcer(self)
        #: Told the watched lists when a moderator changes them (bot.cluster.node shares them).
        self.list_listeners = self.enforcer.listeners
        self.event_reports = EventReports(
            client,
            rooms,
            self.members.creators,
            values,
            log,
            interval=settings.event_reports_interval
            if event_reports_interval is None
            else event_reports_interval,
        )
        self.notices = Notices(shared, self.members)
        self.invites = Invites(shared, settings, self.notices, self.peers)
        prefixes = {
            name: c.command_prefix for name, c in config.communities.items() if c.command_prefix
        }
        self.commands = Commands(
            shared,
            self.members,
            self.enforcer,
            prefixes,
            is_bot=self.is_bot,
            send_dm=self.send_dm,
        )
        self.commands.router = router
        self.inbound = Inbound(
            shared,
            self.members,
            notices=self.notices,
            commands=self.commands,
            enforcer=self.enforcer,
            recent=recent,
            is_bot=self.is_bot,
            room_id=self.room_id,
        )
        intake = Intake(
            shared,
            policies=self.policies,
            enforcer=self.enforcer,
            members=self.members,
            invites=self.invites,
            notices=self.notices,
            inbound=self.inbound,
        )
        sync = SyncPipeline(shared, timeline_limit=timeline_limit, timeout_ms=sync_timeout_ms)
        self.lifecycle = Lifecycle(
            shared,
            settings,
            self.ready,
            policies=self.policies,
            event_reports=self.event_reports,
            sync=sync,
            intake=intake,
            inbound=self.inbound,
            invites=self.invites,
            notices=self.notices,
            background=background,
        )

    @property
    def client(self) -> MatrixClient:
        """Return the account's connection to the homeserver."""
        return self._client

    @property
    def rooms(self) -> RoomDirectory:
        """Return the rooms this account serves, by community."""
        return self._rooms

    @property
    def router(self) -> Router | None:
        """Return where moderators' commands and presses go; None until the runner attaches it."""
        return self.commands.router

    @router.setter
    def router(self, router: Router | None) -> None:
        self.commands.router = router

    async def start(self, sink: EventSink) -> None:
        """Log in, catch up on what happened while down, then sync until stopped."""
        await self.lifecycle.start(sink)

    async def stop(self) -> None:
        """Stop syncing, let the batches in hand be handled, and close the connection."""
        await self.lifecycle.stop()

    async def close(self) -> None:
        """Let the report buttons in flight finish, then close the HTTP session."""
        await self.lifecycle.close()

    async def adopt_lists(self, names: dict[str, str]) -> None:
        """Watch exactly these policy lists, as another process of the deployment does."""
        await self.enforcer.adopt(names)

    def is_bot(self, user_id: str | None) -> bool:
        """Tell whether a user is this bot or the bot account of another of its processes."""
        return user_id == self._client.user_id or user_id in self.peers

    def inviter_allowed(self, inviter: str | None) -> bool:
        """Tell whether an invite from this user may be accepted."""
        return self.invites.inviter_allowed(inviter)

    async def tell(self, community: str, text: str) -> None:
        """Post a notice in a community's management room."""
        await self.notices.tell(community, text)

    async def fetch_history(self, community: str, room: str, limit: int) -> list[MessageCreated]:
        """Return the latest messages of a room, newest first (for `clean`)."""
        return await self.inbound.fetch_history(community, room, limit)

    # Who is who: the Members part answers.

    def creators(self, room_id: str) -> frozenset[str]:
        """Return who created a room, when its version makes them all-powerful."""
        return self.members.creators(room_id)

    def level_of(self, room: MatrixRoom, user_id: str) -> int:
        """Return a user's power level in a room, creators of version-12 rooms included."""
        return self.members.level_of(room, user_id)

    def protected(self, community: str) -> list[MatrixRoom]:
        """Return a community's protected rooms, largest first."""
        return self.members.protected(community)

    async def is_moderator(self, community: str, user_id: str) -> bool:
        """Tell whether a user moderates a community (by account or by power level)."""
        return await self.members.is_moderator(community, user_id)

    async def resolve_member(self, community: str, ref: str) -> Member | None:
        """Return a member known in the community's rooms, else an existing account, else None."""
        return await self.members.resolve_member(community, ref)

    async def rank_of(self, community: str, user_id: str) -> int:
        """Return a user's highest power level across the community's rooms."""
        return await self.members.rank_of(community, user_id)

    async def bot_user_id(self, community: str) -> str:
        """Return the bot's own account."""
        return await self.members.bot_user_id(community)


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
