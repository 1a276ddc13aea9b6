"""Cases for bans and kicks done in the platform's own interface, told to the bot."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.calls import MessageCall
from bot.moderation.reports import defuse_mentions
from bot.storage import NewCase

if TYPE_CHECKING:
    from bot.events import MemberLeft
    from bot.executor import Executor
    from bot.storage import CaseRecord

#: A Matrix ban arrives once per room: one case for all of them.
SAME_BAN = timedelta(minutes=1)


async def record_platform_case(executor: Executor, event: MemberLeft) -> CaseRecord | None:
    """Record a 'platform' case for a ban or kick someone did by hand; None if it is ours."""
    by = event.banned_by or event.kicked_by
    action = "ban" if event.banned_by else "kick"
    own = await executor.adapter.bot_user_id(event.community)
    if by is None or by == own:
        return None
    storage = executor.storage
    recent = await storage.count_cases(
        event.community, event.member.id, action=action, since=event.ts - SAME_BAN
    )
    if recent:
        return None
    community = executor.config.communities[event.community]
    reason = event.reason or f"{action} done in the platform's own interface"
    case = await storage.create_case(
        NewCase(
            community=event.community,
            kind="platform",
            action=action,
            user_id=event.member.id,
            user_name=event.member.display_name,
            moderator_id=by,
            reason=reason,
            room=event.room,
            created_at=event.ts,
            active=action == "ban",
        )
    )
    who = event.member.display_name or event.member.id
    text = f"Case #{case.number}: {who} {action}ned by {by} outside Vigie ({reason})."
    call = MessageCall(
        community=event.community, room=community.mod_channel, text=defuse_mentions(text)
    )
    await executor.run_calls(event.community, case.id, [call])
    return case
