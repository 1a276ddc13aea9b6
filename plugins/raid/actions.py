"""The raid actions: raid_level, lockdown, slowmode and clean, carried out as effects."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Final

from pydantic import Field, field_validator, model_validator

from bot.actions import Effect, Plan
from bot.adapters.base import NotFound, PlatformError
from bot.durations import Duration
from bot.events import MessageCreated
from bot.registry import Options, Registry, Services
from plugins.raid.facts import (
    CLEAN_MEMORY,
    MAX_LEVEL,
    CleanOptions,
    cleaned_key,
    messages_key,
    raid_level,
    set_raid_level,
)

__all__ = [
    "LockdownOptions",
    "RaidLevelActionOptions",
    "SlowmodeOptions",
    "clean_effect",
    "lockdown_effect",
    "raid_level_effect",
    "register_actions",
    "slowmode_effect",
]

Handler = Callable[[Effect, Plan, Any], Awaitable[None]]

#: Discord's longest slowmode; Matrix has none.
MAX_SLOWMODE: Final = timedelta(hours=6)
_ROOM_SEPARATOR: Final = "\n"


def _params(effect: Effect) -> dict[str, str]:
    return dict(effect.params)


def _reason(plan: Plan, given: str) -> str:
    return given or "; ".join(dict.fromkeys(h.match.summary for h in plan.hits)) or "raid"


def _rooms(plan: Plan, given: str) -> list[str]:
    return given.split(_ROOM_SEPARATOR) if given else [plan.event.room]


class RaidLevelActionOptions(Options):
    """Change the raid level: `raid_level` or `up` adds one, `down` removes one, N sets it."""

    up: int | None = Field(default=None, ge=1, le=MAX_LEVEL, description="Levels to add.")
    down: int | None = Field(default=None, ge=1, le=MAX_LEVEL, description="Levels to remove.")
    set: int | None = Field(default=None, ge=0, le=MAX_LEVEL, description="0 ends the raid.")
    ttl: Duration = Field(
        default=timedelta(minutes=30), description="How long the new level lasts."
    )

    @model_validator(mode="before")
    @classmethod
    def _words(cls, data: object) -> object:
        if data is None or data == "up":
            return {"up": 1}
        if data == "down":
            return {"down": 1}
        if isinstance(data, int) and not isinstance(data, bool):
            return {"set": data}
        return data

    @model_validator(mode="after")
    def _one(self) -> RaidLevelActionOptions:
        given = [name for name in ("up", "down", "set") if getattr(self, name) is not None]
        if len(given) > 1:
            raise ValueError(f"give one of up, down and set, not {' and '.join(given)}")
        if not given:
            self.up = 1
        return self


def _raid_level_action(options: RaidLevelActionOptions) -> Effect:
    if options.set is not None:
        op, amount = "set", options.set
    elif options.down is not None:
        op, amount = "down", options.down
    else:
        op, amount = "up", options.up or 1
    ttl = str(int(options.ttl.total_seconds()))
    return Effect(name="raid_level", params=(("op", op), ("amount", str(amount)), ("ttl", ttl)))


def raid_level_effect(services: Services) -> Handler:
    """Build the handler that changes the raid level in the state store."""
    state, log = services.state, services.logger

    async def handle(effect: Effect, plan: Plan, _adapter: Any) -> None:
        params = _params(effect)
        event = plan.event
        amount = int(params["amount"])
        current = await raid_level(state, event.community, event.ts)
        target = {"up": current + amount, "down": current - amount}.get(params["op"], amount)
        ttl = timedelta(seconds=int(params["ttl"]))
        level = await set_raid_level(state, event.community, target, event.ts, ttl)
        log.info("raid level of %s: %d -> %d", event.community, current, level)

    return handle


class LockdownOptions(Options):
    """Stop ordinary members from posting in rooms (or let them again with enabled: false)."""

    shorthand = "rooms"
    rooms: list[str] | None = Field(
        default=None, description="Rooms or channels to lock; the event's room when unset."
    )
    enabled: bool = Field(default=True, description="false lifts the lockdown.")
    reason: str | None = None

    @field_validator("rooms", mode="before")
    @classmethod
    def _listed(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


def _lockdown_action(options: LockdownOptions) -> Effect:
    return Effect(
        name="lockdown",
        params=(
            ("rooms", _ROOM_SEPARATOR.join(options.rooms or ())),
            ("enabled", "1" if options.enabled else "0"),
            ("reason", options.reason or ""),
        ),
    )


def lockdown_effect(services: Services) -> Handler:
    """Build the handler that locks or unlocks rooms through the adapter."""
    log = services.logger

    async def handle(effect: Effect, plan: Plan, adapter: Any) -> None:
        params = _params(effect)
        community = plan.event.community
        rooms = _rooms(plan, params["rooms"])
        enabled = params["enabled"] == "1"
        try:
            await adapter.lockdown(community, rooms, enabled, _reason(plan, params["reason"]))
        except PlatformError as exc:
            log.error("lockdown of %s %s failed: %s", community, rooms, exc)  # noqa: TRY400
        else:
            log.info("lockdown of %s %s: %s", community, rooms, "on" if enabled else "off")

    return handle


class SlowmodeOptions(Options):
    """Make members wait between messages in rooms (0s lifts it)."""

    shorthand = "delay"
    delay: Duration = Field(description="Such as 10s or 1m; at most 6h; 0s lifts it.")
    rooms: list[str] | None = Field(
        default=None, description="Rooms or channels; the event's room when unset."
    )

    @field_validator("delay")
    @classmethod
    def _bounded(cls, value: timedelta) -> timedelta:
        if not timedelta(0) <= value <= MAX_SLOWMODE:
            raise ValueError("a slowmode delay is at most 6h")
        return value


def _slowmode_action(options: SlowmodeOptions) -> Effect:
    return Effect(
        name="slowmode",
        params=(
            ("seconds", str(int(options.delay.total_seconds()))),
            ("rooms", _ROOM_SEPARATOR.join(options.rooms or ())),
        ),
    )


def slowmode_effect(services: Services) -> Handler:
    """Build the handler that sets slowmode through the adapter."""
    log = services.logger

    async def handle(effect: Effect, plan: Plan, adapter: Any) -> None:
        params = _params(effect)
        community = plan.event.community
        seconds = int(params["seconds"])
        for room in _rooms(plan, params["rooms"]):
            try:
                await adapter.set_slowmode(community, room, seconds)
            except PlatformError as exc:
                log.error("slowmode of %s/%s failed: %s", community, room, exc)  # noqa: TRY400

    return handle


def _clean_action(options: CleanOptions) -> Effect:
    return Effect(name="clean", params=(("within", str(int(options.within.total_seconds()))),))


def clean_effect(services: Services) -> Handler:
    """Build the handler that deletes the author's recent messages."""
    state, log = services.state, services.logger

    async def handle(effect: Effect, plan: Plan, adapter: Any) -> None:
        event = plan.event
        community, member = event.community, event.member.id
        at = event.ts
        window = timedelta(seconds=int(_params(effect)["within"]))
        marker = cleaned_key(community, member)
        last = await state.get(marker, at)
        if last is not None:
            # What an earlier clean deleted is not asked for again.
            window = min(window, at - datetime.fromisoformat(last))
        await state.put(marker, at.isoformat(), at, CLEAN_MEMORY)
        entries = await state.recent(messages_key(community, member), at, window)
        # The plan's own delete already removes the message that fired the rule.
        own = event.message_id if plan.delete and isinstance(event, MessageCreated) else None
        reason = _reason(plan, "")
        deleted = 0
        for entry in dict.fromkeys(entries):
            room, _, message_id = entry.partition("\t")
            if message_id == own:
                continue
            try:
                await adapter.delete_message(community, room, message_id, reason)
            except NotFound:
                continue
            except PlatformError as exc:
                log.warning("clean: %s/%s not deleted: %s", room, message_id, exc)
                continue
            deleted += 1
        log.info("clean: %d messages of %s deleted in %s", deleted, member, community)

    return handle


def register_actions(registry: Registry) -> None:
    """Register the raid actions and the effects that carry them out."""
    registry.add_action(
        "raid_level",
        RaidLevelActionOptions,
        _raid_level_action,
        "Raise, lower or set the community's raid level for a while.",
    )
    registry.add_action(
        "lockdown",
        LockdownOptions,
        _lockdown_action,
        "Lock rooms so only moderators can post (enabled: false lifts it).",
        frozenset({"lockdown"}),
    )
    registry.add_action(
        "slowmode",
        SlowmodeOptions,
        _slowmode_action,
        "Make members wait between messages in rooms.",
        frozenset({"slowmode"}),
    )
    registry.add_action(
        "clean",
        CleanOptions,
        _clean_action,
        "Delete the author's messages of the last minutes, in every room (at most 1h).",
        frozenset({"delete"}),
    )
    registry.add_effect("raid_level", raid_level_effect)
    registry.add_effect("lockdown", lockdown_effect)
    registry.add_effect("slowmode", slowmode_effect)
    registry.add_effect("clean", clean_effect)
