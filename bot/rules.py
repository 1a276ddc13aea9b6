"""Rules: what a trigger finds, when a rule applies, and the compiled rule the engine runs."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, Field

from bot.categories import Category, Severity
from bot.durations import Duration

if TYPE_CHECKING:
    from bot.actions import Action
    from bot.context import Context
    from bot.events import Event, Member


@dataclass(frozen=True, slots=True)
class Span:
    """Locate matched text in the raw message, by offsets into it."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Related:
    """Name an earlier message of the same thread that the match makes part of the harm.

    One the rule's doubt judged (`doubt` set) stays with the case as context only.
    """

    message_id: str
    category: Category
    excerpt: str = ""
    #: Why the rule's doubt keeps it as context only, not part of the harm; empty when it is.
    doubt: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    """Say what a trigger found: category, severity, where, and the signals behind it."""

    category: Category
    summary: str
    severity: Severity = Severity.MEDIUM
    spans: tuple[Span, ...] = ()
    signals: tuple[str, ...] = ()
    score: float = 1.0
    related: tuple[Related, ...] = ()


class Trigger(Protocol):
    """Look at one event in its context and say whether it matches."""

    events: ClassVar[tuple[type[Event], ...]]

    async def match(self, ctx: Context) -> Match | None:
        """Return a match, or None when the event is fine."""
        ...


class Doubter(Trigger, Protocol):
    """An `unless` trigger that can also doubt an earlier message a match takes into its case."""

    async def doubts(self, ctx: Context, related: Related) -> Match | None:
        """Return why the earlier message does not belong to the case, or None when it does."""
        ...


class Judge(Trigger, Protocol):
    """An `unless` trigger that doubts a match by what it stands on, not only by its event.

    It may let some matches through whatever it finds (the model's doubt `spare`s them).
    """

    async def judge(self, ctx: Context, match: Match) -> Match | None:
        """Return why the match is doubted, or None when it stands."""
        ...


class Describer(Trigger, Protocol):
    """A trigger that can say what it saw in an event it did not match, for `vigie explain`."""

    async def describe(self, ctx: Context) -> list[str]:
        """Return one line per thing seen short of a match; none when nothing was seen."""
        ...


class Conditions(BaseModel):
    """Scope a rule to rooms and members."""

    model_config = ConfigDict(extra="forbid")

    rooms: list[str] | None = Field(
        default=None, description="Only these rooms or channels (glob patterns); all when unset."
    )
    exclude_rooms: list[str] = Field(default_factory=list, description="Never these rooms.")
    exempt_roles: list[str] = Field(default_factory=list, description="Members with these roles.")
    exempt_users: list[str] = Field(default_factory=list, description="These member ids.")
    affects_bots: bool = Field(default=False, description="Also apply to other bots.")
    exempt_moderators: bool = Field(
        default=True, description="Moderators are never acted on automatically."
    )

    def applies(self, room: str, member: Member, *, is_moderator: bool) -> bool:
        """Tell whether the rule is in scope for this room and member."""
        if member.is_bot and not self.affects_bots:
            return False
        if is_moderator and self.exempt_moderators:
            return False
        if member.id in self.exempt_users:
            return False
        if self.exempt_roles and not member.roles.isdisjoint(self.exempt_roles):
            return False
        if self.rooms is not None and not _room_in(room, self.rooms):
            return False
        return not _room_in(room, self.exclude_rooms)


def _room_in(room: str, patterns: list[str]) -> bool:
    return any(room == p or fnmatch.fnmatchcase(room, p) for p in patterns)


class Escalation(BaseModel):
    """Escalate when a rule fired `after` times for a member `within` a window."""

    model_config = ConfigDict(extra="forbid")

    after: int = Field(ge=1, description="Number of times the rule fired, this one included.")
    within: Duration = Field(description="Window that counts, such as 7d.")
    then: list[str | dict[str, object]] = Field(
        description="Actions added when the threshold is reached, such as [ban]."
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """An escalation step, compiled."""

    after: int
    within: timedelta
    actions: tuple[Action, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A rule as the engine runs it: triggers built, actions resolved."""

    name: str
    triggers: tuple[Trigger, ...]
    conditions: Conditions
    actions: tuple[Action, ...]
    dry_run: bool = False
    cooldown: timedelta | None = None
    escalate: tuple[Step, ...] = ()
    category: Category | None = None
    severity: Severity | None = None
    events: frozenset[type[Event]] = field(default_factory=frozenset)
    #: Triggers that hold a match back when one of them matches too (a doubting opinion).
    unless: tuple[Trigger, ...] = ()
