"""The REST routes of messages, DMs and interaction answers, with Discord's size limits."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tests.support.discord_fake.models import iso
from tests.support.discord_fake.recording import http_error

if TYPE_CHECKING:
    from tests.support.discord_fake.params import Params
    from tests.support.discord_fake.server import FakeDiscord

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


def _create_message(fake: FakeDiscord, p: Params, body: Any) -> Any:
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


def _edit_message(fake: FakeDiscord, p: Params, body: Any) -> Any:
    check_message_body(body)
    message = fake.messages.get(p.int("message_id"))
    if message is None:
        raise http_error(404, 10008, "Unknown Message")
    message.update(body)
    message["edited_timestamp"] = iso(datetime.now(UTC))
    return message


def _delete_message(fake: FakeDiscord, p: Params, body: Any) -> Any:
    message = fake.messages.pop(p.int("message_id"), None)
    if message is None or int(message["channel_id"]) != p.int("channel_id"):
        raise http_error(404, 10008, "Unknown Message")
    event = {"id": message["id"], "channel_id": message["channel_id"]}
    if "guild_id" in message:
        event["guild_id"] = message["guild_id"]
    fake.gateway("MESSAGE_DELETE", event)
    return None


def _bulk_delete(fake: FakeDiscord, p: Params, body: Any) -> Any:
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


def _history(fake: FakeDiscord, p: Params, body: Any) -> Any:
    channel_id = p.int("channel_id")
    found = [m for m in fake.messages.values() if int(m["channel_id"]) == channel_id]
    return sorted(found, key=lambda m: int(m["id"]), reverse=True)


def _open_dm(fake: FakeDiscord, p: Params, body: Any) -> Any:
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


def _interaction_callback(fake: FakeDiscord, p: Params, body: Any) -> Any:
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


def _followup(fake: FakeDiscord, p: Params, body: Any) -> Any:
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


MESSAGE_ROUTES = {
    ("POST", "/channels/{channel_id}/messages"): _create_message,
    ("GET", "/channels/{channel_id}/messages"): _history,
    ("PATCH", "/channels/{channel_id}/messages/{message_id}"): _edit_message,
    ("DELETE", "/channels/{channel_id}/messages/{message_id}"): _delete_message,
    ("POST", "/channels/{channel_id}/messages/bulk-delete"): _bulk_delete,
    ("POST", "/users/@me/channels"): _open_dm,
    ("POST", "/interactions/{webhook_id}/{webhook_token}/callback"): _interaction_callback,
    ("POST", "/webhooks/{webhook_id}/{webhook_token}"): _followup,
}
