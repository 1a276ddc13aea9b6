"""A fake Discord under discord.py's HTTP layer, so the library's real models and state run.

`HTTPClient.request` (and `get_from_cdn`) of the client under test is swapped for one that
records every route and answers from an in-memory server: guilds, roles, channels, members,
messages, bans and DMs. The webhook adapter discord.py uses for interaction responses and
follow-ups is replaced the same way. State changes the real Discord would announce on the
gateway (a kick, a ban, a timeout, new overwrites...) are fed back through discord.py's own
gateway parsers, so the client's cache moves as it would in production. Gateway events the
tests push (messages, interactions, AutoMod executions) go through the same parsers.
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote

import discord
import discord.interactions
import discord.webhook.async_
from discord.http import HTTPClient, Route
from discord.utils import time_snowflake
from discord.webhook.async_ import AsyncWebhookAdapter

BASE_TIME = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
APP_ID = 900000000000000001
ALL = discord.Permissions.all().value


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP call discord.py made."""

    method: str
    path: str  # the route template, such as /guilds/{guild_id}/bans/{user_id}
    url: str  # with the parameters filled in
    params: dict[str, Any]
    json: Any = None
    reason: str | None = None
    query: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.method} {self.url.removeprefix(Route.BASE)}"


class _Response:
    """What discord.HTTPException reads from an aiohttp response."""

    def __init__(self, status: int, reason: str, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.reason = reason
        self.headers = headers or {}


def http_error(status: int, code: int, message: str) -> discord.HTTPException:
    """Return the exception discord.py raises for an error answer."""
    response = _Response(status, message)
    data = {"code": code, "message": message}
    kinds: dict[int, type[discord.HTTPException]] = {
        403: discord.Forbidden,
        404: discord.NotFound,
    }
    if status >= 500:
        return discord.DiscordServerError(response, data)  # type: ignore[arg-type]
    return kinds.get(status, discord.HTTPException)(response, data)  # type: ignore[arg-type]


def iso(when: datetime) -> str:
    return when.isoformat()


@dataclass
class FakeGuild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, dict[str, Any]] = field(default_factory=dict)
    channels: dict[int, dict[str, Any]] = field(default_factory=dict)
    members: dict[int, dict[str, Any]] = field(default_factory=dict)
    bans: dict[int, dict[str, Any]] = field(default_factory=dict)
    system_channel_id: int | None = None

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "owner_id": str(self.owner_id),
            "roles": list(self.roles.values()),
            "channels": list(self.channels.values()),
            "members": list(self.members.values()),
            "member_count": len(self.members),
            "features": [],
            "emojis": [],
            "stickers": [],
            "threads": [],
            "voice_states": [],
            "presences": [],
            "system_channel_id": str(self.system_channel_id) if self.system_channel_id else None,
            "large": False,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "premium_tier": 0,
            "preferred_locale": "fr",
            "nsfw_level": 0,
            "afk_timeout": 300,
            "joined_at": iso(BASE_TIME - timedelta(days=1)),
        }


class FakeDiscord:
    """An in-memory Discord server side: answers discord.py's requests and records them."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self.requests: list[Request] = []
        self.guilds: dict[int, FakeGuild] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.dm_channels: dict[int, int] = {}  # channel id -> user id
        self.dms_closed: set[int] = set()
        self.cdn: dict[str, bytes] = {}
        self.failures: dict[tuple[str, str], list[Exception]] = {}
        self.interaction_responses: list[dict[str, Any]] = []
        self.commands: dict[int, list[dict[str, Any]]] = {}
        self.left: list[int] = []  # guilds the bot left
        self.client: discord.Client | None = None
        self.bot = self.user("Vigie", bot=True, ident=APP_ID)
        self._tasks_before: set[asyncio.Task[Any]] = set()

    # Ids and payloads

    def snowflake(self, when: datetime | None = None) -> int:
        """Return a fresh snowflake dated `when` (unique thanks to the counter)."""
        return time_snowflake(when or datetime.now(UTC)) + next(self._ids)

    def user(
        self, name: str, *, bot: bool = False, ident: int | None = None, avatar: str | None = None
    ) -> dict[str, Any]:
        user_id = ident or self.snowflake(BASE_TIME - timedelta(days=400))
        payload = {
            "id": str(user_id),
            "username": name.lower(),
            "global_name": name,
            "discriminator": "0",
            "avatar": avatar,
            "bot": bot,
            "public_flags": 0,
        }
        self.users[user_id] = payload
        return payload

    def guild(self, name: str = "Entraide", *, owner: dict[str, Any] | None = None) -> FakeGuild:
        """Create a guild with @everyone, a #general and a #moderation channel."""
        owner = owner or self.user("Owner")
        guild_id = self.snowflake(BASE_TIME - timedelta(days=300))
        guild = FakeGuild(guild_id, name, int(owner["id"]))
        self.guilds[guild_id] = guild
        everyone = discord.Permissions.general() | discord.Permissions.text()
        everyone.update(administrator=False, manage_messages=False, manage_channels=False)
        self.role(guild, "@everyone", position=0, permissions=everyone.value, ident=guild_id)
        self.channel(guild, "general")
        self.channel(guild, "moderation")
        guild.system_channel_id = next(iter(guild.channels))
        self.member(guild, owner)
        return guild

    def role(
        self,
        guild: FakeGuild,
        name: str,
        *,
        position: int,
        permissions: int = 0,
        ident: int | None = None,
    ) -> dict[str, Any]:
        role_id = ident or self.snowflake()
        payload = {
            "id": str(role_id),
            "name": name,
            "permissions": str(permissions),
            "position": position,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        guild.roles[role_id] = payload
        return payload

    def channel(self, guild: FakeGuild, name: str) -> dict[str, Any]:
        channel_id = self.snowflake()
        payload = {
            "id": str(channel_id),
            "type": 0,
            "guild_id": str(guild.id),
            "name": name,
            "position": len(guild.channels),
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "rate_limit_per_user": 0,
            "topic": None,
            "last_message_id": None,
            "flags": 0,
        }
        guild.channels[channel_id] = payload
        return payload

    def member(
        self,
        guild: FakeGuild,
        user: dict[str, Any],
        *roles: dict[str, Any],
        joined: datetime | None = None,
    ) -> dict[str, Any]:
        payload = {
            "user": user,
            "nick": None,
            "avatar": None,
            "roles": [r["id"] for r in roles],
            "joined_at": iso(joined or BASE_TIME - timedelta(days=30)),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        guild.members[int(user["id"])] = payload
        return payload

    def message_payload(
        self,
        channel: dict[str, Any],
        author: dict[str, Any],
        content: str,
        *,
        attachments: list[dict[str, Any]] | None = None,
        when: datetime | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        guild = self.guilds[int(channel["guild_id"])] if channel.get("guild_id") else None
        message_id = self.snowflake(when)
        payload: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": channel["id"],
            "author": author,
            "content": content,
            "timestamp": iso(when or datetime.now(UTC)),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": attachments or [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            **extra,
        }
        if guild is not None:
            payload["guild_id"] = str(guild.id)
            member = guild.members.get(int(author["id"]))
            if member is not None:
                payload["member"] = {k: v for k, v in member.items() if k != "user"}
        self.messages[message_id] = payload
        return payload

    def thread(self, guild: FakeGuild, parent: dict[str, Any], name: str) -> dict[str, Any]:
        """Open a public thread under a channel (THREAD_CREATE)."""
        thread_id = self.snowflake()
        payload = {
            "id": str(thread_id),
            "type": 11,
            "guild_id": str(guild.id),
            "parent_id": parent["id"],
            "owner_id": str(APP_ID),
            "name": name,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "message_count": 0,
            "member_count": 1,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": iso(datetime.now(UTC)),
                "locked": False,
            },
            "newly_created": True,
        }
        guild.channels[thread_id] = payload
        self.gateway("THREAD_CREATE", payload)
        return payload

    def dm_channel(self, user: dict[str, Any]) -> dict[str, Any]:
        """Return the DM channel between the bot and a user."""
        known = [c for c, owner in self.dm_channels.items() if owner == int(user["id"])]
        channel_id = known[0] if known else self.snowflake()
        self.dm_channels[channel_id] = int(user["id"])
        return {"id": str(channel_id), "type": 1, "recipients": [user]}

    def attachment(self, filename: str, data: bytes, content_type: str) -> dict[str, Any]:
        attachment_id = self.snowflake()
        url = f"https://cdn.discordapp.com/attachments/{attachment_id}/{filename}"
        self.cdn[url] = data
        return {
            "id": str(attachment_id),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
        }

    # Installing under a client

    def install(self, client: discord.Client, monkeypatch: Any) -> None:
        """Put this fake under a client's HTTP layer and under interaction webhooks."""
        self.client = client
        client.http.__class__ = RecordingHTTPClient
        client.http.fake = self  # type: ignore[attr-defined]
        adapter = FakeWebhookAdapter(self)
        context: contextvars.ContextVar[AsyncWebhookAdapter] = contextvars.ContextVar(
            "fake_webhook_context", default=adapter
        )
        monkeypatch.setattr(discord.interactions, "async_context", context)
        monkeypatch.setattr(discord.webhook.async_, "async_context", context)

    # The gateway, as discord.py's parsers see it

    def gateway(self, event: str, data: dict[str, Any]) -> None:
        """Feed one gateway dispatch to the client's state, as the websocket would."""
        assert self.client is not None
        self.client._connection.parsers[event](data)

    def connect_guild(self, guild: FakeGuild, *, joined: bool = False) -> None:
        """Make a guild available (GUILD_CREATE); `joined` says the bot was just added."""
        data = guild.payload()
        if not joined:
            data["unavailable"] = False
        self.gateway("GUILD_CREATE", data)

    def post(self, channel: dict[str, Any], author: dict[str, Any], content: str, **kw: Any) -> int:
        """A member posts a message (MESSAGE_CREATE); return its id."""
        payload = self.message_payload(channel, author, content, **kw)
        self.gateway("MESSAGE_CREATE", payload)
        return int(payload["id"])

    def _interaction_base(
        self, guild: FakeGuild, channel: dict[str, Any], user: dict[str, Any]
    ) -> dict[str, Any]:
        member = dict(guild.members[int(user["id"])])
        member["permissions"] = str(self._permissions(guild, int(user["id"])))
        return {
            "id": str(self.snowflake()),
            "application_id": str(APP_ID),
            "token": f"token-{next(self._ids)}",
            "version": 1,
            "guild_id": str(guild.id),
            "channel_id": channel["id"],
            "channel": {
                k: channel[k]
                for k in (
                    "id",
                    "type",
                    "guild_id",
                    "name",
                    "position",
                    "permission_overwrites",
                    "nsfw",
                    "parent_id",
                )
            }
            | {"permissions": str(ALL)},
            "member": member,
            "app_permissions": str(self._permissions(guild, APP_ID)),
            "locale": "fr",
            "guild_locale": "fr",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild.id)},
            "context": 0,
            "attachment_size_limit": 10_000_000,
        }

    def slash(
        self,
        guild: FakeGuild,
        channel: dict[str, Any],
        author: dict[str, Any],
        name: str,
        /,
        **options: Any,
    ) -> dict[str, Any]:
        """A member runs a slash command (INTERACTION_CREATE, type 2)."""
        resolved: dict[str, dict[str, Any]] = {}
        opts = []
        for key, value in options.items():
            if isinstance(value, dict) and "username" in value:  # a user option
                resolved.setdefault("users", {})[value["id"]] = value
                member = guild.members.get(int(value["id"]))
                if member is not None:
                    resolved.setdefault("members", {})[value["id"]] = {
                        k: v for k, v in member.items() if k != "user"
                    } | {"permissions": str(self._permissions(guild, int(value["id"])))}
                opts.append({"name": key, "type": 6, "value": value["id"]})
            elif isinstance(value, int):
                opts.append({"name": key, "type": 4, "value": value})
            else:
                opts.append({"name": key, "type": 3, "value": value})
        command = self._command_id(guild.id, name)
        data = self._interaction_base(guild, channel, author) | {
            "type": 2,
            "data": {
                "id": command,
                "name": name,
                "type": 1,
                "options": opts,
                "resolved": resolved,
                "guild_id": str(guild.id),
            },
        }
        self.gateway("INTERACTION_CREATE", data)
        return data

    def message_menu(
        self, guild: FakeGuild, user: dict[str, Any], message_id: int, name: str
    ) -> dict[str, Any]:
        """A member uses a message context-menu command (INTERACTION_CREATE, type 2/3)."""
        message = self.messages[message_id]
        channel = guild.channels[int(message["channel_id"])]
        data = self._interaction_base(guild, channel, user) | {
            "type": 2,
            "data": {
                "id": self._command_id(guild.id, name),
                "name": name,
                "type": 3,
                "target_id": str(message_id),
                "resolved": {"messages": {str(message_id): message}},
                "guild_id": str(guild.id),
            },
        }
        self.gateway("INTERACTION_CREATE", data)
        return data

    def press(
        self, guild: FakeGuild, user: dict[str, Any], message_id: int, custom_id: str
    ) -> dict[str, Any]:
        """A member presses a button under a message (INTERACTION_CREATE, type 3)."""
        message = self.messages[message_id]
        channel = guild.channels[int(message["channel_id"])]
        data = self._interaction_base(guild, channel, user) | {
            "type": 3,
            "message": message,
            "data": {"custom_id": custom_id, "component_type": 2},
        }
        self.gateway("INTERACTION_CREATE", data)
        return data

    def _command_id(self, guild_id: int, name: str) -> str:
        for command in self.commands.get(guild_id, []):
            if command["name"] == name:
                return str(command["id"])
        raise AssertionError(f"command {name!r} was not published in guild {guild_id}")

    def _permissions(self, guild: FakeGuild, user_id: int) -> int:
        if user_id == guild.owner_id:
            return ALL
        member = guild.members.get(user_id)
        value = int(guild.roles[guild.id]["permissions"])
        for role_id in member["roles"] if member else []:
            value |= int(guild.roles[int(role_id)]["permissions"])
        if value & discord.Permissions(administrator=True).value:
            return ALL
        return value

    async def settle(self, limit: float = 10.0) -> None:
        """Wait until the tasks discord.py started for the events pushed so far are done."""
        current = asyncio.current_task()
        deadline = asyncio.get_running_loop().time() + limit
        while True:
            pending = {
                t
                for t in asyncio.all_tasks()
                if t is not current and not t.done() and t not in self._tasks_before
            }
            if not pending:
                return
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise AssertionError(f"tasks still running: {pending}")
            await asyncio.wait(pending, timeout=left)

    def mark_background(self) -> None:
        """Ignore the tasks running now (the test runner's own) in `settle`."""
        self._tasks_before = set(asyncio.all_tasks())

    # Failures scripted by tests

    def fail_next(self, method: str, path: str, *errors: Exception) -> None:
        """Make the next requests to a route template fail with these errors, in order."""
        self.failures.setdefault((method, path), []).extend(errors)

    def of(self, method: str, path: str) -> list[Request]:
        """Return the recorded requests to one route template."""
        return [r for r in self.requests if r.method == method and r.path == path]

    def routes(self) -> Iterator[str]:
        for request in self.requests:
            yield f"{request.method} {request.path}"

    # The server

    async def handle(
        self, route: Route, body: Any, reason: str | None, query: dict[str, Any] | None = None
    ) -> Any:
        params = _Params(route)
        request = Request(
            route.method, route.path, route.url, params.values, body, reason, dict(query or {})
        )
        self.requests.append(request)
        pending = self.failures.get((route.method, route.path))
        if pending:
            raise pending.pop(0)
        handler = _ROUTES.get((route.method, route.path))
        if handler is None:
            raise AssertionError(f"the fake Discord has no route {route.method} {route.path}")
        await asyncio.sleep(0)
        return handler(self, params, body or {})

    def _guild(self, p: _Params) -> FakeGuild:
        guild = self.guilds.get(p.int("guild_id"))
        if guild is None:
            raise http_error(404, 10004, "Unknown Guild")
        return guild

    def _channel(self, channel_id: int) -> tuple[FakeGuild | None, dict[str, Any]]:
        for guild in self.guilds.values():
            if channel_id in guild.channels:
                return guild, guild.channels[channel_id]
        if channel_id in self.dm_channels:
            user = self.users[self.dm_channels[channel_id]]
            return None, {"id": str(channel_id), "type": 1, "recipients": [user]}
        raise http_error(404, 10003, "Unknown Channel")


class _Params:
    """The parameters of a route, read back from its URL with the path template."""

    def __init__(self, route: Route) -> None:
        pattern = re.escape(route.path)
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/?]+)", pattern)
        found = re.fullmatch(pattern, route.url.removeprefix(Route.BASE).split("?", 1)[0])
        if found is None:
            raise AssertionError(f"{route.url} does not match {route.path}")
        self.values = {k: unquote(v) for k, v in found.groupdict().items()}

    def int(self, name: str) -> int:
        return int(self.values[name])

    def str(self, name: str) -> str:
        return self.values[name]


# Route handlers: (fake, params, json body) -> answer


def _me(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    return fake.bot


def _application(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    return {
        "id": str(APP_ID),
        "name": "Vigie",
        "icon": None,
        "description": "",
        "rpc_origins": [],
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": fake.user("Dev"),
        "summary": "",
        "verify_key": "0" * 64,
        "team": None,
        "flags": 0,
        "interactions_endpoint_url": None,
        "bot": fake.bot,
    }


def _gateway(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    return {
        "url": "wss://gateway.discord.gg",
        "shards": 1,
        "session_start_limit": {
            "total": 1000,
            "remaining": 999,
            "reset_after": 0,
            "max_concurrency": 1,
        },
    }


def _sync_commands(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    guild_id = p.int("guild_id")
    answered = []
    for command in body:
        answered.append(
            {"description": "", "type": 1}
            | command
            | {
                "id": str(fake.snowflake()),
                "application_id": str(APP_ID),
                "guild_id": str(guild_id),
                "version": "1",
            }
        )
    fake.commands[guild_id] = answered
    return answered


def _get_member(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    key = "user_id" if "user_id" in p.values else "member_id"
    member = fake._guild(p).members.get(p.int(key))
    if member is None:
        raise http_error(404, 10007, "Unknown Member")
    return member


def _get_user(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    user = fake.users.get(p.int("user_id"))
    if user is None:
        raise http_error(404, 10013, "Unknown User")
    return user


def _edit_member(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    guild = fake._guild(p)
    member = guild.members.get(p.int("user_id"))
    if member is None:
        raise http_error(404, 10007, "Unknown Member")
    member.update(
        {k: v for k, v in body.items() if k in ("nick", "communication_disabled_until", "roles")}
    )
    fake.gateway("GUILD_MEMBER_UPDATE", member | {"guild_id": str(guild.id)})
    return member


def _kick(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    guild = fake._guild(p)
    member = guild.members.pop(p.int("user_id"), None)
    if member is None:
        raise http_error(404, 10007, "Unknown Member")
    fake.gateway("GUILD_MEMBER_REMOVE", {"guild_id": str(guild.id), "user": member["user"]})
    return None


def _ban(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    guild = fake._guild(p)
    user_id = p.int("user_id")
    user = fake.users.get(user_id) or {
        "id": str(user_id),
        "username": "unknown",
        "discriminator": "0",
        "avatar": None,
    }
    guild.bans[user_id] = {"user": user}
    fake.gateway("GUILD_BAN_ADD", {"guild_id": str(guild.id), "user": user})
    if guild.members.pop(user_id, None) is not None:
        fake.gateway("GUILD_MEMBER_REMOVE", {"guild_id": str(guild.id), "user": user})
    return None


def _unban(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    guild = fake._guild(p)
    ban = guild.bans.pop(p.int("user_id"), None)
    if ban is None:
        raise http_error(404, 10026, "Unknown Ban")
    fake.gateway("GUILD_BAN_REMOVE", {"guild_id": str(guild.id), "user": ban["user"]})
    return None


def _leave_guild(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    guild = fake._guild(p)
    guild.members.pop(APP_ID, None)
    fake.left.append(guild.id)
    fake.gateway("GUILD_DELETE", {"id": str(guild.id)})
    return None


def _edit_channel(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    _, channel = fake._channel(p.int("channel_id"))
    channel.update(body)
    fake.gateway("CHANNEL_UPDATE", channel)
    return channel


def _put_overwrite(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    _, channel = fake._channel(p.int("channel_id"))
    target = str(p.int("target"))
    overwrites = [o for o in channel["permission_overwrites"] if o["id"] != target]
    overwrites.append(
        {"id": target, "type": body["type"], "allow": body["allow"], "deny": body["deny"]}
    )
    channel["permission_overwrites"] = overwrites
    fake.gateway("CHANNEL_UPDATE", channel)
    return None


def _delete_overwrite(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    _, channel = fake._channel(p.int("channel_id"))
    target = str(p.int("target"))
    channel["permission_overwrites"] = [
        o for o in channel["permission_overwrites"] if o["id"] != target
    ]
    fake.gateway("CHANNEL_UPDATE", channel)
    return None


#: Discord's limits on what a message may carry (https://discord.com/developers/docs).
MAX_CONTENT = 2000
MAX_EMBEDS = 10
EMBED_LIMITS = {"title": 256, "description": 4096}
MAX_EMBED_TOTAL = 6000
MAX_FIELDS = 25


def check_message_body(body: Any) -> None:
    """Refuse, as Discord does with a 400, a message over its length limits."""
    if not isinstance(body, dict):
        return
    if len(body.get("content") or "") > MAX_CONTENT:
        raise http_error(400, 50035, "Invalid Form Body: content: Must be 2000 or fewer in length.")
    embeds = body.get("embeds") or []
    if len(embeds) > MAX_EMBEDS:
        raise http_error(400, 50035, "Invalid Form Body: embeds: Must be 10 or fewer in length.")
    for embed in embeds:
        total = 0
        for key, limit in EMBED_LIMITS.items():
            size = len(embed.get(key) or "")
            if size > limit:
                raise http_error(400, 50035, f"Invalid Form Body: embeds.{key} too long")
            total += size
        fields = embed.get("fields") or []
        if len(fields) > MAX_FIELDS:
            raise http_error(400, 50035, "Invalid Form Body: embeds.fields: too many")
        for item in fields:
            if len(item["name"]) > 256 or len(item["value"]) > 1024 or not item["value"]:
                raise http_error(400, 50035, "Invalid Form Body: embeds.fields: bad size")
            total += len(item["name"]) + len(item["value"])
        total += len((embed.get("footer") or {}).get("text") or "")
        total += len((embed.get("author") or {}).get("name") or "")
        if total > MAX_EMBED_TOTAL:
            raise http_error(400, 50035, "Embed size exceeds maximum size of 6000")


def _create_message(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    check_message_body(body)
    channel_id = p.int("channel_id")
    guild, channel = fake._channel(channel_id)
    if guild is None and fake.dm_channels.get(channel_id) in fake.dms_closed:
        raise http_error(403, 50007, "Cannot send messages to this user")
    payload = fake.message_payload(
        channel,
        fake.bot,
        body.get("content") or "",
        embeds=body.get("embeds") or [],
        components=body.get("components") or [],
        allowed_mentions=body.get("allowed_mentions"),
    )
    fake.gateway("MESSAGE_CREATE", payload)
    return payload


def _edit_message(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    check_message_body(body)
    message = fake.messages.get(p.int("message_id"))
    if message is None:
        raise http_error(404, 10008, "Unknown Message")
    message.update(body)
    message["edited_timestamp"] = iso(datetime.now(UTC))
    return message


def _delete_message(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    message = fake.messages.pop(p.int("message_id"), None)
    if message is None or int(message["channel_id"]) != p.int("channel_id"):
        raise http_error(404, 10008, "Unknown Message")
    event = {"id": message["id"], "channel_id": message["channel_id"]}
    if "guild_id" in message:
        event["guild_id"] = message["guild_id"]
    fake.gateway("MESSAGE_DELETE", event)
    return None


def _bulk_delete(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    ids = [int(m) for m in body["messages"]]
    if not 2 <= len(ids) <= 100:
        raise http_error(400, 50016, "Provide at least 2 and fewer than 100 messages")
    for message_id in ids:
        fake.messages.pop(message_id, None)
    _, channel = fake._channel(p.int("channel_id"))
    fake.gateway(
        "MESSAGE_DELETE_BULK",
        {
            "ids": [str(i) for i in ids],
            "channel_id": channel["id"],
            "guild_id": channel.get("guild_id"),
        },
    )
    return None


def _history(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    channel_id = p.int("channel_id")
    found = [m for m in fake.messages.values() if int(m["channel_id"]) == channel_id]
    return sorted(found, key=lambda m: int(m["id"]), reverse=True)


def _open_dm(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    user_id = int(body["recipient_id"])
    known = [c for c, owner in fake.dm_channels.items() if owner == user_id]
    channel_id = known[0] if known else fake.snowflake()
    fake.dm_channels[channel_id] = user_id
    return {
        "id": str(channel_id),
        "type": 1,
        "recipients": [fake.users[user_id]],
        "last_message_id": None,
    }


def _interaction_callback(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    check_message_body(body.get("data"))
    fake.interaction_responses.append({"interaction": p.str("webhook_id"), **body})
    data = body.get("data") or {}
    ephemeral = bool((data.get("flags") or 0) & 64)
    return {
        "interaction": {
            "id": p.str("webhook_id"),
            "type": 2,
            "response_message_id": str(fake.snowflake()),
            "response_message_loading": body.get("type") == 5,
            "response_message_ephemeral": ephemeral,
        },
    }


def _followup(fake: FakeDiscord, p: _Params, body: Any) -> Any:
    check_message_body(body)
    fake.interaction_responses.append({"followup": p.str("webhook_token"), "type": 4, "data": body})
    return {
        "id": str(fake.snowflake()),
        "channel_id": "0",
        "author": fake.bot,
        "content": body.get("content") or "",
        "timestamp": iso(datetime.now(UTC)),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": body.get("embeds") or [],
        "pinned": False,
        "type": 0,
        "flags": body.get("flags") or 0,
    }


_ROUTES = {
    ("GET", "/users/@me"): _me,
    ("GET", "/oauth2/applications/@me"): _application,
    ("GET", "/gateway/bot"): _gateway,
    ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"): _sync_commands,
    ("GET", "/guilds/{guild_id}/members/{user_id}"): _get_member,
    ("GET", "/guilds/{guild_id}/members/{member_id}"): _get_member,
    ("PATCH", "/guilds/{guild_id}/members/{user_id}"): _edit_member,
    ("DELETE", "/guilds/{guild_id}/members/{user_id}"): _kick,
    ("PUT", "/guilds/{guild_id}/bans/{user_id}"): _ban,
    ("DELETE", "/guilds/{guild_id}/bans/{user_id}"): _unban,
    ("GET", "/users/{user_id}"): _get_user,
    ("DELETE", "/users/@me/guilds/{guild_id}"): _leave_guild,
    ("PATCH", "/channels/{channel_id}"): _edit_channel,
    ("PUT", "/channels/{channel_id}/permissions/{target}"): _put_overwrite,
    ("DELETE", "/channels/{channel_id}/permissions/{target}"): _delete_overwrite,
    ("POST", "/channels/{channel_id}/messages"): _create_message,
    ("GET", "/channels/{channel_id}/messages"): _history,
    ("PATCH", "/channels/{channel_id}/messages/{message_id}"): _edit_message,
    ("DELETE", "/channels/{channel_id}/messages/{message_id}"): _delete_message,
    ("POST", "/channels/{channel_id}/messages/bulk-delete"): _bulk_delete,
    ("POST", "/users/@me/channels"): _open_dm,
    ("POST", "/interactions/{webhook_id}/{webhook_token}/callback"): _interaction_callback,
    ("POST", "/webhooks/{webhook_id}/{webhook_token}"): _followup,
}


class RecordingHTTPClient(HTTPClient):
    """discord.py's HTTP client with the network swapped for the fake server."""

    fake: FakeDiscord

    async def request(
        self, route: Route, *, files: Any = None, form: Any = None, **kwargs: Any
    ) -> Any:
        body = kwargs.get("json")
        if body is None and form:
            for part in form:
                if part.get("name") == "payload_json":
                    body = json.loads(part["value"])
        return await self.fake.handle(route, body, kwargs.get("reason"), kwargs.get("params"))

    async def get_from_cdn(self, url: str) -> bytes:
        self.fake.requests.append(Request("GET", "cdn", url, {}))
        try:
            return self.fake.cdn[url]
        except KeyError:
            raise http_error(404, 0, "asset not found") from None


class FakeWebhookAdapter(AsyncWebhookAdapter):
    """Interaction responses and follow-ups, answered by the fake server."""

    def __init__(self, fake: FakeDiscord) -> None:
        super().__init__()
        self.fake = fake

    async def request(
        self,
        route: Route,
        session: Any,
        *,
        payload: Any = None,
        multipart: Any = None,
        reason: str | None = None,
        **kwargs: Any,
    ) -> Any:
        body = payload
        if body is None and multipart:
            for part in multipart:
                if part.get("name") == "payload_json":
                    body = json.loads(part["value"])
        return await self.fake.handle(route, body, reason)


# A whole world for tests: a guild with its roles and members, a config, the adapter.

CONFIG = """
storage: sqlite:///{db}
platforms:
  discord:
    token: ${{VIGIE_DISCORD_TOKEN}}
    application_id: "{app}"
communities:
  entraide:
    platform: discord
    guild: "{guild}"
    mod_channel: "{mod}"
    moderators: {{roles: ["{modos}"]}}
    on_call: "{on_call}"
    reports: {{confirm: []}}
    rules:
{rules}
"""

WORDS_RULE = """\
      insults:
        triggers: [{words: [connard]}]
        actions: [delete, {report: {ping: on_call}}]
"""


@dataclass
class World:
    """A fake Discord with one configured guild, and the people in it."""

    fake: FakeDiscord
    guild: FakeGuild
    general: dict[str, Any]
    mod_channel: dict[str, Any]
    owner: dict[str, Any]
    admin: dict[str, Any]
    moderator: dict[str, Any]
    peer: dict[str, Any]
    alice: dict[str, Any]
    bob: dict[str, Any]
    roles: dict[str, dict[str, Any]]

    def config_text(self, db: str, rules: str = WORDS_RULE) -> str:
        return CONFIG.format(
            db=db,
            app=APP_ID,
            guild=self.guild.id,
            mod=self.mod_channel["id"],
            modos=self.roles["Modos"]["id"],
            on_call=self.roles["Astreinte"]["id"],
            rules=rules,
        )


def build_world() -> World:
    """Roles, top to bottom: Admin (30), Vigie (20), Modos (10), Astreinte (5), @everyone."""
    fake = FakeDiscord()
    owner = fake.user("Owner")
    guild = fake.guild(owner=owner)
    general, mod_channel = list(guild.channels.values())
    perms = discord.Permissions
    roles = {
        "Admin": fake.role(
            guild, "Admin", position=30, permissions=perms(administrator=True).value
        ),
        "Vigie": fake.role(
            guild,
            "Vigie",
            position=20,
            permissions=perms(
                manage_messages=True,
                kick_members=True,
                ban_members=True,
                moderate_members=True,
                manage_channels=True,
                manage_roles=True,
                view_audit_log=True,
                view_channel=True,
                send_messages=True,
                embed_links=True,
                read_message_history=True,
            ).value,
        ),
        "Modos": fake.role(
            guild, "Modos", position=10, permissions=perms(manage_messages=True).value
        ),
        "Astreinte": fake.role(guild, "Astreinte", position=5),
    }
    fake.member(guild, fake.bot, roles["Vigie"])
    admin = fake.user("Adèle")
    fake.member(guild, admin, roles["Admin"])
    moderator = fake.user("Modeste")
    fake.member(guild, moderator, roles["Modos"])
    peer = fake.user("Pair")
    fake.member(guild, peer, roles["Modos"])
    alice = fake.user("Alice")
    fake.member(guild, alice)
    bob = fake.user("Bob")
    fake.member(guild, bob)
    return World(
        fake, guild, general, mod_channel, owner, admin, moderator, peer, alice, bob, roles
    )


@dataclass
class Running:
    """A Vigie bot on the fake Discord: the world, the adapter and the core's Bot."""

    world: World
    adapter: Any
    bot: Any
    config: Any
    events: list[Any] = field(default_factory=list)

    @property
    def fake(self) -> FakeDiscord:
        return self.world.fake


@asynccontextmanager
async def running_vigie(
    registry: Any,
    tmp_path: Path,
    monkeypatch: Any,
    *,
    rules: str = WORDS_RULE,
    connect: bool = True,
    with_bot: bool = True,
    world: World | None = None,
    storage: Any = None,
) -> AsyncIterator[Running]:
    """Run the Discord adapter on a fake Discord, under the real Bot (open_bot) or a list.

    Without the bot, the neutral events the adapter emits are collected in `events`.
    """
    from bot.adapters.discordbot import DiscordAdapter
    from bot.app import open_bot
    from bot.clock import ManualClock
    from bot.config import load_config_text

    world = world or build_world()
    text = world.config_text(str(tmp_path / "vigie.db"), rules)
    config = load_config_text(
        text, registry, file="vigie.yaml", env={"VIGIE_DISCORD_TOKEN": "fake-token"}
    )
    clock = ManualClock(datetime.now(UTC))
    adapter = DiscordAdapter(config, storage, registry=registry, clock=clock)
    world.fake.install(adapter.client, monkeypatch)
    world.fake.mark_background()
    running = Running(world, adapter, None, config)

    async def collect(event: Any) -> None:
        running.events.append(event)

    async def started(sink: Any) -> None:
        await adapter.login(sink)
        if connect:
            world.fake.connect_guild(world.guild)
            await world.fake.settle()

    try:
        if not with_bot:
            await started(collect)
            yield running
            await world.fake.settle()
            return
        async with open_bot(
            config, registry, adapter, clock=clock, logger=logging.getLogger("vigie.test")
        ) as bot:
            running.bot = bot
            adapter.router = getattr(bot, "router", None)
            await started(bot.sink)
            yield running
            await world.fake.settle()
    finally:
        await adapter.close()


class RefusingGateway:
    """A gateway that closes with 4014 (disallowed intents) right after IDENTIFY."""

    identified: ClassVar[list[int]] = []

    def __init__(self, shard_id: int | None) -> None:
        self.shard_id = shard_id
        self.gateway = "wss://gateway.discord.gg"
        self.session_id = None
        self.sequence = None
        self.latency = 0.0

    @classmethod
    async def from_client(cls, client: discord.Client, **options: Any) -> RefusingGateway:
        cls.identified.append(client._connection._intents.value)
        return cls(options.get("shard_id"))

    async def poll_event(self) -> None:
        await asyncio.sleep(0)
        raise discord.ConnectionClosed(None, shard_id=self.shard_id, code=4014)  # type: ignore[arg-type]

    async def close(self, code: int = 1000) -> None:
        del code


def refuse_privileged_intents(monkeypatch: Any) -> type[RefusingGateway]:
    """Make every gateway connection fail as Discord does when the intents are not granted."""
    RefusingGateway.identified = []
    monkeypatch.setattr(discord.shard.DiscordWebSocket, "from_client", RefusingGateway.from_client)
    return RefusingGateway


def install_everywhere(fake: FakeDiscord, monkeypatch: Any) -> None:
    """Answer every discord.py HTTP client from this fake (for clients a test cannot reach)."""

    async def request(self: HTTPClient, route: Route, **kwargs: Any) -> Any:
        return await fake.handle(
            route, kwargs.get("json"), kwargs.get("reason"), kwargs.get("params")
        )

    monkeypatch.setattr(HTTPClient, "request", request)
