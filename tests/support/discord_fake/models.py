"""The fake server's objects (users, guilds, roles, channels, members, messages) as payloads."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
from discord.utils import time_snowflake

BASE_TIME = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
APP_ID = 900000000000000001
ALL = discord.Permissions.all().value


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


class Payloads:
    """Hold the server's objects and create them, returned as Discord sends them."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self.guilds: dict[int, FakeGuild] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.dm_channels: dict[int, int] = {}  # channel id -> user id
        self.cdn: dict[str, bytes] = {}
        self.commands: dict[int, list[dict[str, Any]]] = {}

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
