"""Rule switches from chat (`rules disable flood`), kept in the database across restarts.

A switch sets `enabled` or `dry_run` of one rule of one community on top of the YAML; it stays
until `rules reset <name>`, and is applied again after every start and every reload.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Config
    from bot.config_models import RuleBase
    from bot.storage import Storage

SWITCHES = {
    "enable": {"enabled": True},
    "disable": {"enabled": False},
    "dry-run": {"dry_run": True},
    "live": {"dry_run": False},
}


def _key(community: str) -> str:
    return f"rule-switches:{community}"


async def load(storage: Storage, community: str) -> dict[str, dict[str, bool]]:
    """Return the switches of a community: {rule: {field: value}}."""
    text = await storage.get_value(_key(community))
    return json.loads(text) if text else {}


async def save(
    storage: Storage, community: str, switches: dict[str, dict[str, bool]], at: datetime
) -> None:
    """Store the switches of a community."""
    await storage.set_value(_key(community), json.dumps(switches, sort_keys=True), at)


async def switched(config: Config, storage: Storage) -> Config:
    """Return a copy of the config with every community's stored switches applied."""
    every = {name: await load(storage, name) for name in config.communities}
    if not any(every.values()):
        return config
    return with_switches(config, every)


def with_switches(config: Config, every: dict[str, dict[str, dict[str, bool]]]) -> Config:
    """Return a copy of the config with these switches applied (unknown rules are skipped).

    Communities may share rules (bot/sharing.py): a switched rule is replaced in its own
    community's copy, never changed in place.
    """
    communities = dict(config.communities)
    raw = dict(config.raw_rules)
    for name, switches in every.items():
        community = communities.get(name)
        if community is None:
            continue
        rules = dict(community.rules)
        raw_rules = dict(raw.get(name, {}))
        for rule_name, fields in switches.items():
            rule = rules.get(rule_name)
            if rule is None:
                continue
            rules[rule_name] = rule.model_copy(update=fields)
            raw_rules[rule_name] = {**raw_rules.get(rule_name, {}), **fields}
        communities[name] = community.model_copy(update={"rules": rules})
        raw[name] = raw_rules
    model = config.model.model_copy(update={"communities": communities})
    return type(config)(model=model, models=config.models, source=config.source, raw_rules=raw)


def state_of(rule: RuleBase) -> str:
    """Say whether a rule is on, off or in dry run."""
    if not rule.enabled:
        return "off"
    return "dry run" if rule.dry_run else "on"
