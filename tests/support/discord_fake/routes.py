"""The REST routes of guilds, members, bans and channels, answered from the fake's state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.support.discord_fake.messages import MESSAGE_ROUTES
from tests.support.discord_fake.models import APP_ID
from tests.support.discord_fake.recording import http_error

if TYPE_CHECKING:
    from tests.support.discord_fake.params import Params
    from tests.support.discord_fake.server import FakeDiscord

# Route handlers: (fake, params, json body) -> answer


def _me(fake: FakeDiscord, p: Params, body: Any) -> Any:
    return fake.bot


def _application(fake: FakeDiscord, p: Params, body: Any) -> Any:
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


def _gateway(fake: FakeDiscord, p: Params, body: Any) -> Any:
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


def _sync_commands(fake: FakeDiscord, p: Params, body: Any) -> Any:
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


def _get_member(fake: FakeDiscord, p: Params, body: Any) -> Any:
    key = "user_id" if "user_id" in p.values else "member_id"
    member = fake._guild(p).members.get(p.int(key))
    if member is None:
        raise http_error(404, 10007, "Unknown Member")
    return member


def _get_user(fake: FakeDiscord, p: Params, body: Any) -> Any:
    user = fake.users.get(p.int("user_id"))
    if user is None:
        raise http_error(404, 10013, "Unknown User")
    return user


def _edit_member(fake: FakeDiscord, p: Params, body: Any) -> Any:
    guild = fake._guild(p)
    member = guild.members.get(p.int("user_id"))
    if member is None:
        raise http_error(404, 10007, "Unknown Member")
    member.update(
        {k: v for k, v in body.items() if k in ("nick", "communication_disabled_until", "roles")}
    )
    fake.gateway("GUILD_MEMBER_UPDATE", member | {"guild_id": str(guild.id)})
    return member


def _kick(fake: FakeDiscord, p: Params, body: Any) -> Any:
    guild = fake._guild(p)
    member = guild.members.pop(p.int("user_id"), None)
    if member is None:
        raise http_error(404, 10007, "Unknown Member")
    fake.gateway("GUILD_MEMBER_REMOVE", {"guild_id": str(guild.id), "user": member["user"]})
    return None


def _ban(fake: FakeDiscord, p: Params, body: Any) -> Any:
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


def _unban(fake: FakeDiscord, p: Params, body: Any) -> Any:
    guild = fake._guild(p)
    ban = guild.bans.pop(p.int("user_id"), None)
    if ban is None:
        raise http_error(404, 10026, "Unknown Ban")
    fake.gateway("GUILD_BAN_REMOVE", {"guild_id": str(guild.id), "user": ban["user"]})
    return None


def _leave_guild(fake: FakeDiscord, p: Params, body: Any) -> Any:
    guild = fake._guild(p)
    guild.members.pop(APP_ID, None)
    fake.left.append(guild.id)
    fake.gateway("GUILD_DELETE", {"id": str(guild.id)})
    return None


def _edit_channel(fake: FakeDiscord, p: Params, body: Any) -> Any:
    _, channel = fake._channel(p.int("channel_id"))
    channel.update(body)
    fake.gateway("CHANNEL_UPDATE", channel)
    return channel


def _put_overwrite(fake: FakeDiscord, p: Params, body: Any) -> Any:
    _, channel = fake._channel(p.int("channel_id"))
    target = str(p.int("target"))
    overwrites = [o for o in channel["permission_overwrites"] if o["id"] != target]
    overwrites.append(
        {"id": target, "type": body["type"], "allow": body["allow"], "deny": body["deny"]}
    )
    channel["permission_overwrites"] = overwrites
    fake.gateway("CHANNEL_UPDATE", channel)
    return None


def _delete_overwrite(fake: FakeDiscord, p: Params, body: Any) -> Any:
    _, channel = fake._channel(p.int("channel_id"))
    target = str(p.int("target"))
    channel["permission_overwrites"] = [
        o for o in channel["permission_overwrites"] if o["id"] != target
    ]
    fake.gateway("CHANNEL_UPDATE", channel)
    return None


ROUTES = {
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
    **MESSAGE_ROUTES,
}
