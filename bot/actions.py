"""Neutral actions a rule asks for, and their merge into one plan per event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import ClassVar

from bot.events import Event
from bot.rules import Match, Related


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """Ask for one thing to happen because of an event."""

    kind: ClassVar[str] = "action"


@dataclass(frozen=True, slots=True, kw_only=True)
class Delete(Action):
    """Delete the message that triggered the rule."""

    kind: ClassVar[str] = "delete"


@dataclass(frozen=True, slots=True, kw_only=True)
class Punishment(Action):
    """Act on the member; only the harshest punishment of a plan is applied."""

    rank: ClassVar[int] = 0
    reason: str | None = None

    def weight(self) -> tuple[int, float]:
        """Order punishments: by rank, then by duration (permanent is longest)."""
        duration = getattr(self, "duration", None)
        seconds = float("inf") if duration is None else duration.total_seconds()
        return (self.rank, seconds)


@dataclass(frozen=True, slots=True, kw_only=True)
class Warn(Punishment):
    """Warn the member."""

    kind: ClassVar[str] = "warn"
    rank: ClassVar[int] = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Timeout(Punishment):
    """Stop the member from speaking for a while."""

    kind: ClassVar[str] = "timeout"
    rank: ClassVar[int] = 2
    duration: timedelta


@dataclass(frozen=True, slots=True, kw_only=True)
class Kick(Punishment):
    """Remove the member; they may come back."""

    kind: ClassVar[str] = "kick"
    rank: ClassVar[int] = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Ban(Punishment):
    """Ban the member, for a while or for good, and optionally clean their messages."""

    kind: ClassVar[str] = "ban"
    rank: ClassVar[int] = 4
    duration: timedelta | None = None
    clean: timedelta | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Report(Action):
    """Tell the moderators, optionally pinging some of them."""

    kind: ClassVar[str] = "report"
    pings: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class Effect(Action):
    """Do something beyond the message and its author (clean, raid level, lockdown...)."""

    kind: ClassVar[str] = "effect"
    name: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Hit:
    """Record that one rule fired on an event, with what it found and what it asks."""

    rule: str
    match: Match
    actions: tuple[Action, ...]
    dry_run: bool = False
    #: The doubting match of an `unless` trigger that held this hit back, if one did.
    held_by: Match | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """Say everything the executor must do for one event, once."""

    event: Event
    hits: tuple[Hit, ...] = ()
    dry_hits: tuple[Hit, ...] = ()
    #: Matches an `unless` trigger held back: they act on nothing, explain shows them.
    held: tuple[Hit, ...] = ()
    delete: bool = False
    punishment: Punishment | None = None
    report: Report | None = None
    effects: tuple[Effect, ...] = field(default=())

    @property
    def related(self) -> tuple[Related, ...]:
        """Return the earlier messages the hits make part of the harm, each once."""
        return tuple(item for item in self._earlier().values() if not item.doubt)

    @property
    def context(self) -> tuple[Related, ...]:
        """Return the earlier messages the hits took that a rule's doubt keeps as context only."""
        return tuple(item for item in self._earlier().values() if item.doubt)

    def _earlier(self) -> dict[tuple[str, str], Related]:
        """Return the earlier messages of the hits by id and category, part of the harm first."""
        seen: dict[tuple[str, str], Related] = {}
        for hit in self.hits:
            for item in hit.match.related:
                key = (item.message_id, str(item.category))
                if key not in seen or (seen[key].doubt and not item.doubt):
                    seen[key] = item
        return seen

    @property
    def acts(self) -> bool:
        """Tell whether the plan changes anything on the platform."""
        return bool(self.delete or self.punishment or self.report or self.effects)


def merge(event: Event, hits: list[Hit]) -> Plan:
    """Merge the hits of one event: harshest punishment wins, one delete, one report."""
    held = tuple(hit for hit in hits if hit.held_by is not None)
    live = [hit for hit in hits if not hit.dry_run and hit.held_by is None]
    dry = tuple(hit for hit in hits if hit.dry_run and hit.held_by is None)
    delete = False
    punishment: Punishment | None = None
    pings: set[str] = set()
    reported = False
    effects: dict[Effect, None] = {}
    for hit in live:
        for action in hit.actions:
            if isinstance(action, Delete):
                delete = True
            elif isinstance(action, Punishment):
                if punishment is None or action.weight() > punishment.weight():
                    punishment = action
            elif isinstance(action, Report):
                reported = True
                pings.update(action.pings)
            elif isinstance(action, Effect):
                effects.setdefault(action)
    report = Report(pings=frozenset(pings)) if reported else None
    return Plan(
        event=event,
        hits=tuple(live),
        dry_hits=dry,
        held=held,
        delete=delete,
        punishment=punishment,
        report=report,
        effects=tuple(effects),
    )
