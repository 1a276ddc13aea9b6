"""Lift timed bans and timeouts when they are due, from the cases kept in the database.

Driven by the bot's clock through `Bot.tick()`: nothing sleeps here, so tests move the clock,
and a restarted bot lifts at its first tick whatever came due while it was down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.calls import Call, UnbanCall, UntimeoutCall

if TYPE_CHECKING:
    from bot.executor import Executor


async def lift_due(executor: Executor) -> int:
    """Lift every sanction whose time is up; return how many were lifted."""
    storage = executor.storage
    now = executor.clock.now()
    lifted = 0
    for case in await storage.expiring(now):
        text = f"{case.action} ended after its duration"
        if not await storage.deactivate(case.id, now, "expired", text, "vigie"):
            continue  # another process got there first
        reason = f"case #{case.number}: {case.action} ended"
        call: Call | None = None
        if case.action == "timeout":
            call = UntimeoutCall(community=case.community, user_id=case.user_id, reason=reason)
        elif case.action == "ban":
            call = UnbanCall(community=case.community, user_id=case.user_id, reason=reason)
        if call is not None:
            await executor.run_calls(case.community, case.id, [call], dedupe=f"expire/{case.id}")
            lifted += 1
    return lifted
