"""Build the messages tests post, with defaults for every field a test does not care about."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.config_models import CommunityBase
from bot.context import Context
from bot.events import Event, Member, MessageCreated
from bot.state import MemoryState, StateStore
from bot.text import normalize

#: When a message is said unless the test gives a time.
T0 = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


def make_message(
    text: str = "x",
    *,
    community: str = "c",
    room: str = "r",
    ts: datetime = T0,
    member: Member | str = "u",
    message_id: str = "m",
    kind: type[MessageCreated] = MessageCreated,
    **fields: Any,
) -> MessageCreated:
    """Return a message (or an edit, by `kind`); `member` is a Member or a bare id."""
    author = member if isinstance(member, Member) else Member(id=member)
    return kind(
        community=community,
        room=room,
        ts=ts,
        member=author,
        message_id=message_id,
        text=text,
        **fields,
    )


def context_of(event: Event, state: StateStore | None = None) -> Context:
    """Return what a trigger sees of `event` in a bare community, on a fresh state by default."""
    bare = CommunityBase.model_validate(
        {"platform": "matrix", "rooms": ["*"], "mod_channel": "#mods"}
    )
    return Context(event, bare, event.member, state or MemoryState(), normalize)
