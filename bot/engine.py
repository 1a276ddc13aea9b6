"""The engine: event -> context -> rules in scope -> merged plan."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from types import MemberDescriptorType
from typing import TYPE_CHECKING, Any, Final

from bot.actions import Action, Hit, Plan, merge
from bot.compiler import RuleBuildError, RuleCompiler, RuleSet
from bot.config import ConfigError, Problem
from bot.context import Context
from bot.events import Event, Member
from bot.members import MemberDirectory, is_moderator
from bot.overrides import Override, applicable

if TYPE_CHECKING:
    from bot.config import Config
    from bot.config_models import CommunityBase
    from bot.registry import Observer
    from bot.rules import Match, Related, Rule
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
        self._rulesets = _compile_all(config, compiler)
        # The rules in scope by (rules, room, is a bot, is a moderator); see _in_scope.
        self._scopes: dict[tuple[int, str, bool, bool], _Scope] = {}
        self._applicable: dict[tuple[str, str, frozenset[str], str], tuple[int, ...]] = {}
        # Per list of overrides (kept alive, so its id is never reused): does one name users?
        self._by_user: dict[int, tuple[Sequence[Override], bool]] = {}

    @property
    def config(self) -> Config:
        """Return the config in force."""
        return self._config

    def swap(self, config: Config, compiler: RuleCompiler) -> None:
        """Put a new config in force at once; a config whose rules cannot be built is refused."""
        rulesets = _compile_all(config, compiler)
        self._config, self._compiler, self._rulesets = config, compiler, rulesets
        self._scopes = {}
        self._applicable = {}
        self._by_user = {}

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
            event = _with_member(event, member)
        ctx = self._context(event, community, member)
        moderator = ctx.is_moderator
        indices = self._overrides(event.community, community.overrides, event.room, member)
        rules = self.ruleset(event.community, indices).for_event(type(event))
        for observer in self._observers:
            if isinstance(event, observer.events):
                await observer.observe(ctx)
        if not rules:
            return Plan(event=event)
        hits: list[Hit] = []
        room = event.room
        for rule, per_member, triggers in self._in_scope(rules, room, member, moderator):
            if per_member and not rule.conditions.applies(room, member, is_moderator=moderator):
                continue
            match = None
            for trigger, cannot_match in triggers:
                # A trigger that says at once it would find nothing and change nothing is not
                # awaited; every other trigger sees the event, even after one matched:
                # window triggers must count each message to judge the next ones.
                if cannot_match is not None and cannot_match(ctx):
                    continue
                found = await trigger.match(ctx)
                if match is None:
                    match = found
            if match is not None:
                hit = await self._decide(rule, ctx, match)
                if hit is not None:
                    hits.append(hit)
        # merge() of no hit is the empty plan; most events hit nothing.
        return merge(event, hits) if hits else Plan(event=event)

    def context_for(self, event: Event) -> Context:
        """Return the context the rules see for an event of a configured community, as handled."""
        # The member as the directory knows it, without observing the event again.
        member = self.members.get(event.community, event.member.id) or event.member
        return self._context(event, self._config.communities[event.community], member)

    def _context(self, event: Event, community: CommunityBase, member: Member) -> Context:
        moderator = is_moderator(community, member)
        return Context(
            event, community, member, self._state, self._normalize, is_moderator=moderator
        )

    def _overrides(
        self, name: str, overrides: Sequence[Override], room: str, member: Member
    ) -> tuple[int, ...]:
        """Return the overrides that apply, cached: they depend on room, roles and member id.

        The id is part of the key only when some override names users.
        """
        if not overrides:
            return ()
        by_user = self._by_user.get(id(overrides))
        if by_user is None or by_user[0] is not overrides:
            by_user = self._by_user[id(overrides)] = (
                overrides,
                any(o.users is not None for o in overrides),
            )
        key = (name, room, member.roles, member.id if by_user[1] else "")
        found = self._applicable.get(key)
        if found is None:
            if len(self._applicable) >= _APPLICABLE:
                self._applicable.clear()
            found = self._applicable[key] = applicable(overrides, room, member)
        return found

    def _in_scope(
        self, rules: tuple[Rule, ...], room: str, member: Member, moderator: bool
    ) -> _Scope:
        """Return the rules whose conditions may hold, with "check the member too" and triggers.

        A rule's conditions depend on the room, on whether the member is a bot or a
        moderator, and on exempt users and roles. The first three are the key of a cache;
        only rules that exempt users or roles are checked again for each member.
        """
        key = (id(rules), room, member.is_bot, moderator)
        found = self._scopes.get(key)
        if found is not None and found.rules is rules:
            return found
        if len(self._scopes) >= _SCOPES:
            self._scopes.clear()
        found = self._scopes[key] = _Scope(rules)
        for rule in rules:
            conditions = rule.conditions
            per_member = bool(conditions.exempt_users or conditions.exempt_roles)
            if per_member or conditions.applies(room, member, is_moderator=moderator):
                triggers = tuple((t, getattr(t, "cannot_match", None)) for t in rule.triggers)
                found.append((rule, per_member, triggers))
        return found

    async def _decide(self, rule: Rule, ctx: Context, match: Match) -> Hit | None:
        """Turn a match into a hit, or into a held-back one when an `unless` trigger doubts it."""
        for trigger in rule.unless:
            judge = getattr(trigger, "judge", None)  # `Judge`
            doubt = await (judge(ctx, match) if judge is not None else trigger.match(ctx))
            if doubt is not None:
                self._log.debug("%s held back (%s): %s", rule.name, match.summary, doubt.summary)
                # Shown by `vigie explain`; no action, and no cooldown or escalation is spent.
                return Hit(rule=rule.name, match=_restyle(match, rule), actions=(), held_by=doubt)
        if match.related and rule.unless:
            match = await self._doubt_related(rule, ctx, match)
        return await self._hit(rule, ctx, match)

    async def _doubt_related(self, rule: Rule, ctx: Context, match: Match) -> Match:
        """Keep as context only the earlier messages an `unless` trigger doubts (`Doubter`)."""
        # The same doubt that would hold back a message firing on its own keeps an opener
        # ("salut ça va ?") out of the harm its author's later message starts; the case
        # still shows it, and its evidence keeps it.
        doubters = [d for t in rule.unless if (d := getattr(t, "doubts", None)) is not None]
        judged: list[Related] = []
        for related in match.related:
            doubt = None
            for doubts in doubters:
                doubt = await doubts(ctx, related)
                if doubt is not None:
                    break
            if doubt is None:
                judged.append(related)
                continue
            self._log.debug(
                "%s: %s kept as context only (%s)", rule.name, related.message_id, doubt.summary
            )
            judged.append(replace(related, doubt=doubt.summary))
        return replace(match, related=tuple(judged))

    async def _hit(self, rule: Rule, ctx: Context, match: Match) -> Hit | None:
        """Turn a rule's match into a hit: cooldown, restyling, escalation."""
        event = ctx.event
        if rule.cooldown is not None:
            cooldown_key = f"cooldown:{event.community}:{rule.name}:{event.member.id}"
            # One atomic step: two processes sharing the store cannot both pass it.
            if not await self._state.put_if_absent(cooldown_key, "1", event.ts, rule.cooldown):
                return None
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


#: Scopes kept by (rules, room, bot, moderator); cleared when full.
_SCOPES: Final = 4096
#: Applicable overrides kept by (community, room, roles, member id or ""); cleared when full.
_APPLICABLE: Final = 65536


class _Scope(list[tuple["Rule", bool, tuple[tuple[Any, Any], ...]]]):
    """Rules that may apply in a room: each with "check the member too" and its triggers.

    A trigger may offer a synchronous `cannot_match(ctx) -> bool`, true only when `match`
    would return None without recording anything: the engine then skips the await.
    """

    __slots__ = ("rules",)

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        super().__init__()
        self.rules = rules  # kept alive, so its id in the cache key is never reused


#: Per event class: its member slot and its other slots, or None when it has no slots.
_EVENT_SLOTS: dict[type, tuple[Any, tuple[Any, ...]] | None] = {}


def _slots_of(kind: type) -> tuple[Any, tuple[Any, ...]] | None:
    """Return the slot descriptors of an event class: the member's, then the others."""
    found = {f.name: getattr(kind, f.name, None) for f in fields(kind)}
    if not all(isinstance(d, MemberDescriptorType) for d in found.values()):
        return None
    member = found.pop("member")
    return member, tuple(found.values())


def _with_member(event: Event, member: Member) -> Event:
    """Return `dataclasses.replace(event, member=member)`, copying slots as they are.

    The event was built and checked once: its fields are copied without running
    `__init__` and `__post_init__` again, which cost more than the copy itself.
    """
    kind = type(event)
    if kind in _EVENT_SLOTS:
        slots = _EVENT_SLOTS[kind]
    else:
        slots = _EVENT_SLOTS[kind] = _slots_of(kind)
    if slots is None:
        return replace(event, member=member)
    member_slot, others = slots
    copy = object.__new__(kind)
    for slot in others:
        slot.__set__(copy, slot.__get__(event, kind))
    member_slot.__set__(copy, member)
    return copy


def _restyle(match: Match, rule: Rule) -> Match:
    changes: dict[str, Any] = {}
    if rule.category is not None and rule.category != match.category:
        changes["category"] = rule.category
    if rule.severity is not None and rule.severity != match.severity:
        changes["severity"] = rule.severity
    return replace(match, **changes) if changes else match


def _compile_all(
    config: Config, compiler: RuleCompiler
) -> dict[tuple[str, tuple[int, ...]], RuleSet]:
    """Build every community's rules, and each override's, so bad plugin data fails at load."""
    built: dict[tuple[str, tuple[int, ...]], RuleSet] = {}
    problems: list[Problem] = []
    for name, community in config.communities.items():
        for indices in [(), *((i,) for i in range(len(community.overrides)))]:
            try:
                built[(name, indices)] = compiler.ruleset(config.effective_rules(name, indices))
            except RuleBuildError as exc:
                path = ("communities", name, "rules", exc.rule)
                problems.append(Problem.at(config.source, path, exc.message))
    if problems:
        raise ConfigError(list(dict.fromkeys(problems)))
    return built
