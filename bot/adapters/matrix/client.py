"""A thin layer over nio's AsyncClient: login, typed errors, and the few calls Vigie makes."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from aiohttp import ClientError
from nio import (
    AsyncClient,
    AsyncClientConfig,
    DownloadResponse,
    JoinResponse,
    LoginResponse,
    MatrixRoom,
    RoomBanResponse,
    RoomCreateResponse,
    RoomGetStateEventResponse,
    RoomGetStateResponse,
    RoomKickResponse,
    RoomLeaveResponse,
    RoomMessagesResponse,
    RoomPutStateResponse,
    RoomRedactResponse,
    RoomResolveAliasResponse,
    RoomSendResponse,
    RoomUnbanResponse,
    SyncResponse,
    WhoamiResponse,
)
from nio.api import MessageDirection, RoomPreset

from bot.adapters.base import Forbidden, NotFound, Unavailable
from bot.adapters.matrix.errors import checked, error_of
from bot.adapters.matrix.throttle import MESSAGES, REDACTIONS, Throttle

_DEVICE_NAME = "Vigie"


def client_config() -> AsyncClientConfig:
    """Return a nio config that hands rate limits and timeouts back to us at once.

    nio would otherwise sleep through every 429 inside the call; Vigie's executor keeps the
    action pending and retries it after `retry_after`, so nothing waits with a lock held.
    """
    return AsyncClientConfig(
        max_limit_exceeded=0,
        max_timeouts=0,
        store_sync_tokens=False,
        encryption_enabled=False,
    )


class MatrixClient:
    """Talk to one homeserver as the bot, raising the core's typed errors on failure."""

    def __init__(
        self,
        homeserver: str,
        user_id: str,
        device_id: str | None = None,
        *,
        throttle: Throttle | None = None,
    ) -> None:
        self.nio = AsyncClient(
            homeserver.rstrip("/"), user_id, device_id=device_id, config=client_config()
        )
        self.user_id = user_id
        #: Paces the calls that make events, which the homeserver rate-limits.
        self.throttle = throttle or Throttle()
        self._log = logging.getLogger("vigie.matrix")

    @property
    def device_id(self) -> str | None:
        """Return the device this session runs as."""
        device: str | None = self.nio.device_id
        return device

    @property
    def server_name(self) -> str:
        """Return the bot's own server name."""
        return self.user_id.split(":", 1)[1]

    def room(self, room_id: str) -> MatrixRoom | None:
        """Return nio's view of a joined room."""
        return self.nio.rooms.get(room_id)

    async def login_token(self, token: str) -> None:
        """Use an access token, checking it names the configured account."""
        self.nio.access_token = token
        who = await checked(self.nio.whoami(), "whoami", WhoamiResponse)
        if who.user_id != self.user_id:
            raise Forbidden(f"the access token belongs to {who.user_id}, not {self.user_id}")
        if who.device_id:
            self.nio.device_id = who.device_id

    async def login_password(self, password: str) -> str:
        """Log in with a password, reusing the device given at construction; return the token."""
        answer = await checked(
            self.nio.login(password, device_name=_DEVICE_NAME), "login", LoginResponse
        )
        token: str = answer.access_token
        return token

    async def close(self) -> None:
        """Close the HTTP session."""
        await self.nio.close()

    async def sync(
        self, since: str | None, *, timeout_ms: int, full_state: bool, sync_filter: dict[str, Any]
    ) -> SyncResponse:
        """Run one /sync; nio updates its room state from the answer."""
        return await checked(
            self.nio.sync(
                timeout=timeout_ms, since=since, full_state=full_state, sync_filter=sync_filter
            ),
            "sync",
            SyncResponse,
        )

    async def messages(
        self,
        room_id: str,
        start: str,
        end: str | None,
        limit: int,
        *,
        message_filter: dict[str, Any] | None = None,
    ) -> RoomMessagesResponse:
        """Page backwards through a room's timeline."""
        return await checked(
            self.nio.room_messages(
                room_id, start, end, MessageDirection.back, limit, message_filter
            ),
            "messages",
            RoomMessagesResponse,
        )

    async def join(self, room: str) -> str:
        """Join a room by ID or alias and return its ID."""
        joined: str = (await checked(self.nio.join(room), f"join {room}", JoinResponse)).room_id
        return joined

    async def leave(self, room_id: str) -> None:
        """Leave a room or reject an invite."""
        await checked(self.nio.room_leave(room_id), f"leave {room_id}", RoomLeaveResponse)

    async def resolve(self, alias: str) -> str:
        """Return the room ID an alias points to."""
        answer = await checked(
            self.nio.room_resolve_alias(alias), f"resolve {alias}", RoomResolveAliasResponse
        )
        found: str = answer.room_id
        return found

    async def send(
        self, room_id: str, content: dict[str, Any], event_type: str = "m.room.message"
    ) -> str:
        """Send an event and return its ID."""
        answer = await self.throttle.run(
            MESSAGES,
            lambda: checked(
                self.nio.room_send(room_id, event_type, content, ignore_unverified_devices=True),
                f"send to {room_id}",
                RoomSendResponse,
            ),
        )
        sent: str = answer.event_id
        return sent

    async def send_with_txn(self, room_id: str, content: dict[str, Any], txn_id: str) -> str:
        """Send a message under a chosen transaction ID, so a retry cannot post it twice."""
        answer = await self.throttle.run(
            MESSAGES,
            lambda: checked(
                self.nio.room_send(
                    room_id, "m.room.message", content, tx_id=txn_id, ignore_unverified_devices=True
                ),
                f"send to {room_id}",
                RoomSendResponse,
            ),
        )
        sent: str = answer.event_id
        return sent

    async def create_dm(self, user_id: str) -> str:
        """Create a direct room with a user and return its ID."""
        answer = await checked(
            self.nio.room_create(
                is_direct=True, invite=[user_id], preset=RoomPreset.trusted_private_chat
            ),
            f"create a direct room with {user_id}",
            RoomCreateResponse,
        )
        created: str = answer.room_id
        return created

    async def react(self, room_id: str, event_id: str, key: str) -> str:
        """React to an event."""
        content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
        return await self.send(room_id, content, "m.reaction")

    async def redact(self, room_id: str, event_id: str, reason: str) -> None:
        """Redact an event with a reason, once: a retry reuses the transaction ID.

        The homeserver answers a repeated transaction with the first redaction, even after a
        restart of either side, so a redaction whose answer was lost is not made twice.
        """
        txn = "vigie-redact-" + hashlib.sha256(f"{room_id}\0{event_id}".encode()).hexdigest()[:32]
        await self.throttle.run(
            REDACTIONS,
            lambda: checked(
                self.nio.room_redact(room_id, event_id, reason or None, tx_id=txn),
                f"redact {event_id}",
                RoomRedactResponse,
            ),
        )

    async def kick(self, room_id: str, user_id: str, reason: str) -> None:
        """Kick a member from one room."""
        await self.throttle.run(
            MESSAGES,
            lambda: checked(
                self.nio.room_kick(room_id, user_id, reason or None),
                f"kick in {room_id}",
                RoomKickResponse,
            ),
        )

    async def ban(self, room_id: str, user_id: str, reason: str) -> None:
        """Ban a user from one room."""
        await self.throttle.run(
            MESSAGES,
            lambda: checked(
                self.nio.room_ban(room_id, user_id, reason or None),
                f"ban in {room_id}",
                RoomBanResponse,
            ),
        )

    async def unban(self, room_id: str, user_id: str) -> None:
        """Lift a ban in one room."""
        await self.throttle.run(
            MESSAGES,
            lambda: checked(
                self.nio.room_unban(room_id, user_id), f"unban in {room_id}", RoomUnbanResponse
            ),
        )

    async def state_event(
        self, room_id: str, event_type: str, state_key: str = ""
    ) -> dict[str, Any] | None:
        """Return the content of a state event, or None when the room has none."""
        try:
            answer = await checked(
                self.nio.room_get_state_event(room_id, event_type, state_key),
                f"read {event_type} in {room_id}",
                RoomGetStateEventResponse,
            )
        except NotFound:
            return None
        return dict(answer.content)

    async def state(self, room_id: str) -> list[dict[str, Any]]:
        """Return every current state event of a room, as raw dicts."""
        answer = await checked(
            self.nio.room_get_state(room_id), f"read state of {room_id}", RoomGetStateResponse
        )
        return [dict(event) for event in answer.events]

    async def put_state(
        self, room_id: str, event_type: str, content: dict[str, Any], state_key: str = ""
    ) -> str:
        """Send a state event and return its ID."""
        answer = await self.throttle.run(
            MESSAGES,
            lambda: checked(
                self.nio.room_put_state(room_id, event_type, content, state_key),
                f"set {event_type} in {room_id}",
                RoomPutStateResponse,
            ),
        )
        sent: str = answer.event_id
        return sent

    async def create_room(
        self, name: str, alias: str | None = None, *, topic: str = "", invite: Sequence[str] = ()
    ) -> str:
        """Create a private room, inviting these users, and return its ID."""
        answer = await checked(
            self.nio.room_create(name=name, alias=alias, topic=topic or None, invite=invite),
            f"create {name}",
            RoomCreateResponse,
        )
        created: str = answer.room_id
        return created

    async def download(self, mxc: str) -> bytes:
        """Download a file from the media repository."""
        answer = await checked(self.nio.download(mxc=mxc), f"download {mxc}", DownloadResponse)
        body = answer.body
        if not isinstance(body, bytes):
            raise Unavailable(f"download {mxc}: no bytes in the answer")
        return body

    async def raw(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Call an endpoint nio has no method for (the Synapse admin API) and return its JSON."""
        headers = {"Authorization": f"Bearer {self.nio.access_token}"}
        data = None if body is None else json.dumps(body)
        if data is not None:
            headers["Content-Type"] = "application/json"
        try:
            answer = await self.nio.send(method, path, data, headers)
            parsed = await answer.json(content_type=None)
        except (ClientError, TimeoutError, ValueError) as err:
            raise Unavailable(f"{method} {path}: {err.__class__.__name__} {err}") from err
        if answer.status >= 400:
            from nio import ErrorResponse  # noqa: PLC0415 - only on the error path

            error = ErrorResponse.from_dict(parsed if isinstance(parsed, dict) else {})
            error.transport_response = answer
            raise error_of(error, f"{method} {path}")
        return parsed if isinstance(parsed, dict) else {}


def quoted(value: str) -> str:
    """Quote a path segment (user IDs and room IDs hold ':' and '@')."""
    return quote(value, safe="")
