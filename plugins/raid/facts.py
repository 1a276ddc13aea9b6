"""What the raid plugin keeps in the state store, and how it reads member ages and levels.

Every key starts with ``raid:`` and names its community, so one store serves
every community and a Redis store can be shared between processes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final

from pydantic import Field, field_validator

from bot.durations import Duration, parse_duration
from bot.registry import Options

if TYPE_CHECKING:
    from bot.config_models import CommunityBase
    from bot.context import Context
    from bot.events import Member
    from bot.state import StateStore

#: Longest join_wave window: joins are kept this long.
JOIN_MEMORY: Final = timedelta(hours=1)
#: How long a join is remembered to tell a new member, and how long "has posted" is kept.
MEMBERSHIP_MEMORY: Final = timedelta(days=30)
#: Longest clean window: message ids are kept at most this long.
CLEAN_MEMORY: Final = timedelta(hours=1)
#: Highest raid level.
MAX_LEVEL: Final = 9

_LISTS: Final = frozenset({"triggers", "actions", "then"})


def level_key(community: str) -> str:
    """Return the key of a community's raid level (a flag that expires)."""
    return f"raid:level:{community}"


def joins_key(community: str) -> str:
    """Return the key of a community's recent joins (a window of member ids)."""
    return f"raid:joins:{community}"


def joined_key(community: str, member: str) -> str:
    """Return the key of when a member joined (a flag holding an ISO time)."""
    return f"raid:joined:{community}:{member}"


def posted_key(community: str, member: str) -> str:
    """Return the key of a new member's first message id."""
    return f"raid:posted:{community}:{member}"


def messages_key(community: str, member: str) -> str:
    """Return the key of a member's recent messages (a window of "room<TAB>id")."""
    return f"raid:messages:{community}:{member}"


def cleaned_key(community: str, member: str) -> str:
    """Return the key of when a member's messages were last cleaned."""
    return f"raid:cleaned:{community}:{member}"


async def raid_level(state: StateStore, community: str, at: datetime) -> int:
    """Return the community's raid level, 0 when calm or expired."""
    value = await state.get(level_key(community), at)
    return int(value) if value else 0


async def set_raid_level(
    state: StateStore, community: str, level: int, at: datetime, ttl: timedelta
) -> int:
    """Set the raid level for `ttl` (0 ends the raid) and return it, bounded."""
    level = max(0, min(MAX_LEVEL, level))
    if level == 0:
        await state.delete(level_key(community))
    else:
        await state.put(level_key(community), str(level), at, ttl)
    return level


def account_age(member: Member, now: datetime) -> timedelta | None:
    """Return how old the member's account is, when the platform says."""
    created = member.account_created
    return None if created is None else now - created


async def membership_age(ctx: Context) -> timedelta | None:
    """Return how long ago the member joined, when the join was seen (within 30 days)."""
    event = ctx.event
    value = await ctx.state.get(joined_key(event.community, event.member.id), event.ts)
    return None if value is None else event.ts - datetime.fromisoformat(value)


async def newness(
    ctx: Context, account: timedelta | None, membership: timedelta | None
) -> str | None:
    """Say how the member is new ("account 2h old", "joined 5m ago"), or None if not new."""
    if account is not None:
        age = account_age(ctx.member, ctx.now)
        if age is not None and age < account:
            return f"account {describe_age(age)} old"
    if membership is not None:
        age = await membership_age(ctx)
        if age is not None and age < membership:
            return f"joined {describe_age(age)} ago"
    return None


def describe_age(age: timedelta) -> str:
    """Say an age in its largest unit: 2h, 3d, 45s."""
    seconds = max(0, int(age.total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


class CleanOptions(Options):
    """Delete the author's messages of the last `within` (at most 1h), in every room."""

    shorthand = "within"
    within: Duration = Field(default=timedelta(minutes=10), description="Such as 30s, 10m, 1h.")

    @field_validator("within")
    @classmethod
    def _kept(cls, value: timedelta) -> timedelta:
        if not timedelta(0) < value <= CLEAN_MEMORY:
            raise ValueError("clean takes a window of more than 0s and at most 1h")
        return value


@dataclass(frozen=True, slots=True)
class Usage:
    """What a community's rules use of this plugin, so the observer keeps only that."""

    names: frozenset[str]
    clean_window: timedelta | None

    @property
    def tracks_joins(self) -> bool:
        """Tell whether joins must be counted and remembered."""
        return not self.names.isdisjoint({"join_wave", "first_message", "raid_level"})

    @property
    def tracks_first_messages(self) -> bool:
        """Tell whether new members' first messages must be remembered."""
        return "first_message" in self.names


def usage_of(community: CommunityBase) -> Usage:
    """Find the trigger and action names a community uses, overrides included."""
    names: set[str] = set()
    windows: list[timedelta] = []

    def note(item: object) -> None:
        if isinstance(item, str):
            names.add(item)
            if item == "clean":
                windows.append(CleanOptions().within)
        elif isinstance(item, dict):
            for key, value in item.items():
                names.add(key)
                if key == "clean":
                    windows.append(_clean_window(value))

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in _LISTS and isinstance(value, list):
                    for item in value:
                        note(item)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    dump = community.model_dump(mode="json", exclude_unset=True)
    walk(dump.get("rules", {}))
    walk(dump.get("overrides", []))
    return Usage(frozenset(names), max(windows) if windows else None)


def _clean_window(value: object) -> timedelta:
    """Read a clean action's window as written, raw or validated."""
    if isinstance(value, dict):
        value = value.get("within")
    if value is None:
        return CleanOptions().within
    if not isinstance(value, str | int | float | timedelta):
        return CLEAN_MEMORY  # as for any window parse_duration refuses
    try:
        return min(CLEAN_MEMORY, parse_duration(value))
    except ValueError:
        return CLEAN_MEMORY


def distinct(values: Iterable[str]) -> int:
    """Count distinct values (a member joining several Matrix rooms joins once)."""
    return len(set(values))
