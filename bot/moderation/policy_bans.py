"""Bans that shared policy lists ask for, recorded as cases through the executor, once each.

A platform adapter that reads ban lists (Matrix policy rooms) decides who a rule covers; this
records the ban as a case per member and community, with the list and its reason, and has the
executor carry it out like any other ban. A member who already has an active ban case is left
alone, so a rule seen again (a restart, a second list, a newcomer check) adds nothing.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from bot.moderation.sanctions import ManualAction, manual_evidence
from bot.storage import NewCase

if TYPE_CHECKING:
    from bot.executor import Executor

PolicyStatus = Literal["banned", "pending", "failed", "would_ban", "already"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyBan:
    """A ban one rule of a policy list asks for, in one community."""

    community: str
    user_id: str
    #: The list's name as moderators know it, and where it lives (a room ID on Matrix).
    policy_list: str
    list_id: str
    #: What the rule names (a user, a server, maybe a glob) and why.
    entity: str
    reason: str
    dry_run: bool = False

    @property
    def case_reason(self) -> str:
        """Return the reason the case and the ban carry."""
        why = f": {self.reason}" if self.reason else ""
        return f"policy list {self.policy_list}{why}"

    @property
    def rule(self) -> str:
        """Return the rule name dry-run cases are filed under."""
        return f"policy:{self.policy_list}"


@dataclass(frozen=True, slots=True)
class PolicyOutcome:
    """Say what became of a policy ban, and under which case."""

    status: PolicyStatus
    case_number: int | None
    detail: str = ""


class PolicyBans:
    """Turn policy-list bans into cases and executor calls, never twice for one member."""

    def __init__(self, executor: Executor) -> None:
        self._executor = executor
        # One at a time per community: a list change and a newcomer check may name the same
        # member at once, and both must see the other's case.
        self._locks: dict[str, asyncio.Lock] = {}

    async def ban(self, ban: PolicyBan) -> PolicyOutcome:
        """Record the ban as a case and carry it out, or only record it in a dry run."""
        lock = self._locks.setdefault(ban.community, asyncio.Lock())
        async with lock:
            storage = self._executor.storage
            standing = await storage.active_cases(ban.community, ban.user_id, "ban")
            if standing:
                return PolicyOutcome("already", standing[0].number)
            action = ManualAction(
                community=ban.community,
                kind="ban",
                user_id=ban.user_id,
                moderator_id=None,
                reason=ban.case_reason,
                origin="policy",
                facts={
                    "policy_list": ban.policy_list,
                    "policy_list_id": ban.list_id,
                    "policy_entity": ban.entity,
                    "policy_reason": ban.reason,
                },
            )
            if ban.dry_run:
                return await self._record_dry_run(ban, action)
            outcome = await self._executor.act(action)
        status: PolicyStatus = "banned"
        if outcome.given_up:
            status = "failed"
        elif outcome.pending:
            status = "pending"
        return PolicyOutcome(status, outcome.case_number, "; ".join(outcome.errors))

    async def _record_dry_run(self, ban: PolicyBan, action: ManualAction) -> PolicyOutcome:
        """Record what the ban would be, once per member and list, and do nothing."""
        storage = self._executor.storage
        earlier = await storage.count_cases(
            ban.community, ban.user_id, action="ban", rule=ban.rule, dry_run=True
        )
        if earlier:
            return PolicyOutcome("already", None, "recorded by an earlier dry run")
        now = self._executor.clock.now()
        case = NewCase(
            community=ban.community,
            kind="manual",
            action="ban",
            user_id=ban.user_id,
            reason=ban.case_reason,
            rule=ban.rule,
            created_at=now,
            active=False,
            dry_run=True,
        )
        evidence = {**manual_evidence(action, "ban", now), "dry_run": True}
        incident = await storage.record_incident(case, evidence, [])
        return PolicyOutcome("would_ban", incident.case.number)
