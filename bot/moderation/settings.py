"""Config models of the moderator workflow: permissions, ladders, reports, retention."""

# No `from __future__ import annotations`: pydantic reads these annotations at class creation.

import re
from datetime import timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.categories import Category
from bot.durations import Duration, parse_duration

#: Every command the router knows, aliases excluded; permissions name these.
COMMANDS = (
    "help",
    "report",
    "warn",
    "note",
    "timeout",
    "untimeout",
    "kick",
    "ban",
    "forceban",
    "unban",
    "clean",
    "case",
    "cases",
    "reason",
    "dismiss",
    "lockdown",
    "unlock",
    "slowmode",
    "raid",
    "rules",
    "reload",
    "status",
)
#: Commands anyone may run unless the config says otherwise.
PUBLIC_COMMANDS = frozenset({"help", "report"})
#: Sanctions a ladder can count or hand out.
SANCTIONS = ("warn", "timeout", "kick", "ban")

_THEN = re.compile(r"^\s*(warn|timeout|kick|ban)(?:\s+(\S+))?\s*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Who(_Strict):
    """Name who may run a command: `everyone`, `moderators`, or roles/users/power level."""

    everyone: bool = False
    moderators: bool = False
    roles: list[str] = Field(
        default_factory=list,
        description="Discord role ids (names are refused: anyone may copy one).",
    )
    users: list[str] = Field(default_factory=list, description="Member ids.")
    power_level: int | None = Field(default=None, description="Matrix power level at least.")

    @model_validator(mode="before")
    @classmethod
    def _word(cls, data: object) -> object:
        if data in ("everyone", "moderators"):
            return {data: True}
        return data


class Ladder(_Strict):
    """Hand out `then` when a member collects `after` cases of `count` within `within`."""

    count: Literal["warn", "timeout", "kick", "ban"] = Field(description="The case kind counted.")
    after: int = Field(ge=1, description="Cases of that kind, the new one included.")
    within: Duration = Field(description="The window that counts, such as 7d.")
    then: str = Field(description="timeout 1d, kick, ban or ban 30d.")
    categories: list[Category] | None = Field(
        default=None, description="Count only cases of these categories (all when unset)."
    )

    @field_validator("then")
    @classmethod
    def _sanction(cls, value: str) -> str:
        found = _THEN.match(value)
        if found is None:
            raise ValueError("write a sanction: warn, timeout <duration>, kick, ban [duration]")
        kind, duration = found.groups()
        if kind == "timeout" and duration is None:
            raise ValueError("a timeout needs a duration, such as `timeout 1d`")
        if duration is not None:
            if kind in ("warn", "kick"):
                raise ValueError(f"{kind} takes no duration")
            parse_duration(duration)
        return value.strip()

    def sanction(self) -> tuple[str, timedelta | None]:
        """Return the kind and duration of `then`."""
        found = _THEN.match(self.then)
        assert found is not None  # checked by the validator
        kind, duration = found.groups()
        return kind, None if duration is None else parse_duration(duration)

    def label(self) -> str:
        """Describe the ladder step in a sentence fragment."""
        days = _short(self.within)
        return f"{self.after} {self.count}s within {days} -> {self.then}"


_QuickAction = Literal["ban", "timeout", "delete", "dismiss"]


def _confirmed_by_default() -> list[_QuickAction]:
    """Return the quick actions that need a second press unless configured otherwise."""
    return ["ban"]


class ReportSettings(_Strict):
    """How reports in the mod channel behave."""

    group_within: Duration = Field(
        default=timedelta(minutes=1), description="One report per member per window (0s: never)."
    )
    quick_timeout: Duration = Field(
        default=timedelta(hours=1), description="What the timeout button hands out."
    )
    confirm: list[_QuickAction] = Field(
        default_factory=_confirmed_by_default,
        description="Quick actions that need a second press.",
    )


def _short(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0 and seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


Retention = dict[Literal["default"] | Category, Duration]
Permissions = dict[str, Who]


def check_permissions(value: dict[str, Who]) -> dict[str, Who]:
    """Refuse permission entries for commands that do not exist."""
    unknown = sorted(set(value) - set(COMMANDS))
    if unknown:
        raise ValueError(f"unknown command(s) {', '.join(unknown)}; known: {', '.join(COMMANDS)}")
    return value
