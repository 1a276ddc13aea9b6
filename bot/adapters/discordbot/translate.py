"""Turn discord.py objects into neutral events; nothing from discord.py leaves this package."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import discord

from bot.adapters.base import PlatformError
from bot.adapters.discordbot.errors import mapped
from bot.events import (
    Attachment,
    Member,
    MemberJoined,
    MemberLeft,
    MessageCreated,
    MessageDeleted,
    MessageEdited,
    ProfileChanged,
    ReactionAdded,
)
from bot.mediahash import hashed

#: Files larger than this are not downloaded; their event goes on with the metadata only.
MAX_DOWNLOAD = 25 * 1024 * 1024
UNKNOWN_MEMBER = "0"


def member_of(user: discord.Member | discord.User) -> Member:
    """Describe a member; roles by id only, since anyone who may create roles can copy a name."""
    roles: frozenset[str] = frozenset()
    has_avatar = user.avatar is not None
    if isinstance(user, discord.Member):
        roles = frozenset(str(role.id) for role in user.roles if not role.is_default())
        has_avatar = has_avatar or user.guild_avatar is not None
    return Member(
        id=str(user.id),
        display_name=user.display_name,
        is_bot=user.bot,
        roles=roles,
        account_created=user.created_at,
        has_avatar=has_avatar,
    )


def attachment_of(item: discord.Attachment) -> Attachment:
    """Describe an attachment by its metadata; the hashes come from `hash_attachments`."""
    return Attachment(filename=item.filename, content_type=item.content_type, size=item.size)


async def hash_attachments(
    items: list[discord.Attachment], log: logging.Logger
) -> tuple[Attachment, ...]:
    """Download the attachments (small enough) and return them with their SHA-256 (and PDQ)."""
    return tuple(await asyncio.gather(*(_hashed(item, log) for item in items)))


async def _hashed(item: discord.Attachment, log: logging.Logger) -> Attachment:
    attachment = attachment_of(item)
    if item.size > MAX_DOWNLOAD:
        return attachment
    try:
        async with mapped(f"download {item.filename}"):
            data = await item.read()
    except PlatformError as err:
        # A missing hash weakens only hash rules; the text rules still see the message.
        log.warning("cannot download attachment %s: %s", item.id, err)
        return attachment
    return await hashed(attachment, data)


def message_created(
    message: discord.Message, community: str, attachments: tuple[Attachment, ...] = ()
) -> MessageCreated:
    """Return the neutral form of a new message."""
    channel = message.channel
    thread = str(channel.id) if isinstance(channel, discord.Thread) else None
    reference = message.reference
    return MessageCreated(
        community=community,
        room=str(channel.id),
        ts=message.created_at,
        member=member_of(message.author),
        message_id=str(message.id),
        text=message.content,
        attachments=attachments,
        mentions=tuple(str(u.id) for u in message.mentions),
        role_mentions=tuple(str(r.id) for r in message.role_mentions),
        mentions_everyone=message.mention_everyone,
        reply_to=str(reference.message_id) if reference and reference.message_id else None,
        thread=thread,
        link=message.jump_url,
    )


def message_edited(
    message: discord.Message,
    community: str,
    previous: str | None,
    attachments: tuple[Attachment, ...] = (),
) -> MessageEdited:
    """Return the neutral form of an edited message, dated at the edit."""
    created = message_created(message, community, attachments)
    return MessageEdited.of(created, previous, ts=message.edited_at or datetime.now(UTC))


def message_deleted(
    community: str,
    channel_id: int,
    message_id: int,
    author: discord.Member | discord.User | None,
    ts: datetime,
) -> MessageDeleted:
    """Return the neutral form of a deletion; the author is known only for cached messages."""
    member = member_of(author) if author is not None else Member(id=UNKNOWN_MEMBER)
    return MessageDeleted(
        community=community, room=str(channel_id), ts=ts, member=member, message_id=str(message_id)
    )


def member_joined(member: discord.Member, community: str, room: str) -> MemberJoined:
    """Return the neutral form of a join; `room` is the guild's system channel or the guild."""
    ts = member.joined_at or datetime.now(UTC)
    return MemberJoined(community=community, room=room, ts=ts, member=member_of(member))


def member_left(
    user: discord.Member | discord.User,
    community: str,
    room: str,
    ts: datetime,
    *,
    banned_by: str | None = None,
    kicked_by: str | None = None,
    reason: str | None = None,
) -> MemberLeft:
    """Return the neutral form of a departure, a kick or a ban."""
    return MemberLeft(
        community=community,
        room=room,
        ts=ts,
        member=member_of(user),
        banned_by=banned_by,
        kicked_by=kicked_by,
        reason=reason,
    )


def profile_changed(
    before: discord.Member, after: discord.Member, community: str, room: str, ts: datetime
) -> ProfileChanged | None:
    """Return a ProfileChanged when the nickname or the avatar changed, else None."""
    renamed = before.display_name != after.display_name
    new_avatar = before.display_avatar != after.display_avatar
    new_roles = before.roles != after.roles
    if not (renamed or new_avatar or new_roles):
        return None
    return ProfileChanged(
        community=community,
        room=room,
        ts=ts,
        member=member_of(after),
        previous_display_name=before.display_name if renamed else None,
    )


def reaction_added(
    payload: discord.RawReactionActionEvent,
    user: discord.Member | discord.User | None,
    community: str,
    ts: datetime,
) -> ReactionAdded:
    """Return the neutral form of a reaction."""
    member = member_of(user) if user is not None else Member(id=str(payload.user_id))
    return ReactionAdded(
        community=community,
        room=str(payload.channel_id),
        ts=ts,
        member=member,
        message_id=str(payload.message_id),
        emoji=str(payload.emoji),
    )
