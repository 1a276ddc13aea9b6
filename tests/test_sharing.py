"""Communities that write the same rules share them, and still count apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from bot.actions import Ban
from bot.app import build_engine, build_services
from bot.config import Config, ConfigError, load_config_text
from bot.engine import Engine
from bot.events import MessageCreated
from bot.moderation.switches import with_switches
from bot.registry import Registry
from bot.sharing import content_key
from bot.state import MemoryState
from tests.support.messages import make_message

T0 = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)

FLOOD = """\
      flood:
        triggers: [{burst: {count: 3, within: 10s}}]
        actions: [delete]
"""
WORDS = """\
      words:
        triggers: [{words: {terms: [interdit], category: spam}}]
        actions: [delete, report]
        cooldown: 1h
"""
INSULTS = """\
      insults:
        triggers: [{words: {terms: [abruti], category: hate_harassment}}]
        actions: [delete]
        escalate:
          - {after: 2, within: 1d, then: [ban]}
"""
RULES = "    rules:\n" + FLOOD + WORDS + INSULTS


def community(name: str, rules: str = RULES, extra: str = "") -> str:
    return (
        f"  {name}:\n"
        "    platform: matrix\n"
        f'    rooms: ["#{name}-*"]\n'
        f'    mod_channel: "#{name}-mods"\n'
        "    moderators: {power_level: 50}\n" + extra + rules
    )


def load(registry: Registry, *parts: str) -> Config:
    return load_config_text("communities:\n" + "".join(parts), registry, file="s.yaml", env={})


def engine_of(registry: Registry, config: Config) -> Engine:
    return build_engine(config, registry, build_services(config, state=MemoryState()))


def message(
    name: str, text: str, seconds: float, member: str = "u1", room: str = ""
) -> MessageCreated:
    return make_message(
        text,
        community=name,
        room=room or f"#{name}-general",
        ts=T0 + timedelta(seconds=seconds),
        member=member,
        message_id=f"{name}-{seconds}-{member}",
    )


async def fired(engine: Engine, event: MessageCreated) -> list[str]:
    plan = await engine.handle(event)
    return [hit.rule for hit in plan.hits]


def test_identical_rules_are_validated_and_compiled_once(registry: Registry) -> None:
    config = load(registry, community("a"), community("b"))
    a, b = config.communities["a"], config.communities["b"]
    assert a.rules is b.rules
    assert len(config.shared) == 3
    engine = engine_of(registry, config)
    assert engine.ruleset("a") is engine.ruleset("b")


def test_a_different_rule_is_not_shared_but_the_others_are(registry: Registry) -> None:
    other = RULES.replace("count: 3", "count: 4")
    config = load(registry, community("a"), community("b", other))
    a, b = config.communities["a"].rules, config.communities["b"].rules
    assert a["flood"] is not b["flood"]
    assert a["flood"].triggers != b["flood"].triggers
    assert a["words"] is b["words"]
    assert a["insults"] is b["insults"]
    engine = engine_of(registry, config)
    assert engine.ruleset("a") is not engine.ruleset("b")


def test_rules_in_another_order_share_rules_but_not_their_order(registry: Registry) -> None:
    # The order rules are written in is the order they run in.
    reordered = "    rules:\n" + WORDS + INSULTS + FLOOD
    config = load(registry, community("a"), community("b", reordered))
    a, b = config.communities["a"].rules, config.communities["b"].rules
    assert all(a[name] is b[name] for name in a)
    engine = engine_of(registry, config)
    assert [r.name for r in engine.ruleset("a").rules] == ["flood", "words", "insults"]
    assert [r.name for r in engine.ruleset("b").rules] == ["words", "insults", "flood"]


async def test_windows_of_shared_rules_stay_per_community(registry: Registry) -> None:
    config = load(registry, community("a"), community("b"))
    engine = engine_of(registry, config)
    assert engine.ruleset("a") is engine.ruleset("b")
    # Two messages in each community from the same member id at the same times: four in
    # all, but no community saw three, so the shared burst rule must not fire.
    for second in (0, 1):
        assert await fired(engine, message("a", "salut", second)) == []
        assert await fired(engine, message("b", "salut", second)) == []
    assert await fired(engine, message("a", "salut", 2)) == ["flood"]
    assert await fired(engine, message("b", "encore", 9)) == ["flood"]


async def test_cooldowns_and_escalations_of_shared_rules_stay_per_community(
    registry: Registry,
) -> None:
    config = load(registry, community("a"), community("b"))
    engine = engine_of(registry, config)
    assert await fired(engine, message("a", "c'est interdit", 0)) == ["words"]
    # The cooldown of "words" holds in a, not in b.
    assert await fired(engine, message("a", "toujours interdit", 60)) == []
    assert await fired(engine, message("b", "c'est interdit", 61)) == ["words"]
    # The second insult in a escalates to a ban; the first in b does not.
    plan = await engine.handle(message("a", "abruti", 100))
    assert not any(isinstance(action, Ban) for hit in plan.hits for action in hit.actions)
    plan = await engine.handle(message("b", "abruti", 200))
    assert not any(isinstance(action, Ban) for hit in plan.hits for action in hit.actions)
    plan = await engine.handle(message("a", "abruti", 300))
    assert any(isinstance(action, Ban) for hit in plan.hits for action in hit.actions)


async def test_overrides_of_one_community_do_not_reach_another(registry: Registry) -> None:
    override = (
        "    overrides:\n"
        '      - rooms: ["#a-annonces"]\n'
        "        rules:\n"
        "          words: {enabled: false}\n"
    )
    config = load(registry, community("a", extra=override), community("b"))
    engine = engine_of(registry, config)
    assert engine.ruleset("a") is engine.ruleset("b")
    quiet = message("a", "c'est interdit", 0, room="#a-annonces")
    assert await fired(engine, quiet) == []
    loud = message("b", "c'est interdit", 0, room="#a-annonces")
    assert await fired(engine, loud) == ["words"]
    # The override's merged rules reuse the rules it does not touch.
    merged = config.effective_rules("a", (0,))
    assert merged["flood"] is config.communities["b"].rules["flood"]
    assert merged["words"].enabled is False
    assert config.communities["b"].rules["words"].enabled is True


async def test_a_switch_in_one_community_leaves_the_shared_rule_alone(
    registry: Registry,
) -> None:
    config = load(registry, community("a"), community("b"))
    switched = with_switches(config, {"a": {"words": {"enabled": False}}})
    assert switched.communities["a"].rules["words"].enabled is False
    assert switched.communities["b"].rules["words"].enabled is True
    assert config.communities["a"].rules["words"].enabled is True
    assert switched.raw_rules["a"]["words"]["enabled"] is False
    assert "enabled" not in switched.raw_rules["b"]["words"]
    engine = engine_of(registry, switched)
    assert await fired(engine, message("a", "c'est interdit", 0)) == []
    assert await fired(engine, message("b", "c'est interdit", 0)) == ["words"]


def test_shared_rules_cannot_be_changed_in_place(registry: Registry) -> None:
    config = load(registry, community("a"), community("b"))
    with pytest.raises(ValidationError, match="frozen"):
        config.communities["a"].rules["words"].enabled = False


def test_the_same_mistake_in_two_communities_is_reported_at_each_line(
    registry: Registry,
) -> None:
    broken = RULES.replace("count: 3", "count: many")
    with pytest.raises(ConfigError) as caught:
        load(registry, community("a", broken), community("b", broken))
    problems = caught.value.problems
    assert [p.path for p in problems] == [
        "communities.a.rules.flood.triggers.0.burst.count",
        "communities.b.rules.flood.triggers.0.burst.count",
    ]
    lines = [p.line for p in problems]
    assert lines[0] is not None
    assert lines[1] is not None
    assert lines[1] > lines[0]
    text = "communities:\n" + community("a", broken) + community("b", broken)
    numbered = text.splitlines()
    assert all("count: many" in numbered[line - 1] for line in lines if line)


def test_rules_shared_through_a_yaml_anchor_are_shared(registry: Registry) -> None:
    text = (
        "communities:\n"
        + community("a").replace("    rules:\n", "    rules: &rules\n")
        + community("b", "    rules: *rules\n")
    )
    config = load_config_text(text, registry, file="s.yaml", env={})
    assert config.communities["a"].rules is config.communities["b"].rules


def test_content_keys_tell_types_and_order_apart() -> None:
    assert content_key({"a": 1}) != content_key({"a": True})
    assert content_key({"a": 1}) != content_key({"a": 1.0})
    assert content_key({"a": 1}) != content_key({"a": "1"})
    assert content_key({"a": 1, "b": 2}) != content_key({"b": 2, "a": 1})
    assert content_key({"a": [1, 2]}) == content_key({"a": [1, 2]})
