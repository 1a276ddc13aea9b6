"""Gateway events pushed through discord.py's own parsers, and a gateway that refuses."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any, ClassVar

import discord
import discord.shard

from tests.support.discord_fake.models import ALL, APP_ID, FakeGuild, Payloads, iso


class GatewayEvents(Payloads):
    """Dispatch gateway events to the client under test."""

    def __init__(self) -> None:
        super().__init__()
        self.client: discord.Client | None = None

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
