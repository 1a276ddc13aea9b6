"""The offline commands: check-config, schema, scan, evaluate, explain, demo."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.actions import Plan
from bot.adapters.fake import FakeAdapter
from bot.app import Bot, build_engine, build_services, open_bot
from bot.config import BUNDLED_CONFIG, Config, ConfigError, Problem, load_config
from bot.config_models import build_models, item_name
from bot.context import Context
from bot.evaluation import Mistake, by_rule, mistakes, predictions, rule_table
from bot.evaluation import evaluate as score
from bot.events import Member, MessageCreated
from bot.registry import Registry
from bot.replay import read_events, read_labels, read_meta
from bot.rules import Rule
from bot.text import normalize

MEMORY_DB = "sqlite:///:memory:"


def _load(path: str | None, registry: Registry) -> Config:
    return load_config(path or BUNDLED_CONFIG, registry, require_secrets=False)


def _community(config: Config, name: str | None) -> str:
    if name is None:
        return next(iter(config.communities))
    if name not in config.communities:
        known = ", ".join(config.communities)
        raise SystemExit(f"unknown community {name!r}; this config has: {known}")
    return name


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def plan_actions(plan: Plan) -> list[str]:
    """List the actions a plan takes, in the order the executor runs them."""
    actions = []
    if plan.delete:
        actions.append("delete")
    if plan.punishment is not None:
        actions.append(plan.punishment.kind)
    actions += [effect.name for effect in plan.effects]
    if plan.report is not None:
        actions.append("report")
    return actions


async def check_config(args: argparse.Namespace, registry: Registry) -> int:
    """Validate a config file and print the effective rules of each community."""
    config = load_config(args.file, registry, require_secrets=False)
    platform_problems = _platform_problems(config)
    if platform_problems:
        raise ConfigError(platform_problems)
    build_engine(config, registry, build_services(config))  # pack files, hash lists
    _out(f"{args.file}: valid; plugins: {', '.join(registry.plugins)}")
    for name, community in config.communities.items():
        where = community.guild or ", ".join(community.rooms) or "(no rooms)"
        head = f"{community.platform}: {where}; reports to {community.mod_channel}"
        _out(f"\ncommunity {name} ({head})")
        _print_rules(config.effective_rules(name))
        for index, override in enumerate(community.overrides):
            scope = {k: v for k, v in override.model_dump().items() if k != "rules" and v}
            _out(f"  override {index} {json.dumps(scope)}:")
            _print_rules(
                {
                    k: v
                    for k, v in config.effective_rules(name, (index,)).items()
                    if k in override.rules
                },
                indent="    ",
            )
    return 0


def _platform_problems(config: Config) -> list[Problem]:
    """Return what an adapter would refuse when built: Discord roles and members named by name."""
    if not any(c.platform == "discord" for c in config.communities.values()):
        return []
    from bot.adapters.discordbot.ids import name_problems  # noqa: PLC0415 - imports discord.py

    return name_problems(config)


def _print_rules(rules: dict[str, Any], indent: str = "  ") -> None:
    for rule_name, rule in rules.items():
        state = "off" if not rule.enabled else ("dry run" if rule.dry_run else "on")
        triggers = ", ".join(item_name(t) for t in rule.triggers)
        actions = ", ".join(item_name(a) for a in rule.actions) or "none"
        _out(f"{indent}- {rule_name} [{state}] when {triggers} -> {actions}")


async def schema(_args: argparse.Namespace, registry: Registry) -> int:
    """Print the JSON Schema of the config file."""
    models = build_models(registry)
    document = models.config.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "Vigie configuration"
    _out(json.dumps(document, indent=2, ensure_ascii=False))
    return 0


async def replay(
    config: Config, registry: Registry, events: Path | str, community: str | None = None
) -> list[tuple[str, Plan]]:
    """Feed a stream through a bot on an in-memory database; return each message's plan."""
    name = _community(config, community)
    platform = config.communities[name].platform
    results = []
    async with open_bot(config, registry, FakeAdapter(platform), storage_url=MEMORY_DB) as bot:
        for event in read_events(events, name):
            plan, _ = await bot.handle(event)
            if isinstance(event, MessageCreated):
                results.append((event.message_id, plan))
    return results


async def _replay(args: argparse.Namespace, registry: Registry) -> list[tuple[str, Plan]]:
    return await replay(_load(args.config, registry), registry, args.events, args.community)


async def scan(args: argparse.Namespace, registry: Registry) -> int:
    """Print one JSON line per message that triggered a rule."""
    for message_id, plan in await _replay(args, registry):
        if not plan.hits:
            continue
        line = {
            "id": message_id,
            "rules": [h.rule for h in plan.hits],
            "categories": sorted({str(h.match.category) for h in plan.hits}),
            "actions": plan_actions(plan),
        }
        _out(json.dumps(line, ensure_ascii=False))
    return 0


async def evaluate(args: argparse.Namespace, registry: Registry) -> int:
    """Print precision, recall and the benign false-positive rate against labels."""
    labels = read_labels(args.labels)
    plans = await _replay(args, registry)
    predicted = predictions(plans)
    meta_path = Path(args.meta) if args.meta else Path(args.labels).with_name("meta.json")
    meta = read_meta(meta_path) if meta_path.exists() else {}
    result = score(predicted, labels, meta)
    rules = by_rule(plans, labels) if args.by_rule else None
    if args.json:
        figures = result.as_dict()
        if rules is not None:
            figures["rules"] = {name: t.as_dict() for name, t in sorted(rules.items())}
        _out(json.dumps(figures))
    else:
        _out(result.table())
        if rules is not None:
            _out("\n" + rule_table(rules))
    if args.errors:
        _print_mistakes(plans, mistakes(predicted, labels))
    return 0


def _print_mistakes(plans: list[tuple[str, Plan]], found: list[Mistake]) -> None:
    """Print each mistaken message with what was missed, what was extra, the rules and text."""
    by_id = dict(plans)
    _out(f"\n{len(found)} messages with a mistake:")
    for mistake in found:
        plan = by_id.get(mistake.message_id)
        rules = ",".join(h.rule for h in plan.hits) if plan else ""
        text = getattr(plan.event, "text", "") if plan else ""
        parts = [mistake.message_id]
        if mistake.missed:
            parts.append(f"missed={','.join(sorted(mistake.missed))}")
        if mistake.extra:
            parts.append(f"extra={','.join(sorted(mistake.extra))}")
        if rules:
            parts.append(f"rules={rules}")
        _out(" ".join(parts) + f"  {text!r}")


async def explain(args: argparse.Namespace, registry: Registry) -> int:
    """Show which rules fire on a text, on which spans, and why."""
    config = _load(args.config, registry)
    community = _community(config, args.community)
    services = build_services(config)
    engine = build_engine(config, registry, services)
    event = MessageCreated(
        community=community,
        room=args.room,
        ts=datetime.now(UTC),
        member=Member(id="explain"),
        message_id="explain",
        text=args.text,
    )
    plan = await engine.handle(event)
    context = engine.context_for(event)
    seen = await _seen(engine.ruleset(community).for_event(MessageCreated), plan, context)
    view = normalize(args.text)
    _out(f"raw:        {args.text!r}")
    _out(f"normalized: {view.text!r}")
    if view.flags:
        _out(f"evasion:    {', '.join(sorted(view.flags))}")
    hits = plan.hits + plan.dry_hits + plan.held
    if not hits:
        _out("no rule fires.")
        _print_seen(seen)
        return 0
    for hit in hits:
        match = hit.match
        dry = " (dry run)" if hit.dry_run else ""
        held = " (held back)" if hit.held_by is not None else ""
        _out(f"\nrule {hit.rule}{dry}{held}: {match.category} · {match.severity.name.lower()}")
        _out(f"  why: {match.summary}")
        if hit.held_by is not None:
            _out(f"  held back by: {hit.held_by.summary}")
        if match.signals:
            _out(f"  signals: {', '.join(match.signals)}")
        for span in match.spans:
            _out(f"  raw span [{span.start}:{span.end}] {span.text!r}")
    _out(f"\nplan: {', '.join(plan_actions(plan)) or 'nothing'}")
    _print_seen(seen)
    return 0


async def _seen(rules: tuple[Rule, ...], plan: Plan, ctx: Context) -> list[str]:
    """Return what the rules that did not fire saw, from triggers that can say (`Describer`)."""
    fired = {hit.rule for hit in (*plan.hits, *plan.dry_hits, *plan.held)}
    lines: list[str] = []
    for rule in rules:
        if rule.name in fired:
            continue
        for trigger in rule.triggers:
            describe = getattr(trigger, "describe", None)
            if describe is not None:
                lines += [f"{rule.name}: {line}" for line in await describe(ctx)]
    return lines


def _print_seen(seen: list[str]) -> None:
    if seen:
        _out("\nseen by rules that did not fire:")
        for line in seen:
            _out(f"  {line}")


async def demo(args: argparse.Namespace, registry: Registry) -> int:
    """Replay the demo stream and narrate what Vigie does and why."""
    config = _load(args.config, registry)
    community = next(iter(config.communities))
    adapter = FakeAdapter(config.communities[community].platform)
    _out(
        f"Vigie demo: replaying {args.events} through the rules of {args.config or BUNDLED_CONFIG}"
    )
    _out("(no platform is contacted; a recording adapter stands in for Discord/Matrix)\n")
    async with open_bot(config, registry, adapter, storage_url=MEMORY_DB) as bot:
        await _narrate(bot, read_events(args.events, community))
    _out(f"\n{len(adapter.reports)} report(s) posted to the mod channel; the last one reads:\n")
    if adapter.reports:
        _out(adapter.reports[-1].render_text())
    return 0


async def _narrate(bot: Bot, events: Any) -> None:
    for event in events:
        plan, outcome = await bot.handle(event)
        if not isinstance(event, MessageCreated):
            continue
        who = event.member.display_name or event.member.id
        if not plan.hits:
            _out(f"  ok    [{event.room}] {who}: {event.text[:70]}")
            continue
        case = f"case #{outcome.case_number}" if outcome else "no case"
        _out(f"  FLAG  [{event.room}] {who}: {event.text[:70]}")
        for hit in plan.hits:
            _out(f"        rule {hit.rule} ({hit.match.category}): {hit.match.summary}")
        _out(f"        -> {', '.join(plan_actions(plan))} ({case})")
