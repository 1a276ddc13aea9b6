"""A real Synapse for the e2e tests: one per session, with accounts and a small async client."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

import aiohttp
import pytest

from bot.adapters.matrix.localsynapse import Account, LocalSynapse

#: Accounts every e2e test can use; the bot is a server admin (event reports need it).
ACCOUNTS = {"vigie": True, "mod": False, "alice": False, "bob": False, "stranger": False}


class SynapseSession:
    """Start Synapse once, register the accounts, and stop it at the end of the session.

    `limits` replace the lifted rate limits of the test server (`{"rc_message": {...}}`).
    """

    def __init__(self, limits: dict[str, dict[str, float]] | None = None) -> None:
        self.server = LocalSynapse(limits=limits)
        self.accounts: dict[str, Account] = {}

    def start(self) -> None:
        self.server.start()
        for name, admin in ACCOUNTS.items():
            self.accounts[name] = self.server.register(name, admin=admin)

    def stop(self) -> None:
        self.server.stop()

    @property
    def url(self) -> str:
        return self.server.url

    def user(self, name: str) -> MatrixUser:
        return MatrixUser(self.server.url, self.accounts[name])


class MatrixError(RuntimeError):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status} {body}")
        self.status = status
        self.body = body


async def eventually(
    check: Callable[[], Awaitable[Any]], *, within: float = 10.0, every: float = 0.05
) -> Any:
    """Return the first truthy result of `check`, or fail after `timeout` seconds."""
    deadline = time.monotonic() + within
    while True:
        result = await check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {within}s: {check.__name__}")
        await asyncio.sleep(every)


class MatrixUser:
    """A member's client, just enough to build rooms and talk in them (plain HTTP)."""

    def __init__(self, base: str, account: Account) -> None:
        self.base = base
        self.account = account
        self.user_id = account.user_id

    async def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self.account.access_token}"}
        async with (
            aiohttp.ClientSession() as session,
            session.request(method, self.base + path, json=body, headers=headers) as answer,
        ):
            data = await answer.json(content_type=None)
            if answer.status >= 400:
                raise MatrixError(answer.status, data or {})
            return data

    async def create_room(
        self,
        *,
        name: str,
        invite: Sequence[str] = (),
        admins: Sequence[str] = (),
        alias: str | None = None,
        extra_state: Sequence[dict[str, Any]] = (),
    ) -> str:
        # Room version 12 gives the creator infinite power; listing them is an error.
        users = dict.fromkeys(admins, 100)
        body: dict[str, Any] = {
            "name": name,
            "preset": "private_chat",
            "invite": list(invite),
            "power_level_content_override": {"users": users},
            "initial_state": list(extra_state),
        }
        if alias:
            body["room_alias_name"] = alias
        return (await self.call("POST", "/_matrix/client/v3/createRoom", body))["room_id"]

    async def invite(self, room_id: str, user_id: str) -> None:
        await self.call(
            "POST", f"/_matrix/client/v3/rooms/{q(room_id)}/invite", {"user_id": user_id}
        )

    async def join(self, room_id: str) -> None:
        await self.call("POST", f"/_matrix/client/v3/join/{q(room_id)}", {})

    async def send(self, room_id: str, text: str, *, txn: str | None = None, **extra: Any) -> str:
        content = {"msgtype": "m.text", "body": text, **extra}
        return await self.send_content(room_id, content, txn=txn)

    async def send_content(
        self,
        room_id: str,
        content: dict[str, Any],
        event_type: str = "m.room.message",
        *,
        txn: str | None = None,
    ) -> str:
        """Send an event; the same `txn` again gives back the same event (a safe retry)."""
        txn = txn or uuid.uuid4().hex
        path = f"/_matrix/client/v3/rooms/{q(room_id)}/send/{event_type}/{txn}"
        return (await self.call("PUT", path, content))["event_id"]

    async def react(self, room_id: str, event_id: str, key: str) -> str:
        content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
        return await self.send_content(room_id, content, "m.reaction")

    async def put_state(
        self, room_id: str, event_type: str, content: dict[str, Any], state_key: str = ""
    ) -> str:
        path = f"/_matrix/client/v3/rooms/{q(room_id)}/state/{event_type}/{q(state_key)}"
        return (await self.call("PUT", path, content))["event_id"]

    async def state(self, room_id: str, event_type: str, state_key: str = "") -> dict[str, Any]:
        path = f"/_matrix/client/v3/rooms/{q(room_id)}/state/{event_type}/{q(state_key)}"
        try:
            return await self.call("GET", path)
        except MatrixError as err:
            if err.status == 404:
                return {}
            raise

    async def event(self, room_id: str, event_id: str) -> dict[str, Any]:
        return await self.call("GET", f"/_matrix/client/v3/rooms/{q(room_id)}/event/{q(event_id)}")

    async def is_redacted(self, room_id: str, event_id: str) -> bool:
        event = await self.event(room_id, event_id)
        return "redacted_because" in event.get("unsigned", {})

    async def messages(self, room_id: str, limit: int = 100) -> list[dict[str, Any]]:
        """Return the room's latest events, oldest first."""
        path = f"/_matrix/client/v3/rooms/{q(room_id)}/messages?dir=b&limit={limit}"
        return list(reversed((await self.call("GET", path))["chunk"]))

    async def replies(self, room_id: str, sender: str, event_id: str) -> list[dict[str, Any]]:
        """Return the messages `sender` posted in reply to an event."""
        return [
            e
            for e in await self.messages(room_id, limit=200)
            if e["sender"] == sender
            and e["content"].get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id")
            == event_id
        ]

    async def notifications(self) -> list[dict[str, Any]]:
        """Return what the homeserver's push rules notified this account of."""
        return (await self.call("GET", "/_matrix/client/v3/notifications?limit=100"))[
            "notifications"
        ]

    async def set_display_name(self, room_id: str, name: str) -> None:
        """Change the name shown for this account in one room only."""
        member = await self.state(room_id, "m.room.member", self.user_id)
        await self.put_state(
            room_id, "m.room.member", {**member, "displayname": name}, self.user_id
        )

    async def membership(self, room_id: str, user_id: str) -> str | None:
        return (await self.state(room_id, "m.room.member", user_id)).get("membership")


def q(value: str) -> str:
    return quote(value, safe="")


async def override_ratelimit(
    session: SynapseSession, user_id: str, *, per_second: float, burst_count: int
) -> None:
    """Give one account its own message rate limit (Synapse's admin API, as the bot admin)."""
    admin = session.user("vigie")
    body = {"messages_per_second": per_second, "burst_count": burst_count}
    await admin.call("POST", f"/_synapse/admin/v1/users/{q(user_id)}/override_ratelimit", body)


async def clear_ratelimit(session: SynapseSession, user_id: str) -> None:
    """Remove an account's own rate limit: the server's limits apply again."""
    admin = session.user("vigie")
    await admin.call("DELETE", f"/_synapse/admin/v1/users/{q(user_id)}/override_ratelimit")


@contextmanager
def started_session(limits: dict[str, Any] | None = None) -> Iterator[SynapseSession]:
    """Run a Synapse of its own in the block; skip the test when Synapse cannot run here."""
    reason = LocalSynapse.missing()
    if reason is not None:
        pytest.skip(reason)
    session = SynapseSession(limits=limits)
    session.start()
    try:
        yield session
    finally:
        session.stop()


@contextmanager
def bot_limited_session(limits: dict[str, Any]) -> Iterator[SynapseSession]:
    """Run a Synapse of its own with these limits on the bot; the members post freely."""
    with started_session(limits) as session:
        admin = session.accounts["vigie"].access_token
        for name, account in session.accounts.items():
            if name != "vigie":
                path = f"/_synapse/admin/v1/users/{q(account.user_id)}/override_ratelimit"
                body = {"messages_per_second": 0, "burst_count": 0}
                session.server.request("POST", path, body, token=admin)
        yield session
