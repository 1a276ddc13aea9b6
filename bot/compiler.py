"""Turn validated rule configs into runnable rules, sharing identical triggers across rules."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from bot.actions import Action
from bot.config_models import RuleBase, item_name, rule_key
from bot.events import Event
from bot.registry import Registry, Services
from bot.rules import Rule, Step, Trigger


class RuleBuildError(ValueError):
    """Say that a rule's triggers could not be built from their data."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(f"rule {rule!r}: {message}")
        self.rule = rule
        self.message = message


@dataclass(slots=True)
class RuleSet:
    """The enabled rules of one community for one set of overrides, indexed by event type.

    Communities with the same rules share one RuleSet: it holds nothing of its own but the
    index by event type, which follows from its rules alone.
    """

    rules: tuple[Rule, ...]
    _by_type: dict[type[Event], tuple[Rule, ...]] = field(default_factory=dict)

    def for_event(self, kind: type[Event]) -> tuple[Rule, ...]:
        """Return the rules that look at events of this type."""
        found = self._by_type.get(kind)
        if found is None:
            found = tuple(r for r in self.rules if any(issubclass(kind, e) for e in r.events))
            self._by_type[kind] = found
        return found


class RuleCompiler:
    """Build rules from config through the registry; identical pieces are built once.

    Compiled rules, triggers and rule sets are shared by every community that writes them
    alike: what a trigger counts per community lives in the state store, keyed by community.
    """

    def __init__(self, registry: Registry, services: Services) -> None:
        self._registry = registry
        self._services = services
        self._rules: dict[tuple[str, str], Rule | None] = {}
        self._triggers: dict[str, Trigger] = {}
        # By the identity of validated rules (shared between communities, see bot/sharing.py);
        # the models are kept with the result, so their ids are never reused meanwhile.
        self._by_model: dict[tuple[str, int], tuple[RuleBase, Rule | None]] = {}
        self._sets: dict[tuple[tuple[str, int], ...], tuple[RuleSet, tuple[RuleBase, ...]]] = {}

    def ruleset(self, rules: dict[str, RuleBase]) -> RuleSet:
        """Compile the enabled rules of a mapping, in the order they were written."""
        key = tuple((name, id(cfg)) for name, cfg in rules.items())
        found = self._sets.get(key)
        if found is None:
            compiled = (self.rule(name, cfg) for name, cfg in rules.items())
            ruleset = RuleSet(tuple(rule for rule in compiled if rule is not None))
            found = self._sets[key] = (ruleset, tuple(rules.values()))
        return found[0]

    def rule(self, name: str, cfg: RuleBase) -> Rule | None:
        """Compile one rule, or return None when it is disabled."""
        known = self._by_model.get((name, id(cfg)))
        if known is not None:
            return known[1]
        rule = self._content_rule(name, cfg)
        self._by_model[(name, id(cfg))] = (cfg, rule)
        return rule

    def _content_rule(self, name: str, cfg: RuleBase) -> Rule | None:
        """Compile a rule, reusing one compiled from equal settings."""
        key = (name, rule_key(cfg))
        if key in self._rules:
            return self._rules[key]
        rule = None
        if cfg.enabled:
            try:
                triggers = tuple(self.trigger(item) for item in cfg.triggers)
                unless = tuple(self.trigger(item) for item in cfg.unless)
            except ValueError as exc:
                # Plugin data read at build time (pack files, hash lists) is checked here.
                raise RuleBuildError(name, str(exc)) from exc
            events: set[type[Event]] = set()
            for trigger in triggers:
                events.update(trigger.events)
            rule = Rule(
                name=name,
                triggers=triggers,
                conditions=cfg.conditions,
                actions=self.actions(cfg.actions),
                dry_run=cfg.dry_run,
                cooldown=cfg.cooldown,
                escalate=tuple(
                    Step(after=s.after, within=s.within, actions=self.actions(s.then))
                    for s in cfg.escalate
                ),
                category=cfg.category,
                severity=cfg.severity,
                events=frozenset(events),
                unless=unless,
            )
        self._rules[key] = rule
        return rule

    def trigger(self, item: BaseModel) -> Trigger:
        """Build (or reuse) the trigger an item describes."""
        name = item_name(item)
        options = getattr(item, name)
        key = json.dumps([name, _dump(options)], sort_keys=True)
        trigger = self._triggers.get(key)
        if trigger is None:
            kind = self._registry.triggers[name]
            trigger = kind.factory(options or kind.options(), self._services)
            self._triggers[key] = trigger
        return trigger

    def actions(self, items: Sequence[BaseModel]) -> tuple[Action, ...]:
        """Build the actions a list of items describes."""
        built: list[Action] = []
        for item in items:
            name = item_name(item)
            kind = self._registry.actions[name]
            result = kind.factory(getattr(item, name) or kind.options())
            built.extend([result] if isinstance(result, Action) else result)
        return tuple(built)


def _dump(options: BaseModel | None) -> Any:
    return None if options is None else options.model_dump(mode="json")
