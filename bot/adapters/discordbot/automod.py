"""Discord's native AutoMod: record what it did as Vigie cases, so one history covers both.

AutoMod has already acted when AUTO_MODERATION_ACTION_EXECUTION arrives (the message was
blocked, the member muted), so the event does not go through the engine, which would act a
second time: it becomes a `platform` case directly, with the matched content as evidence.
Discord sends one execution per action of a rule (block, alert, timeout): the first makes the
case, the others are added to its history.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord

from bot.categories import Category
from bot.storage import NewCase, StorageError

if TYPE_CHECKING:
    from bot.storage import Storage

AUTOMOD = "discord-automod"
_REMEMBERED = 2000
_ACTIONS = {
    discord.AutoModRuleActionType.block_message: "delete",
    discord.AutoModRuleActionType.timeout: "timeout",
    discord.AutoModRuleActionType.send_alert_message: "report",
}
_CATEGORIES = {
    discord.AutoModRuleTriggerType.spam: Category.SPAM,
    discord.AutoModRuleTriggerType.mention_spam: Category.SPAM,
    discord.AutoModRuleTriggerType.keyword_preset: Category.HATE_HARASSMENT,
}
_RANK = {"report": 0, "delete": 1, "timeout": 2}


@dataclass(frozen=True, slots=True)
class Execution:
    """What Discord's AutoMod did, in neutral terms."""

    community: str
    user_id: str
    rule_id: str
    trigger: str
    action: str
    room: str | None
    message_id: str | None
    content: str
    matched_keyword: str | None
    matched_content: str | None
    duration: timedelta | None

    def key(self) -> str:
        """Identify the incident across the executions of one rule's actions."""
        digest = hashlib.sha256(self.content.encode()).hexdigest()[:16]
        return f"{self.community}/{self.rule_id}/{self.user_id}/{digest}"


def execution_of(action: discord.AutoModAction, community: str) -> Execution:
    """Return the neutral description of an AutoMod action execution."""
    rule_action = action.action
    kind = _ACTIONS.get(rule_action.type, str(rule_action.type.name))
    message = action.message_id or action.alert_system_message_id
    return Execution(
        community=community,
        user_id=str(action.user_id),
        rule_id=str(action.rule_id),
        trigger=action.rule_trigger_type.name,
        action=kind,
        room=str(action.channel_id) if action.channel_id else None,
        message_id=str(message) if message else None,
        content=action.content,
        matched_keyword=action.matched_keyword,
        matched_content=action.matched_content,
        duration=rule_action.duration,
    )


class AutoModCases:
    """Record AutoMod executions as `platform` cases, one per incident."""

    def __init__(self, storage: Storage | None, logger: logging.Logger) -> None:
        self._storage = storage
        self._log = logger
        self._seen: OrderedDict[str, int] = OrderedDict()
        # Discord sends a rule's executions at once: one at a time, or both would make a case.
        self._lock = asyncio.Lock()

    async def record(self, execution: Execution, now: datetime) -> int | None:
        """Record the execution; return the case number (None when storage is unavailable)."""
        async with self._lock:
            return await self._record(execution, now)

    async def _record(self, execution: Execution, now: datetime) -> int | None:
        if self._storage is None:
            self._log.info("AutoMod acted on %s but no storage is attached", execution.user_id)
            return None
        key = execution.key()
        try:
            number = self._seen.get(key)
            if number is not None:
                await self._storage.add_case_event(
                    execution.community,
                    number,
                    "automod",
                    _describe(execution),
                    AUTOMOD,
                    at=now,
                )
                return number
            case = await self._storage.record_incident(
                _case(execution, now), _evidence(execution), []
            )
        except StorageError as err:
            self._log.error("AutoMod case for %s not recorded: %s", execution.user_id, err)
            return None
        number = case.case.number
        self._seen[key] = number
        if len(self._seen) > _REMEMBERED:
            self._seen.popitem(last=False)
        return number


def _describe(execution: Execution) -> str:
    what = {"delete": "blocked the message", "report": "alerted", "timeout": "muted the member"}
    text = what.get(execution.action, execution.action)
    if execution.duration:
        text += f" for {int(execution.duration.total_seconds())}s"
    return f"Discord AutoMod {text} (rule {execution.rule_id})"


def _case(execution: Execution, now: datetime) -> NewCase:
    matched = execution.matched_keyword or execution.matched_content
    reason = f"Discord AutoMod ({execution.trigger})"
    if matched:
        reason += f": matched {matched!r}"
    expires = now + execution.duration if execution.duration else None
    category = _CATEGORIES.get(discord.AutoModRuleTriggerType[execution.trigger])
    return NewCase(
        community=execution.community,
        kind="platform",
        action=execution.action,
        user_id=execution.user_id,
        created_at=now,
        moderator_id=AUTOMOD,
        reason=reason,
        rule=f"automod:{execution.rule_id}",
        category=str(category) if category else None,
        room=execution.room,
        message_id=execution.message_id,
        expires_at=expires if execution.action == "timeout" else None,
    )


def _evidence(execution: Execution) -> dict[str, object]:
    return {
        "source": "discord_automod",
        "rule_id": execution.rule_id,
        "trigger": execution.trigger,
        "action": execution.action,
        "room": execution.room,
        "message_id": execution.message_id,
        "content": execution.content,
        "matched_keyword": execution.matched_keyword,
        "matched_content": execution.matched_content,
    }
