"""Commands on the community: lockdown, unlock, slowmode, raid, rules, reload, status."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.actions import Effect, Plan
from bot.compiler import RuleCompiler
from bot.config import ConfigError
from bot.config_models import item_name
from bot.durations import DurationError, format_duration, parse_duration
from bot.events import Event
from bot.moderation import switches
from bot.moderation.api import Reply, failed
from bot.moderation.errors import Refused, UsageError
from bot.moderation.parsing import count

if TYPE_CHECKING:
    from bot.config import Config
    from bot.config_models import RuleBase
    from bot.moderation.commands import CommandContext, Handler

MAX_SLOWMODE = timedelta(hours=6)
MAX_RAID_LEVEL = 9
RAID_TTL = timedelta(minutes=30)


def _rooms(ctx: CommandContext, given: list[str]) -> list[str]:
    rooms = given or [r for r in ctx.community.rooms if not any(c in r for c in "*?[")]
    if not rooms:
        raise ctx.usage("name the rooms (this community lists none by name)")
    return rooms


def _capable(ctx: CommandContext, capability: str, what: str) -> None:
    if capability not in ctx.adapter.capabilities:
        raise Refused(f"{ctx.community.platform} does not let me {what}")


async def lockdown(ctx: CommandContext) -> Reply:
    """Let only moderators post in some rooms (or lift that with `unlock`)."""
    parsed = ctx.parse()
    enabled = ctx.spec.name == "lockdown"
    _capable(ctx, "lockdown", "lock rooms")
    rooms = _rooms(ctx, parsed.args)
    reason = parsed.flag("reason") or f"{ctx.spec.name} by {ctx.author.id}"
    await ctx.adapter.lockdown(ctx.name, rooms, enabled, reason)
    state = "locked: only moderators can post" if enabled else "unlocked"
    return Reply(text=f"{', '.join(rooms)} {state}.")


async def slowmode(ctx: CommandContext) -> Reply:
    """Set or lift a room's slow mode."""
    args = ctx.parse().args
    _capable(ctx, "slowmode", "set a slow mode")
    try:
        delay = parse_duration(args[1])
    except DurationError as exc:
        raise ctx.usage(f"bad delay {args[1]!r}: write it like 10s, 1m or 0s") from exc
    if delay > MAX_SLOWMODE:
        raise ctx.usage("a slow mode is at most 6h")
    await ctx.adapter.set_slowmode(ctx.name, args[0], int(delay.total_seconds()))
    if not delay:
        return Reply(text=f"Slow mode lifted in {args[0]}.")
    return Reply(text=f"Slow mode in {args[0]}: one message per {format_duration(delay)}.")


async def raid(ctx: CommandContext) -> Reply:
    """Show or set the raid level kept by the raid plugin."""
    args = ctx.parse().args
    handler = ctx.executor.effects.get("raid_level")
    key = f"raid:level:{ctx.name}"
    if not args:
        stored = await ctx.services.state.get(key, ctx.now)
        return Reply(text=f"Raid level: {int(stored) if stored else 0} (0 is calm).")
    if handler is None:
        raise Refused("raid levels come with the raid plugin, which is not loaded")
    word = args[0].lower()
    level = 0 if word in ("off", "end", "0") else None
    if level is None:
        # The shared count reader: isdigit() let "²" and 5,000-digit words reach int().
        try:
            level = count(word, maximum=MAX_RAID_LEVEL)
        except UsageError as exc:
            raise ctx.usage(
                f"the raid level is a number from 0 to {MAX_RAID_LEVEL}, or off"
            ) from exc
    ttl = str(int(RAID_TTL.total_seconds()))
    effect = Effect(name="raid_level", params=(("op", "set"), ("amount", str(level)), ("ttl", ttl)))
    event = Event(community=ctx.name, room=ctx.invocation.room, ts=ctx.now, member=ctx.author)
    await handler(effect, Plan(event=event), ctx.adapter)
    if level == 0:
        return Reply(text="Raid over: level 0.")
    return Reply(text=f"Raid level set to {level} for {format_duration(RAID_TTL)}.")


def _describe(name: str, rule: RuleBase) -> str:
    triggers = ", ".join(item_name(t) for t in rule.triggers)
    actions = ", ".join(item_name(a) for a in rule.actions) or "none"
    return f"- {name} [{switches.state_of(rule)}] when {triggers} -> {actions}"


async def rules(ctx: CommandContext) -> Reply:
    """List the rules, or switch one on, off, to dry run or back to the YAML."""
    args = ctx.parse().args
    if not args:
        lines = [f"Rules of {ctx.name}:"]
        lines += [_describe(n, r) for n, r in ctx.community.rules.items()] or ["(none)"]
        return Reply(text="\n".join(lines))
    verb = args[0].lower()
    if verb not in (*switches.SWITCHES, "reset") or len(args) != 2:
        raise ctx.usage("say enable, disable, dry-run, live or reset, then the rule")
    rule_name = args[1]
    if rule_name not in ctx.community.rules:
        known = ", ".join(ctx.community.rules) or "none"
        raise ctx.usage(f"no rule {rule_name!r} here (rules: {known})")
    stored = await switches.load(ctx.storage, ctx.name)
    if verb == "reset":
        stored.pop(rule_name, None)
    else:
        stored.setdefault(rule_name, {}).update(switches.SWITCHES[verb])
    await switches.save(ctx.storage, ctx.name, stored, ctx.now)
    await put_in_force(ctx, await switches.switched(ctx.router.base_config, ctx.storage))
    rule = ctx.router.config.communities[ctx.name].rules[rule_name]
    return Reply(text=f"Rule {rule_name} is now {switches.state_of(rule)}.")


async def put_in_force(ctx: CommandContext, config: Config) -> None:
    """Swap a config in: engine, executor and router see it at once."""
    router = ctx.router
    router.engine.swap(config, RuleCompiler(router.registry, router.services))
    ctx.executor.config = config


async def reload(ctx: CommandContext) -> Reply:
    """Re-read the config file; a bad file keeps the rules in force and says why."""
    loader = ctx.router.loader
    if loader is None:
        raise Refused("this bot was not started from a config file, so there is nothing to reload")
    try:
        fresh = loader()
        # Building the rules may still fail on plugin data (a pack file): check before keeping.
        await put_in_force(ctx, await switches.switched(fresh, ctx.storage))
    except ConfigError as exc:
        return failed(f"reload refused, the rules in force are kept:\n{exc}")
    except OSError as exc:
        return failed(f"reload refused, the rules in force are kept: {exc}")
    ctx.router.base_config = fresh
    community = ctx.router.config.communities.get(ctx.name)
    count = len(community.rules) if community is not None else 0
    return Reply(text=f"Config reloaded: {count} rule(s) in {ctx.name}.")


async def status(ctx: CommandContext) -> Reply:
    """Show rules, raid level, open reports, pending platform calls and the evidence head."""
    community = ctx.community
    states = [switches.state_of(r) for r in community.rules.values()]
    level = await ctx.services.state.get(f"raid:level:{ctx.name}", ctx.now)
    pending = await ctx.storage.pending_actions(ctx.name)
    open_reports = await ctx.storage.open_user_reports(ctx.name)
    seq, digest = await ctx.storage.chain_head()
    lines = [
        f"Vigie in {ctx.name} ({community.platform}), reports to {community.mod_channel}",
        f"Rules: {states.count('on')} on, {states.count('dry run')} dry run, "
        f"{states.count('off')} off",
        f"Raid level: {int(level) if level else 0}",
        f"Open user reports: {len(open_reports)}",
        f"Platform actions waiting for a retry: {len(pending)}",
        f"Evidence chain: {seq} record(s), head {digest[:12]}",
    ]
    return Reply(text="\n".join(lines))


HANDLERS: dict[str, Handler] = {
    "lockdown": lockdown,
    "unlock": lockdown,
    "slowmode": slowmode,
    "raid": raid,
    "rules": rules,
    "reload": reload,
    "status": status,
}
