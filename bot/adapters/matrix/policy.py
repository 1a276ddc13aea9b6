"""Policy lists (MSC2313): rooms whose state holds ban rules on users, rooms and servers."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.adapters.matrix.client import MatrixClient
from bot.adapters.values import Values

#: Each kind of rule, under its stable type and the older names lists still carry.
RULE_TYPES: dict[str, tuple[str, ...]] = {
    "user": ("m.policy.rule.user", "m.room.rule.user", "org.matrix.mjolnir.rule.user"),
    "room": ("m.policy.rule.room", "m.room.rule.room", "org.matrix.mjolnir.rule.room"),
    "server": ("m.policy.rule.server", "m.room.rule.server", "org.matrix.mjolnir.rule.server"),
}
KIND_OF_TYPE = {t: kind for kind, types in RULE_TYPES.items() for t in types}
BAN = "m.ban"
BAN_RECOMMENDATIONS = frozenset({BAN, "org.matrix.mjolnir.ban"})
_KV_LISTS = "policy_lists"


@dataclass(frozen=True, slots=True)
class PolicyRule:
    """One rule of a list: a glob on user IDs, room IDs or server names, and what to do."""

    kind: str
    entity: str
    recommendation: str
    reason: str
    list_room: str

    @property
    def is_ban(self) -> bool:
        """Tell whether the rule asks for a ban."""
        return self.recommendation in BAN_RECOMMENDATIONS

    @property
    def is_glob(self) -> bool:
        """Tell whether the entity is a pattern rather than one name."""
        return any(c in self.entity for c in "*?")

    def matches(self, value: str) -> bool:
        """Tell whether a user ID, room ID or server name falls under the rule."""
        return value == self.entity or fnmatch.fnmatchcase(value, self.entity)

    def matches_user(self, user_id: str) -> bool:
        """Tell whether the rule covers a user, by ID, or by server for server rules."""
        if self.kind == "server":
            return ":" in user_id and self.matches(user_id.split(":", 1)[1])
        return self.kind == "user" and self.matches(user_id)


def rule_of(
    event: dict[str, Any], list_room: str
) -> tuple[tuple[str, str], PolicyRule | None] | None:
    """Read a state event: (its key, the rule or None when it was removed), or None if no rule."""
    kind = KIND_OF_TYPE.get(str(event.get("type")))
    if kind is None:
        return None
    key = (str(event["type"]), str(event.get("state_key", "")))
    content = event.get("content") or {}
    entity, recommendation = content.get("entity"), content.get("recommendation")
    if not isinstance(entity, str) or not isinstance(recommendation, str):
        return key, None  # an emptied event is how a rule is removed
    reason = content.get("reason")
    return key, PolicyRule(
        kind, entity, recommendation, reason if isinstance(reason, str) else "", list_room
    )


def state_key_for(entity: str) -> str:
    """Return a stable state key for a rule on an entity (globs hold characters keys avoid)."""
    return "rule:" + hashlib.sha256(entity.encode()).hexdigest()[:32]


class PolicyLists:
    """Watch policy-list rooms, keep their rules current, and write rules into them."""

    def __init__(
        self,
        client: MatrixClient,
        values: Values,
        logger: logging.Logger,
        *,
        peers: frozenset[str] = frozenset(),
    ) -> None:
        """`peers` are the other processes' bot accounts, invited to the lists made here."""
        self._client = client
        self._peers = peers
        self._values = values
        self._log = logger
        self.names: dict[str, str] = {}  # room ID -> short name
        self._rules: dict[str, dict[tuple[str, str], PolicyRule]] = {}

    async def load(self) -> None:
        """Read the watched lists from storage and their rules from the server."""
        stored = await self._values.get(_KV_LISTS)
        self.names = json.loads(stored) if stored else {}
        for room_id in list(self.names):
            await self.refresh(room_id)

    async def _save(self) -> None:
        await self._values.set(_KV_LISTS, json.dumps(self.names, sort_keys=True))

    def room_of(self, ref: str) -> str | None:
        """Return the room of a watched list named by short name, alias or room ID."""
        for room_id, name in self.names.items():
            if ref in (room_id, name):
                return room_id
            room = self._client.room(room_id)
            if room is not None and room.canonical_alias == ref:
                return room_id
        return None

    async def refresh(self, room_id: str) -> None:
        """Reread every rule of a list from its current state."""
        rules: dict[tuple[str, str], PolicyRule] = {}
        for event in await self._client.state(room_id):
            found = rule_of(event, room_id)
            if found is not None and found[1] is not None:
                rules[found[0]] = found[1]
        self._rules[room_id] = rules

    def update(self, room_id: str, events: Iterable[dict[str, Any]]) -> list[PolicyRule]:
        """Apply state changes seen in a sync; return the rules that are new or changed."""
        rules = self._rules.setdefault(room_id, {})
        fresh = []
        for event in events:
            found = rule_of(event, room_id)
            if found is None:
                continue
            key, rule = found
            if rule is None:
                rules.pop(key, None)
            elif rules.get(key) != rule:
                rules[key] = rule
                fresh.append(rule)
        return fresh

    async def watch(self, ref: str, name: str | None = None) -> str:
        """Join a list room and follow its rules."""
        room_id = await self._client.join(ref)
        self.names[room_id] = name or _short_name(ref)
        await self._save()
        await self.refresh(room_id)
        return room_id

    async def unwatch(self, ref: str) -> str | None:
        """Stop following a list; its rules stop applying (bans already made stay)."""
        room_id = self.room_of(ref)
        if room_id is None:
            return None
        self.names.pop(room_id)
        self._rules.pop(room_id, None)
        await self._save()
        return room_id

    async def create(self, name: str) -> str:
        """Create a new list room owned by the bot, and watch it."""
        room_id = await self._client.create_room(
            f"Vigie policy list: {name}",
            topic="Ban rules (MSC2313) written by Vigie.",
            invite=sorted(self._peers),
        )
        self.names[room_id] = name
        self._rules[room_id] = {}
        await self._save()
        return room_id

    async def add_rule(self, room_id: str, kind: str, entity: str, reason: str) -> PolicyRule:
        """Write a ban rule into a list."""
        content = {"entity": entity, "recommendation": BAN, "reason": reason}
        event_type = RULE_TYPES[kind][0]
        await self._client.put_state(room_id, event_type, content, state_key_for(entity))
        rule = PolicyRule(kind, entity, BAN, reason, room_id)
        self._rules.setdefault(room_id, {})[(event_type, state_key_for(entity))] = rule
        return rule

    async def remove_rule(self, room_id: str, kind: str, entity: str) -> bool:
        """Remove the rule on an entity, by emptying its state event."""
        for event_type in RULE_TYPES[kind]:
            for key, rule in list(self._rules.get(room_id, {}).items()):
                if key[0] == event_type and rule.entity == entity:
                    await self._client.put_state(room_id, event_type, {}, key[1])
                    del self._rules[room_id][key]
                    return True
        return False

    def rules(self, kind: str | None = None) -> list[PolicyRule]:
        """Return the ban rules of every watched list, of one kind or all."""
        return [
            rule
            for rules in self._rules.values()
            for rule in rules.values()
            if rule.is_ban and (kind is None or rule.kind == kind)
        ]

    def banning(self, user_id: str) -> PolicyRule | None:
        """Return the first ban rule that covers this user, if any."""
        for rule in self.rules():
            if rule.matches_user(user_id):
                return rule
        return None

    def denied_servers(self) -> list[str]:
        """Return the server globs the lists ban, for the server ACL."""
        return sorted({rule.entity for rule in self.rules("server")})


def _short_name(ref: str) -> str:
    if ref.startswith("#"):
        return ref[1:].split(":", 1)[0]
    return ref
