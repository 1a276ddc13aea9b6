"""Commands that act on members and messages: warn, timeout, kick, ban, unban, clean."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import re2

from bot.calls import Call, DeleteCall
from bot.durations import format_duration
from bot.moderation.api import Reply
from bot.moderation.errors import Refused
from bot.moderation.parsing import count, duration, looks_like_duration, member_ref
from bot.moderation.permissions import check_target
from bot.moderation.reports import defuse_mentions
from bot.moderation.sanctions import ManualAction

if TYPE_CHECKING:
    from bot.events import Member
    from bot.executor import Outcome
    from bot.moderation.commands import CommandContext, Handler

MAX_TIMEOUT = timedelta(days=28)
CLEAN_LOOKBACK = 500
_PAST = {
    "warn": "warned",
    "timeout": "muted",
    "kick": "kicked",
    "ban": "banned",
    "unban": "unbanned",
    "untimeout": "unmuted",
    "note": "noted",
}


def outcome_reply(outcome: Outcome, who: str, *, suffix: str = "") -> Reply:
    """Say what a manual action did: case number, escalation, and what is still pending."""
    case = outcome.case
    assert case is not None
    verb = _PAST.get(case.action, case.action)
    span = ""
    if case.expires_at is not None:
        span = f" for {format_duration(case.expires_at - case.created_at)}"
    # The case stays (the attempt is on record), but it must not read as done.
    verb = f"not {verb}" if case.action in outcome.given_up else verb
    text = f"Case #{case.number}: {defuse_mentions(who)} {verb}{span}"
    if case.reason:
        text += f" ({defuse_mentions(case.reason)})"
    text += suffix + "."
    if outcome.escalation:
        text += f"\nEscalated by the ladders: {outcome.escalation}."
    if outcome.pending:
        text += f"\nStill trying (the platform is busy): {', '.join(outcome.pending)}."
    if outcome.errors:
        text += "\nFailed: " + "; ".join(defuse_mentions(e) for e in outcome.errors) + "."
    return Reply(
        text=text, ok=not outcome.given_up, kind="done" if not outcome.given_up else "failed"
    )


def _name(member: Member) -> str:
    return f"{member.display_name} ({member.id})" if member.display_name else member.id


def _reason(ctx: CommandContext, words: list[str], *, required: bool = False) -> str:
    reason = " ".join(words).strip()
    if not reason and (required or ctx.community.require_reason):
        raise ctx.usage("a reason is required here")
    return reason or "no reason given"


def _split_duration(words: list[str]) -> tuple[timedelta | None, list[str]]:
    if words and looks_like_duration(words[0]):
        return duration(words[0]), words[1:]
    return None, words


async def _sanction(
    ctx: CommandContext,
    member: Member | str,
    kind: str,
    reason: str,
    *,
    span: timedelta | None = None,
    clean: timedelta | None = None,
) -> Reply:
    user_id = member if isinstance(member, str) else member.id
    user_name = None if isinstance(member, str) else member.display_name
    action = ManualAction(
        community=ctx.name,
        kind=kind,
        user_id=user_id,
        user_name=user_name,
        moderator_id=ctx.author.id,
        reason=reason,
        duration=span,
        clean=clean,
    )
    outcome = await ctx.executor.act(action)
    who = member if isinstance(member, str) else _name(member)
    return outcome_reply(outcome, who)


async def warn(ctx: CommandContext) -> Reply:
    """Warn a member."""
    args = ctx.parse().args
    member = await ctx.target(args[0], "warn")
    return await _sanction(ctx, member, "warn", _reason(ctx, args[1:], required=True))


async def timeout(ctx: CommandContext) -> Reply:
    """Mute a member for a while."""
    args = ctx.parse().args
    if not looks_like_duration(args[1]):
        raise ctx.usage(f"bad duration {args[1]!r}: write it like 10m, 1h30m or 7d")
    span = duration(args[1])
    if span > MAX_TIMEOUT:
        raise ctx.usage("a timeout lasts at most 28d; use ban for longer")
    member = await ctx.target(args[0], "mute")
    return await _sanction(ctx, member, "timeout", _reason(ctx, args[2:]), span=span)


async def untimeout(ctx: CommandContext) -> Reply:
    """Let a muted member speak again."""
    args = ctx.parse().args
    member = await ctx.target(args[0], "unmute")
    reason = " ".join(args[1:]) or "timeout lifted by a moderator"
    return await _sanction(ctx, member, "untimeout", reason)


async def kick(ctx: CommandContext) -> Reply:
    """Remove a member."""
    args = ctx.parse().args
    member = await ctx.target(args[0], "kick")
    return await _sanction(ctx, member, "kick", _reason(ctx, args[1:]))


async def ban(ctx: CommandContext) -> Reply:
    """Ban a member, for good or for a while, optionally cleaning their messages."""
    parsed = ctx.parse()
    span, rest = _split_duration(parsed.args[1:])
    clean_text = parsed.flag("clean")
    clean = duration(clean_text, "clean window") if clean_text else None
    reason = _reason(ctx, rest)
    if ctx.spec.name == "forceban":
        user_id = await ctx.target_id(parsed.args[0], "ban")
        found = await ctx.adapter.resolve_member(ctx.name, user_id)
        target: Member | str = found or user_id
    else:
        target = await ctx.target(parsed.args[0], "ban")
    return await _sanction(ctx, target, "ban", reason, span=span, clean=clean)


async def unban(ctx: CommandContext) -> Reply:
    """Lift a ban."""
    args = ctx.parse().args
    user_id = await ctx.target_id(args[0], "unban")
    reason = " ".join(args[1:]) or "ban lifted by a moderator"
    return await _sanction(ctx, user_id, "unban", reason)


async def clean(ctx: CommandContext) -> Reply:
    """Delete recent messages of a room, by member, pattern and age."""
    parsed = ctx.parse()
    wanted = count(parsed.args[0], maximum=CLEAN_LOOKBACK)
    room = parsed.flag("room")
    if room is None:
        if ctx.invocation.room == ctx.community.mod_channel:
            raise ctx.usage("say which room: --room <room>")
        room = ctx.invocation.room
    user = parsed.flag("user")
    user_id = None if user is None else member_ref(user)
    if user_id is not None:
        await check_target(ctx.adapter, ctx.name, ctx.author, user_id, "clean the messages of")
    pattern = _pattern(ctx, parsed.flag("regex"))
    since = parsed.flag("since")
    cutoff = ctx.now - duration(since, "--since window") if since else None
    if "delete" not in ctx.adapter.capabilities:
        raise Refused("this platform does not let me delete messages")
    history = await ctx.adapter.fetch_history(ctx.name, room, CLEAN_LOOKBACK)
    chosen = []
    for message in history:
        if cutoff is not None and message.ts < cutoff:
            break
        if user_id is not None and message.member.id != user_id:
            continue
        if pattern is not None and pattern.search(message.text) is None:
            continue
        chosen.append(message)
        if len(chosen) >= wanted:
            break
    reason = f"clean by {ctx.author.id}"
    calls: list[Call] = [
        DeleteCall(community=ctx.name, room=room, message_id=m.message_id, reason=reason)
        for m in chosen
    ]
    outcome = await ctx.executor.run_calls(ctx.name, None, calls)
    text = f"Deleted {len(outcome.done)} of {len(chosen)} matching message(s) in {room}."
    if outcome.pending:
        text += f" {len(outcome.pending)} still being retried."
    if outcome.given_up:
        text += f" {len(outcome.given_up)} could not be deleted: {outcome.errors[0]}."
    return Reply(text=text, ok=not outcome.given_up)


def _pattern(ctx: CommandContext, text: str | None) -> Any:
    if text is None:
        return None
    try:
        return re2.compile(text)
    except re2.error as exc:
        raise ctx.usage(f"bad --regex: {exc}") from exc


HANDLERS: dict[str, Handler] = {
    "warn": warn,
    "timeout": timeout,
    "untimeout": untimeout,
    "kick": kick,
    "ban": ban,
    "forceban": ban,
    "unban": unban,
    "clean": clean,
}
