"""Moderation actions across a community's rooms: redact, kick, ban, mute, lockdown, server ACL.

Every action is safe to run again: the executor retries a call that failed half way (a rate
limit in the fifth of twenty rooms), so rooms already handled are recognised and skipped.
"""

from __future__ import annotations

import fnmatch
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from nio import MatrixRoom, RedactedEvent

from bot.adapters.base import Forbidden, NotFound, RateLimited, Unavailable
from bot.adapters.matrix import power
from bot.adapters.matrix.client import MatrixClient
from bot.adapters.values import Values

#: How far back `clean` looks, in events per room, whatever the time window says.
CLEAN_SCAN_LIMIT = 500
_PAGE = 100
#: Memberships a kick removes.
_PRESENT = frozenset({"join", "invite", "knock"})


class RoomActions:
    """Carry out one neutral action over the rooms it concerns, largest rooms first."""

    def __init__(
        self,
        client: MatrixClient,
        values: Values,
        clock: Callable[[], datetime],
        logger: logging.Logger | None = None,
        creators: Callable[[str], frozenset[str]] = lambda _room_id: frozenset(),
    ) -> None:
        self._client = client
        self._creators = creators
        self._values = values
        self._now = clock
        self._log = logger or logging.getLogger("vigie.matrix")

    async def _each(
        self, what: str, rooms: Sequence[MatrixRoom], act: Callable[[MatrixRoom], Awaitable[bool]]
    ) -> int:
        """Run `act` in every room; rate limits stop the run, refusals are collected."""
        done, refused = 0, []
        for room in rooms:
            try:
                if await act(room):
                    done += 1
            except (RateLimited, Unavailable):
                # Stop here: the executor retries the whole call later and skips finished rooms.
                raise
            except (Forbidden, power.CannotChange) as err:
                refused.append(f"{room.room_id}: {err}")
            except NotFound as err:
                self._log.info("%s in %s: %s", what, room.room_id, err)
        if refused and not done:
            raise Forbidden(f"{what} refused in every room: " + "; ".join(refused))
        if refused:
            self._log.warning("%s refused in some rooms: %s", what, "; ".join(refused))
        return done

    async def membership(self, room_id: str, user_id: str) -> str | None:
        """Return a user's membership in a room, read fresh from the server."""
        content = await self._client.state_event(room_id, "m.room.member", user_id)
        value = None if content is None else content.get("membership")
        return value if isinstance(value, str) else None

    async def kick(self, rooms: Sequence[MatrixRoom], user_id: str, reason: str) -> int:
        """Kick a user from the rooms where they are joined, invited or knocking.

        Membership is read fresh from the server: a kick run again (a retry, or the scheduler
        picking up a call still in flight) skips the rooms the member already left.
        """

        async def kick(room: MatrixRoom) -> bool:
            if await self.membership(room.room_id, user_id) not in _PRESENT:
                return False
            try:
                await self._client.kick(room.room_id, user_id, reason)
            except Forbidden:
                if await self.membership(room.room_id, user_id) not in _PRESENT:
                    return False  # gone meanwhile: left, or kicked by a run of this same call
                raise
            return True

        done = await self._each("kick", rooms, kick)
        if not done:
            raise NotFound(f"{user_id} is in none of the protected rooms")
        return done

    async def ban(
        self, rooms: Sequence[MatrixRoom], user_id: str, reason: str, clean_seconds: int = 0
    ) -> int:
        """Ban a user from every room, then redact their recent messages if asked."""

        async def ban(room: MatrixRoom) -> bool:
            if await self.membership(room.room_id, user_id) == "ban":
                return False
            try:
                await self._client.ban(room.room_id, user_id, reason)
            except Forbidden:
                if await self.membership(room.room_id, user_id) == "ban":
                    return False  # banned meanwhile, by someone else or a run of this call
                raise
            return True

        done = await self._each("ban", rooms, ban)
        if clean_seconds > 0:
            since = self._now() - timedelta(seconds=clean_seconds)

            async def clean(room: MatrixRoom) -> bool:
                return await self.clean(room.room_id, user_id, since, reason) > 0

            await self._each("clean", rooms, clean)
        return done

    async def unban(self, rooms: Sequence[MatrixRoom], user_id: str) -> int:
        """Lift a user's ban in every room where they are banned."""

        async def unban(room: MatrixRoom) -> bool:
            if await self.membership(room.room_id, user_id) != "ban":
                return False
            try:
                await self._client.unban(room.room_id, user_id)
            except Forbidden:
                if await self.membership(room.room_id, user_id) != "ban":
                    return False  # lifted meanwhile, by someone else or a run of this call
                raise
            return True

        return await self._each("unban", rooms, unban)

    async def clean(self, room_id: str, user_id: str, since: datetime, reason: str) -> int:
        """Redact a user's messages in a room sent after `since`; return how many."""
        token = self._client.nio.next_batch
        if not token:
            return 0
        cutoff = since.timestamp() * 1000
        redacted = scanned = 0
        while scanned < CLEAN_SCAN_LIMIT:
            page = await self._client.messages(
                room_id, token, None, _PAGE, message_filter={"senders": [user_id]}
            )
            for event in page.chunk:
                scanned += 1
                if event.server_timestamp < cutoff:
                    return redacted
                if isinstance(event, RedactedEvent) or event.source.get("state_key") is not None:
                    continue  # already gone, or state (their membership) that must stay
                await self._client.redact(room_id, event.event_id, reason)
                redacted += 1
            if not page.chunk or page.end in (None, token):
                break
            token = page.end
        return redacted

    async def mute(self, rooms: Sequence[MatrixRoom], user_id: str) -> int:
        """Put a user below the level needed to post in every room, remembering their level."""

        async def mute(room: MatrixRoom) -> bool:
            content = await self._client.state_event(room.room_id, power.PL_EVENT) or {}
            creators = self._creators(room.room_id)
            if power.user_level(content, user_id, creators) < power.message_level(content):
                return False  # already muted (or muted by a moderator by hand)
            key = _mute_key(room.room_id, user_id)
            if await self._values.get(key) in (None, ""):
                await self._values.set(
                    key, json.dumps({"level": power.explicit_level(content, user_id)})
                )
            new = power.muted(content, self._client.user_id, user_id, creators)
            await self._client.put_state(room.room_id, power.PL_EVENT, new)
            return True

        return await self._each("mute", rooms, mute)

    async def unmute(self, rooms: Sequence[MatrixRoom], user_id: str) -> int:
        """Give a muted user back the level they had before."""

        async def unmute(room: MatrixRoom) -> bool:
            content = await self._client.state_event(room.room_id, power.PL_EVENT) or {}
            key = _mute_key(room.room_id, user_id)
            stored = await self._values.get(key)
            if power.user_level(content, user_id) >= power.message_level(content):
                if stored:
                    await self._values.set(key, "")
                return False
            previous = json.loads(stored)["level"] if stored else None
            new = power.restored(content, user_id, previous)
            await self._client.put_state(room.room_id, power.PL_EVENT, new)
            await self._values.set(key, "")
            return True

        return await self._each("unmute", rooms, unmute)

    async def lockdown(self, room_ids: Sequence[str], enabled: bool, moderator_level: int) -> None:
        """Let only moderators post in these rooms, or restore who could post before."""
        for room_id in room_ids:
            content = await self._client.state_event(room_id, power.PL_EVENT) or {}
            key = f"lockdown:{room_id}"
            stored = await self._values.get(key)
            if enabled:
                if stored:
                    continue
                before = {
                    "events_default": content.get("events_default"),
                    "message": (content.get("events") or {}).get("m.room.message"),
                }
                await self._values.set(key, json.dumps(before))
                new = power.locked(content, moderator_level)
            else:
                if not stored:
                    continue
                before = json.loads(stored)
                new = dict(content)
                new["events"] = dict(content.get("events") or {})
                _put_or_drop(new, "events_default", before["events_default"])
                _put_or_drop(new["events"], "m.room.message", before["message"])
            await self._client.put_state(room_id, power.PL_EVENT, new)
            if not enabled:
                await self._values.set(key, "")

    async def server_acl(self, rooms: Sequence[MatrixRoom], deny: Sequence[str]) -> int:
        """Deny these servers in every room; our own server is never denied, allow stays *."""
        content = server_acl_content(deny, self._client.server_name)

        async def apply(room: MatrixRoom) -> bool:
            current = await self._client.state_event(room.room_id, power.ACL_EVENT)
            if current == content:
                return False
            await self._client.put_state(room.room_id, power.ACL_EVENT, content)
            return True

        return await self._each("server ACL", rooms, apply)


def server_acl_content(deny: Sequence[str], own_server: str) -> dict[str, object]:
    """Return the ACL content for a deny list, never locking our own server out."""
    kept = sorted({d for d in deny if d and not fnmatch.fnmatchcase(own_server, d)})
    return {"allow": ["*"], "deny": kept, "allow_ip_literals": False}


def _put_or_drop(target: dict[str, object], key: str, value: object) -> None:
    if value is None:
        target.pop(key, None)
    else:
        target[key] = value


def _mute_key(room_id: str, user_id: str) -> str:
    return f"mute:{room_id}:{user_id}"
