"""A trigger's `cannot_match` may only say so when `match` would find nothing."""

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from bench.throughput import events
from bot.context import Context
from bot.events import Attachment, MessageCreated
from bot.registry import Registry
from bot.rules import Match
from tests.support.bundled import bundled


def _watch(trigger: Any, said: set[int], wrong: list[str], judged: Counter[str]) -> None:
    """Make the engine run `match` always, and note when `cannot_match` was wrong."""
    quick: Callable[[Context], bool] = trigger.cannot_match
    match: Callable[[Context], Awaitable[Match | None]] = trigger.match
    name = type(trigger).__name__

    def cannot_match(ctx: Context) -> bool:
        if quick(ctx):
            said.add(id(ctx))
        return False

    async def checked(ctx: Context) -> Match | None:
        found = await match(ctx)
        if id(ctx) in said:
            said.discard(id(ctx))
            judged[name] += 1
            if found is not None:
                wrong.append(f"{name}: {found.summary}")
        return found

    trigger.cannot_match = cannot_match
    trigger.match = checked


async def test_cannot_match_never_hides_a_match(registry: Registry) -> None:
    # An engine of its own: its triggers are wrapped below.
    found = bundled(registry)
    engine, community = found.engine, found.community
    said: set[int] = set()
    wrong: list[str] = []
    judged: Counter[str] = Counter()
    seen: set[int] = set()
    for rule in engine.ruleset(community).rules:
        for trigger in rule.triggers:
            if hasattr(trigger, "cannot_match") and id(trigger) not in seen:
                seen.add(id(trigger))
                _watch(trigger, said, wrong, judged)
    stream = list(events(1_500, 100, community))
    last = stream[-1]
    assert isinstance(last, MessageCreated)
    crafted: list[dict[str, Any]] = [
        {"text": "ARRETEZ DE SPAMMER CE SALON TOUT LE MONDE EN A MARRE"},
        {"text": "Z" + "\u0335\u0301\u0302\u0303\u0304" + "algo" + "\u0301\u0302" * 6},
        {"text": "hey", "mentions": ("a", "b", "c", "d", "e", "f")},
        {"text": "hey", "role_mentions": ("admins",)},
        {"text": "look", "attachments": (Attachment(filename="setup.exe"),)},
    ]
    for n, fields in enumerate(crafted):
        stream.append(replace(last, message_id=f"crafted-{n}", **fields))
    fired = 0
    for event in stream:
        plan = await engine.handle(event)
        crafted_one = getattr(event, "message_id", "").startswith("crafted-")
        fired += crafted_one and bool(plan.hits or plan.dry_hits)
    assert fired == len(crafted)
    assert not wrong
    # Every kind of trigger that offers the shortcut took it on some event.
    for name in (
        "PackTrigger",
        "MinorsPackTrigger",
        "Caps",
        "Zalgo",
        "Mentions",
        "Attachments",
        "Learned",
    ):
        assert judged[name] > 0, name
