"""The engine: event -> context -> rules in scope -> merged plan."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bot.actions import Action, Hit, Plan, merge
from bot.compiler import RuleCompiler, RuleSet
from bot.context import Context
from bot.events import Event
from bot.members import MemberDirectory, is_moderator
from bot.overrides import applicable

if TYPE_CHECKING:
    from bot.config import Config
    from bot.registry import Observer
    from bot.rules import Match, Rule
    from bot.state import StateStore
    from bot.text import NormalizedText


class Engine:
    """Evaluate the rules of an event's community and merge what they ask into one plan."""

    def __init__(
        self,
        config: Config,
        compiler: RuleCompiler,
        *,
        state: StateStore,
        normalize: Callable[[str], NormalizedText],
        logger: logging.Logger,
        members: MemberDirectory | None = None,
        observers: Sequence[Observer] = (),
    ) -> None:
        self._config = config
        self._compiler = compiler
        self._state = state
        self._normalize = normalize
        self._log = logger
        self.members = members or MemberDirectory()
        self._observers = tuple(observers)
        self._rulesets: dict[tuple[str, tuple[int, ...]], RuleSet] = {}

    @property
    def config(self) -> Config:
        """Return the config in force."""
        return self._config

    def swap(self, config: Config, compiler: RuleCompiler) -> None:
        """Put a new config in force at once; state and member facts carry over."""
        self._config, self._compiler, self._rulesets = config, compiler, {}

    def ruleset(self, community: str, indices: tuple[int, ...] = ()) -> RuleSet:
        """Return the compiled rules of a community under the given overrides."""
        key = (community, indices)
        found = self._rulesets.get(key)
        if found is None:
            rules = self._config.effective_rules(community, indices)
            found = self._rulesets[key] = self._compiler.ruleset(rules)
        return found

    async def handle(self, event: Event) -> Plan:
        """Run the rules in scope for one event and return the merged plan."""
        community = self._config.communities.get(event.community)
        if community is None:
            return Plan(event=event)
        member = self.members.observe(event)
        if member is not event.member:
            # Reports and evidence then show the facts known from earlier events.
            event = replace(event, member=member)
        moderator = is_moderator(community, member)
        indices = applicable(community.overrides, event.room, member) if community.overrides else ()
        rules = self.ruleset(event.community, indices).for_event(type(event))
        ctx = Context(
            event, community, member, self._state, self._normalize, is_moderator=moderator
        )
        for observer in self._observers:
            if isinstance(event, observer.events):
                await observer.observe(ctx)
        if not rules:
            return Plan(event=event)
        hits: list[Hit] = []
        for rule in rules:
            if not rule.conditions.applies(event.room, member, is_moderator=moderator):
                continue
            hit = await self._evaluate(rule, ctx)
            if hit is not None:
                hits.append(hit)
        return merge(event, hits)

    async def _evaluate(self, rule: Rule, ctx: Context) -> Hit | None:
        match = None
        for trigger in rule.triggers:
            # Every trigger sees the event, even after one matched: window triggers must
            # count each message to judge the next ones.
            found = await trigger.match(ctx)
            if match is None:
                match = found
        if match is None:
            return None
        event = ctx.event
        cooldown_key = f"cooldown:{event.community}:{rule.name}:{event.member.id}"
        if rule.cooldown is not None:
            if await self._state.get(cooldown_key, event.ts) is not None:
                return None
            await self._state.put(cooldown_key, "1", event.ts, rule.cooldown)
        match = _restyle(match, rule)
        actions = rule.actions
        if rule.escalate and not rule.dry_run:
            actions = actions + await self._escalation(rule, event)
        return Hit(rule=rule.name, match=match, actions=actions, dry_run=rule.dry_run)

    async def _escalation(self, rule: Rule, event: Event) -> tuple[Action, ...]:
        """Add the actions of the highest escalation step whose threshold is reached."""
        key = f"escalate:{event.community}:{rule.name}:{event.member.id}"
        longest = max(step.within for step in rule.escalate)
        await self._state.hit(key, event.ts, longest)
        reached: tuple[Action, ...] = ()
        for step in sorted(rule.escalate, key=lambda s: s.after):
            if len(await self._state.recent(key, event.ts, step.within)) >= step.after:
                reached = step.actions
        return reached


def _restyle(match: Match, rule: Rule) -> Match:
    changes: dict[str, Any] = {}
    if rule.category is not None and rule.category != match.category:
        changes["category"] = rule.category
    if rule.severity is not None and rule.severity != match.severity:
        changes["severity"] = rule.severity
    return replace(match, **changes) if changes else match
