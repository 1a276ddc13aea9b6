"""Validate identical rules once: communities that write the same rules share one copy.

A deployment of many communities mostly repeats the same rules (the defaults, the same
packs) with its own rooms and moderators. Rules are keyed by the content of their YAML,
so each distinct rule is validated and held once, however many communities write it.
Shared rule models are frozen; what changes per community (windows, counters, flags)
lives in the state store under the community's name, never in a rule.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from bot.config_models import RuleBase


def content_key(raw: object) -> bytes:
    """Return a digest of plain YAML data; 1, 1.0, True and "1" all differ, so does order."""
    # repr of YAML's plain types (dict, list, str, int, float, bool, None, dates) is exact.
    text = repr(raw).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=16).digest()


class SharedRules:
    """Hold one validated copy of each distinct rule, and of each distinct set of rules."""

    def __init__(self) -> None:
        self._rules: dict[bytes, RuleBase] = {}
        self._sets: dict[bytes, dict[str, RuleBase]] = {}
        self._raw: dict[bytes, dict[str, Any]] = {}

    def __len__(self) -> int:
        """Count the distinct rules held."""
        return len(self._rules)

    def rule(self, raw: object, validate: Callable[[object], RuleBase]) -> RuleBase:
        """Return the validated rule `raw` describes; `validate` runs for new content only."""
        key = content_key(raw)
        found = self._rules.get(key)
        if found is None:
            found = self._rules[key] = validate(raw)
        return found

    def rules(
        self, raw: Mapping[str, object], validate: Callable[[object], dict[str, RuleBase]]
    ) -> dict[str, RuleBase]:
        """Return a community's validated rules; `validate` runs for a new set only.

        The mapping returned may be another community's too: it must not be changed.
        """
        key = content_key(raw)
        found = self._sets.get(key)
        if found is None:
            validated = validate(raw)
            # Rules written alike in different sets are still held once.
            found = {
                name: self._rules.setdefault(content_key(raw[name]), rule)
                for name, rule in validated.items()
            }
            self._sets[key] = found
        return found

    def raw(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Return one copy of a raw rules mapping per content, to merge overrides over."""
        return self._raw.setdefault(content_key(raw), raw)
