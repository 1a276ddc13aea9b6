"""Commands on cases: note, case, cases/history, reason, dismiss."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.calls import Call, UnbanCall, UntimeoutCall
from bot.moderation.api import Reply
from bot.moderation.errors import Missing
from bot.moderation.notices import when
from bot.moderation.parsing import case_number, is_case_ref, member_ref
from bot.moderation.reports import defuse_mentions
from bot.moderation.sanctioning import outcome_reply
from bot.moderation.sanctions import ManualAction
from bot.storage import CaseRecord, StorageNotFound

if TYPE_CHECKING:
    from bot.executor import Executor
    from bot.moderation.commands import CommandContext, Handler

LISTED = 15


async def _case(ctx: CommandContext, number: int) -> CaseRecord:
    case = await ctx.storage.get_case(ctx.name, number)
    if case is None:
        raise Missing(f"there is no case #{number} in this community")
    return case


def case_line(case: CaseRecord) -> str:
    """Describe a case in one line, as `cases` lists it."""
    who = case.moderator_id or ("vigie" if case.kind == "auto" else case.kind)
    marks = []
    if case.dismissed:
        marks.append("dismissed")
    elif case.active and case.expires_at is not None:
        marks.append(f"until {when(case.expires_at)}")
    mark = f" [{', '.join(marks)}]" if marks else ""
    reason = defuse_mentions(case.reason or "")
    return f"#{case.number} {case.created_at:%Y-%m-%d %H:%M} {case.action} by {who}{mark}: {reason}"


async def note(ctx: CommandContext) -> Reply:
    """Add a note case about a member, or a note to an existing case."""
    args = ctx.parse().args
    text = " ".join(args[1:])
    if is_case_ref(args[0]):
        number = case_number(args[0])
        case = await _case(ctx, number)
        await ctx.storage.add_case_event(ctx.name, number, "note", text, ctx.author.id, at=ctx.now)
        return Reply(text=f"Note added to case #{case.number}.")
    member = await ctx.member(args[0])
    action = ManualAction(
        community=ctx.name,
        kind="note",
        user_id=member.id,
        user_name=member.display_name,
        moderator_id=ctx.author.id,
        reason=text,
    )
    who = f"{member.display_name} ({member.id})" if member.display_name else member.id
    return outcome_reply(await ctx.executor.act(action), who)


async def case(ctx: CommandContext) -> Reply:
    """Show a case and its history."""
    args = ctx.parse().args
    found = await _case(ctx, case_number(args[0]))
    events = await ctx.storage.case_events(ctx.name, found.number)
    state = "dismissed" if found.dismissed else ("active" if found.active else "closed")
    head = f"Case #{found.number} · {found.action} ({found.kind}) · {state}"
    if found.expires_at is not None:
        head += f" · ends {when(found.expires_at)}"
    who = f"{found.user_name} ({found.user_id})" if found.user_name else found.user_id
    lines = [
        head,
        f"Member: {defuse_mentions(who)}",
        f"By: {found.moderator_id or 'vigie (automatic)'} · {when(found.created_at)}",
    ]
    place = [
        f"{label}: {value}"
        for label, value in (
            ("Rule", found.rule),
            ("Category", found.category),
            ("Room", found.room),
            ("Message", found.message_id),
        )
        if value
    ]
    if place:
        lines.append(" · ".join(place))
    lines.append(f"Reason: {defuse_mentions(found.reason or '-')}")
    for event in events:
        by = f" ({event.author})" if event.author else ""
        lines.append(f"- {when(event.at)} {event.kind}{by}: {defuse_mentions(event.text)}")
    return Reply(text="\n".join(lines))


async def cases(ctx: CommandContext) -> Reply:
    """List a member's cases, or the community's latest."""
    parsed = ctx.parse()
    user_id = member_ref(parsed.args[0]) if parsed.args else None
    found = await ctx.storage.list_cases(ctx.name, user_id=user_id, limit=LISTED * 4)
    if not parsed.flags.get("all"):
        found = [c for c in found if not c.hidden]
    found = found[:LISTED]
    whose = f"of {user_id}" if user_id else "in this community"
    if not found:
        return Reply(text=f"No cases {whose}.")
    lines = [f"Latest cases {whose} (newest first):"] + [case_line(c) for c in found]
    return Reply(text="\n".join(lines))


async def reason(ctx: CommandContext) -> Reply:
    """Replace a case's reason."""
    args = ctx.parse().args
    number = case_number(args[0])
    try:
        await ctx.storage.set_reason(ctx.name, number, " ".join(args[1:]), ctx.author.id, ctx.now)
    except StorageNotFound as exc:
        raise Missing(f"there is no case #{number} in this community") from exc
    return Reply(text=f"Reason of case #{number} updated.")


async def dismiss(ctx: CommandContext) -> Reply:
    """Mark a case as a false positive, and lift what it still imposes."""
    args = ctx.parse().args
    number = case_number(args[0])
    text = " ".join(args[1:]) or "false positive"
    found = await _case(ctx, number)
    if found.dismissed:
        return Reply(text=f"Case #{number} was already dismissed.")
    lifted = await dismiss_case(ctx, found, text)
    extra = f" {lifted} lifted." if lifted else ""
    return Reply(text=f"Case #{number} dismissed as a false positive.{extra}")


async def dismiss_case(ctx: CommandContext, found: CaseRecord, text: str) -> str | None:
    """Dismiss a case and lift its sanction if still in force; return what was lifted."""
    await ctx.storage.dismiss_case(ctx.name, found.number, text=text, by=ctx.author.id, at=ctx.now)
    return await lift_standing(ctx.executor, found, ctx.author.id)


async def lift_standing(executor: Executor, found: CaseRecord, by: str) -> str | None:
    """Lift the timeout or ban a case still imposes; return its name, or None."""
    if not found.active or found.action not in ("timeout", "ban"):
        return None
    reason = f"case #{found.number} dismissed by {by}"
    call: Call
    if found.action == "timeout":
        call = UntimeoutCall(community=found.community, user_id=found.user_id, reason=reason)
    else:
        call = UnbanCall(community=found.community, user_id=found.user_id, reason=reason)
    await executor.run_calls(found.community, found.id, [call])
    return found.action


HANDLERS: dict[str, Handler] = {
    "note": note,
    "case": case,
    "cases": cases,
    "reason": reason,
    "dismiss": dismiss,
}
