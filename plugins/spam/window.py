"""Per-member sliding windows over the state store, counting each message once.

A trigger instance is shared by every rule with the same options, and the
triggers of one kind share a member's window, so one event may be recorded
twice. Counts are made exact, by message id, whenever they could fire.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Final

from bot.events import MessageCreated

if TYPE_CHECKING:
    from bot.context import Context

#: Separates the message id from the payload in a window entry; found in neither.
SEP: Final = "\x1f"


def window_key(event: MessageCreated, kind: str) -> str:
    """Return the state key of a member's window of one kind, within their community."""
    return f"{event.community}:{kind}:{event.member.id}"


async def count(
    ctx: Context,
    event: MessageCreated,
    key: str,
    within: timedelta,
    *,
    at_least: int,
    payload: str = "",
) -> list[str]:
    """Record the message with a payload; once ``at_least`` may be reached, return the window.

    Returns the distinct entries (message id, SEP, payload) within the window
    when there may be ``at_least`` of them, else an empty list: the common
    case costs one state call, and only a window that may fire is read back.
    """
    state = ctx.state
    seen = await state.hit(key, ctx.now, within, f"{event.message_id}{SEP}{payload}")
    if seen < at_least:
        return []
    return list(dict.fromkeys(await state.recent(key, ctx.now, within)))


async def total(
    ctx: Context, event: MessageCreated, key: str, within: timedelta, weight: int
) -> int:
    """Record the message under ``key`` with a weight; return the sum of weights in the window."""
    entry = f"{event.message_id}{SEP}{weight}"
    entries = await ctx.state.recent(key, ctx.now, within)
    if entry in entries:
        return sum(int(e.partition(SEP)[2]) for e in entries)
    await ctx.state.hit(key, ctx.now, within, entry)
    return weight + sum(int(e.partition(SEP)[2]) for e in entries)
