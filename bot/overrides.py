"""Overrides by room, role and user, deep-merged over a community's rules."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bot.events import Member


class Override(BaseModel):
    """Change some rules for some rooms, roles or members; the keys given must all apply."""

    model_config = ConfigDict(extra="forbid")

    rooms: list[str] | None = Field(default=None, description="Rooms or channels (globs).")
    roles: list[str] | None = Field(default=None, description="Members holding any of these.")
    users: list[str] | None = Field(default=None, description="These member ids.")
    rules: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Partial rules, deep-merged over the defaults."
    )

    def applies(self, room: str, member: Member) -> bool:
        """Tell whether this override covers the room and the member."""
        if self.rooms is not None and not any(
            room == p or fnmatch.fnmatchcase(room, p) for p in self.rooms
        ):
            return False
        if self.roles is not None and member.roles.isdisjoint(self.roles):
            return False
        return self.users is None or member.id in self.users


def applicable(overrides: Sequence[Override], room: str, member: Member) -> tuple[int, ...]:
    """Return the indices of the overrides that apply, in the order they were written."""
    return tuple(i for i, override in enumerate(overrides) if override.applies(room, member))


def deep_merge(base: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """Merge `patch` over `base`: mappings merge key by key, anything else is replaced."""
    merged = dict(base)
    for key, value in patch.items():
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = deep_merge(old, value)
        else:
            merged[key] = value
    return merged


def merged_rules(
    base: Mapping[str, Mapping[str, Any]],
    overrides: Sequence[Override],
    indices: Sequence[int],
) -> dict[str, dict[str, Any]]:
    """Return the raw rule mappings after applying the chosen overrides in order."""
    rules = {name: dict(rule) for name, rule in base.items()}
    for index in indices:
        for name, patch in overrides[index].rules.items():
            rules[name] = deep_merge(rules.get(name, {}), patch)
    return rules
