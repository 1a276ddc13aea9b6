"""Power-level arithmetic on `m.room.power_levels` content: who may do what, mute and unmute."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

# Spec defaults when the power-levels event leaves a key out.
_DEFAULTS = {
    "ban": 50,
    "kick": 50,
    "redact": 50,
    "invite": 0,
    "events_default": 0,
    "state_default": 50,
    "users_default": 0,
}
PL_EVENT = "m.room.power_levels"
ACL_EVENT = "m.room.server_acl"


#: Room versions where the creators stand above every power level (MSC4289).
CREATOR_VERSIONS = frozenset({"12", "org.matrix.hydra.11"})
#: What "infinite" is in arithmetic: above any level a power-levels event can hold.
CREATOR_LEVEL = 2**53 - 1


def creators_of(create: dict[str, Any]) -> frozenset[str]:
    """Return the users a `m.room.create` event makes all-powerful, if its version does."""
    content = create.get("content") or {}
    if str(content.get("room_version", "1")) not in CREATOR_VERSIONS:
        return frozenset()
    extra = content.get("additional_creators") or []
    return frozenset({create.get("sender", ""), *(u for u in extra if isinstance(u, str))})


def _int(value: object, default: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)  # old room versions allowed levels as strings
    return default


def level(content: dict[str, Any], key: str) -> int:
    """Return one of the top-level thresholds, with the spec default."""
    return _int(content.get(key), _DEFAULTS[key])


def user_level(
    content: dict[str, Any], user_id: str, creators: frozenset[str] = frozenset()
) -> int:
    """Return a user's power level; creators of version-12 rooms outrank everyone."""
    if user_id in creators:
        return CREATOR_LEVEL
    users = content.get("users") or {}
    return _int(users.get(user_id), level(content, "users_default"))


def state_level(content: dict[str, Any], event_type: str) -> int:
    """Return the level needed to send a state event of this type."""
    events = content.get("events") or {}
    return _int(events.get(event_type), level(content, "state_default"))


def message_level(content: dict[str, Any]) -> int:
    """Return the level needed to send a message."""
    events = content.get("events") or {}
    return _int(events.get("m.room.message"), level(content, "events_default"))


@dataclass(frozen=True, slots=True)
class Lack:
    """One thing the bot cannot do in a room, and the level it would need."""

    ability: str
    needed: int
    have: int

    def __str__(self) -> str:
        return f"{self.ability} (needs {self.needed}, I have {self.have})"


def missing_abilities(
    content: dict[str, Any], user_id: str, creators: frozenset[str] = frozenset()
) -> list[Lack]:
    """List what the user cannot do in a room with these power levels."""
    have = user_level(content, user_id, creators)
    wanted = {
        "delete messages": level(content, "redact"),
        "kick": level(content, "kick"),
        "ban": level(content, "ban"),
        "mute (change power levels)": state_level(content, PL_EVENT),
        "set the server ACL": state_level(content, ACL_EVENT),
    }
    return [Lack(name, needed, have) for name, needed in wanted.items() if have < needed]


class CannotChange(ValueError):
    """Say the bot's own level does not allow the change it was asked for."""


def muted(
    content: dict[str, Any], bot_id: str, user_id: str, creators: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """Return power levels where the user sits just below the level needed to talk."""
    mine = user_level(content, bot_id, creators)
    theirs = user_level(content, user_id, creators)
    if theirs >= mine:
        raise CannotChange(f"{user_id} has power {theirs}, not below mine ({mine})")
    if state_level(content, PL_EVENT) > mine:
        raise CannotChange("I may not change power levels here")
    new = copy.deepcopy(content)
    new.setdefault("users", {})[user_id] = min(theirs, message_level(content) - 1)
    return new


def restored(content: dict[str, Any], user_id: str, previous: int | None) -> dict[str, Any]:
    """Return power levels with the user's level back to what it was before the mute."""
    new = copy.deepcopy(content)
    users = new.setdefault("users", {})
    if previous is None or previous == level(content, "users_default"):
        users.pop(user_id, None)
    else:
        users[user_id] = previous
    return new


def explicit_level(content: dict[str, Any], user_id: str) -> int | None:
    """Return the level set for the user by name, or None when the default applies."""
    value = (content.get("users") or {}).get(user_id)
    return value if isinstance(value, int) else None


def locked(content: dict[str, Any], moderator_level: int) -> dict[str, Any]:
    """Return power levels where only moderators may post."""
    new = copy.deepcopy(content)
    new["events_default"] = moderator_level
    new.setdefault("events", {})["m.room.message"] = moderator_level
    return new
