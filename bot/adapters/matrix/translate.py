"""Turn matrix-nio events into neutral events; nothing from nio leaves this package."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from nio import (
    Event as NioEvent,
)
from nio import (
    MatrixRoom,
    ReactionEvent,
    RedactionEvent,
    RoomMemberEvent,
    RoomMessageEmote,
    RoomMessageMedia,
    RoomMessageNotice,
    RoomMessageText,
    StickerEvent,
)

from bot.adapters.matrix.power import CREATOR_LEVEL
from bot.events import (
    Attachment,
    Event,
    Member,
    MemberJoined,
    MemberLeft,
    MessageCreated,
    MessageDeleted,
    MessageEdited,
    ProfileChanged,
    ReactionAdded,
)

_MESSAGE = RoomMessageText | RoomMessageNotice | RoomMessageEmote | RoomMessageMedia | StickerEvent
# Pushed to the whole room by the legacy `.m.rule.roomnotif` push rule.
_ROOM_PING = "@room"
# Clients prefix the fallback body of an edit with this.
_EDIT_PREFIX = "* "


@dataclass(frozen=True, slots=True)
class Place:
    """Say where an event happened, in the neutral terms the core uses."""

    community: str
    room: str
    room_id: str


@dataclass(frozen=True, slots=True)
class Media:
    """A file to download and hash before the event goes on."""

    mxc: str
    attachment: Attachment


@dataclass(frozen=True, slots=True)
class Translated:
    """A neutral event and the media its hashes still need."""

    event: Event
    media: tuple[Media, ...] = ()


def timestamp(event: NioEvent) -> datetime:
    """Return when the homeserver received the event, as aware UTC."""
    return datetime.fromtimestamp(event.server_timestamp / 1000, tz=UTC)


def message_link(room_id: str, event_id: str) -> str:
    """Return a matrix.to link to an event, which every client opens."""
    return f"https://matrix.to/#/{room_id}/{event_id}"


def member_of(
    room: MatrixRoom | None,
    user_id: str,
    content: dict[str, Any] | None = None,
    creators: frozenset[str] = frozenset(),
) -> Member:
    """Describe a room member from the room state, or from a membership event's content."""
    display_name: str | None = None
    avatar: str | None = None
    level: int | None = None
    if room is not None:
        user = room.users.get(user_id)
        if user is not None:
            display_name, avatar = user.display_name, user.avatar_url
        level = room.power_levels.get_user_level(user_id)
    if user_id in creators:
        level = CREATOR_LEVEL
    if content is not None:
        display_name = _str(content.get("displayname")) or display_name
        avatar = _str(content.get("avatar_url")) or avatar
    return Member(
        id=user_id,
        display_name=display_name or None,
        power_level=level,
        has_avatar=avatar is not None,
    )


def translate(
    event: NioEvent,
    place: Place,
    room: MatrixRoom | None,
    creators: frozenset[str] = frozenset(),
) -> Translated | None:
    """Return the neutral form of a timeline event, or None when the core has no use for it."""
    if isinstance(event, RoomMemberEvent):
        found = _membership(event, place, room, creators)
        return None if found is None else Translated(found)
    common: dict[str, Any] = {
        "community": place.community,
        "room": place.room,
        "ts": timestamp(event),
        "member": member_of(room, event.sender, creators=creators),
    }
    if isinstance(event, ReactionEvent):
        return Translated(ReactionAdded(message_id=event.reacts_to, emoji=event.key, **common))
    if isinstance(event, RedactionEvent):
        return Translated(MessageDeleted(message_id=event.redacts, **common))
    if isinstance(event, _MESSAGE):
        return _message(event, place, common)
    return None


def _message(event: NioEvent, place: Place, common: dict[str, Any]) -> Translated:
    # Content is whatever the sender's client wrote: every nested value is checked for shape.
    content = _dict(event.source.get("content"))
    relates = _dict(content.get("m.relates_to"))
    edited = relates.get("rel_type") == "m.replace" and isinstance(relates.get("event_id"), str)
    if edited:
        # The new content is authoritative; the top-level body is a "* " fallback.
        content = _dict(content.get("m.new_content")) or _unprefixed(content)
    text = _clean(_str(content.get("body")) or "")
    media = _media(content)
    if media:
        caption = _str(content.get("filename"))
        # With a filename set, the body is a caption the sender wrote; otherwise a file name.
        text = text if caption and caption != text else ""
    fields: dict[str, Any] = {
        **common,
        "message_id": relates["event_id"] if edited else event.event_id,
        "text": text,
        "attachments": tuple(m.attachment for m in media),
        "mentions": _mentioned_users(content),
        "mentions_everyone": _mentions_room(content, text),
        "reply_to": _str(_dict(relates.get("m.in_reply_to")).get("event_id")),
        "thread": _str(relates.get("event_id")) if relates.get("rel_type") == "m.thread" else None,
        "link": message_link(place.room_id, event.event_id),
    }
    neutral: MessageCreated = MessageEdited(**fields) if edited else MessageCreated(**fields)
    return Translated(neutral, tuple(media))


def _unprefixed(content: dict[str, Any]) -> dict[str, Any]:
    body = _str(content.get("body")) or ""
    return {**content, "body": body.removeprefix(_EDIT_PREFIX)}


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _clean(text: str) -> str:
    """Replace lone surrogates, which JSON escapes can carry, by U+FFFD; keep the rest."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _media(content: dict[str, Any]) -> list[Media]:
    url = content.get("url")
    if not isinstance(url, str) or not url.startswith("mxc://"):
        return []
    info = _dict(content.get("info"))
    size = info.get("size")
    name = _str(content.get("filename")) or _str(content.get("body")) or url.rsplit("/", 1)[-1]
    attachment = Attachment(
        filename=_clean(name),
        content_type=info.get("mimetype") if isinstance(info.get("mimetype"), str) else None,
        size=size if isinstance(size, int) and not isinstance(size, bool) else None,
    )
    return [Media(url, attachment)]


def _mentioned_users(content: dict[str, Any]) -> tuple[str, ...]:
    mentions = content.get("m.mentions")
    if not isinstance(mentions, dict):
        return ()
    users = mentions.get("user_ids")
    return tuple(u for u in users if isinstance(u, str)) if isinstance(users, list) else ()


def _mentions_room(content: dict[str, Any], text: str) -> bool:
    mentions = content.get("m.mentions")
    if isinstance(mentions, dict):
        return mentions.get("room") is True
    return _ROOM_PING in text


def _membership(
    event: RoomMemberEvent, place: Place, room: MatrixRoom | None, creators: frozenset[str]
) -> Event | None:
    user = event.state_key
    before = event.prev_membership
    # Whoever left is gone from the room state already; their last profile is in prev_content.
    profile = _dict(event.content if event.membership == "join" else event.prev_content)
    common: dict[str, Any] = {
        "community": place.community,
        "room": place.room,
        "ts": timestamp(event),
        "member": member_of(room, user, profile, creators),
    }
    if event.membership == "join":
        if before != "join":
            return MemberJoined(**common)
        previous, now = _dict(event.prev_content), _dict(event.content)
        renamed = previous.get("displayname") != now.get("displayname")
        new_avatar = previous.get("avatar_url") != now.get("avatar_url")
        if renamed or new_avatar:
            return ProfileChanged(previous_display_name=_str(previous.get("displayname")), **common)
        return None
    if event.membership in ("leave", "ban") and before in ("join", "invite", "knock", "ban"):
        if event.membership == "leave" and before == "ban":
            return None  # an unban says nothing about the member's presence
        by_other = event.sender != user
        reason = _dict(event.content).get("reason")
        return MemberLeft(
            banned_by=event.sender if event.membership == "ban" else None,
            kicked_by=event.sender if event.membership == "leave" and by_other else None,
            reason=reason if isinstance(reason, str) else None,
            **common,
        )
    return None
