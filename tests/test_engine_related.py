"""The earlier messages a match takes into its case pass the rule's doubts too."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

import pytest

from bot.actions import Hit, Plan
from bot.app import build_engine, build_services
from bot.categories import Category
from bot.config import load_config_text
from bot.context import Context
from bot.evaluation import evaluate, predictions
from bot.events import Event, MessageCreated
from bot.moderation.evidence import evidence_of
from bot.moderation.reports import card_for
from bot.registry import Options, Registry, Services, load_plugins
from bot.rules import Match, Related
from tests.support.messages import make_message


class WordOptions(Options):
    shorthand = "word"
    word: str


class Thread:
    """Match on a word, taking every earlier message of the test as part of the case."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: WordOptions, _services: Services) -> None:
        self.word = options.word
        self.earlier: list[Related] = []

    async def match(self, ctx: Context) -> Match | None:
        event = ctx.event
        assert isinstance(event, MessageCreated)
        if self.word not in event.text:
            self.earlier.append(Related(event.message_id, Category.DRUGS, event.text))
            return None
        return Match(category=Category.DRUGS, summary="thread", related=tuple(self.earlier))


class Doubt:
    """Doubt the message, or an earlier one, when its normalized text holds a word."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: WordOptions, _services: Services) -> None:
        self.word = options.word

    async def match(self, ctx: Context) -> Match | None:
        return self._doubt(ctx.normalized.text)

    async def doubts(self, ctx: Context, related: Related) -> Match | None:
        return self._doubt(ctx.normalize(related.excerpt).text)

    def _doubt(self, text: str) -> Match | None:
        if self.word not in text:
            return None
        return Match(category=Category.DRUGS, summary=f"doubt: {self.word}")


class Blind:
    """Doubt messages holding a word, with no say on earlier ones (no `doubts`)."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: WordOptions, _services: Services) -> None:
        self.word = options.word

    async def match(self, ctx: Context) -> Match | None:
        if self.word not in ctx.normalized.text:
            return None
        return Match(category=Category.DRUGS, summary="blind")


CONFIG = """
communities:
  c:
    platform: matrix
    mod_channel: "#mods"
    rules:
      deals:
        triggers: [{thread: livraison}]
        unless: [{blind: meteo}, {doubt: neige}]
        actions: [report]
"""


#: Every message of the test is benign, the one that fires too: four flagged, not five.
LABELS: dict[str, frozenset[str]] = {f"m{n}": frozenset() for n in range(1, 6)}


@pytest.fixture
def registry() -> Registry:
    registry = load_plugins(entry_points_too=False)
    registry.add_trigger("thread", WordOptions, Thread, "Test thread.")
    registry.add_trigger("doubt", WordOptions, Doubt, "Test doubt.")
    registry.add_trigger("blind", WordOptions, Blind, "Test doubt without a say on earlier ones.")
    return registry


async def test_an_earlier_message_the_rule_doubts_is_context_not_harm(registry):
    config = load_config_text(CONFIG, registry, file="t.yaml", env={})
    engine = build_engine(config, registry, build_services(config))
    said = ["tu cherches ?", "il va tomber de la NEIGE ce soir ❄️", "la météo dit pluie", "dispo"]
    for number, text in enumerate(said, 1):
        assert not (await engine.handle(make_message(text, message_id=f"m{number}"))).hits
    plan = await engine.handle(make_message("10 le g, livraison ce soir", message_id="m5"))
    assert len(plan.hits) == 1
    # The snow is doubted, evasion and all; the weather is not: its doubter cannot judge
    # an earlier message and so never takes one out.
    assert [r.message_id for r in plan.related] == ["m1", "m3", "m4"]
    (snow,) = plan.context
    assert (snow.message_id, snow.doubt) == ("m2", "doubt: neige")
    predicted = predictions([("m5", plan)])
    assert set(predicted) == {"m1", "m3", "m4", "m5"}
    assert evaluate(predicted, LABELS).benign_flagged == 4
    # The case still shows it, and its evidence keeps it, as context only.
    card = card_for(plan, case_number=1, actions=[], history=[], pings=[])
    assert card.related[-1] == "m2 (context only, doubt: neige): " + said[1]
    assert evidence_of(plan)["context"] == [
        {"message_id": "m2", "category": "drugs", "excerpt": said[1], "doubt": "doubt: neige"}
    ]
    assert [r["message_id"] for r in evidence_of(plan)["related"]] == ["m1", "m3", "m4"]


async def test_a_doubted_message_holds_its_whole_case_back(registry):
    config = load_config_text(CONFIG, registry, file="t.yaml", env={})
    engine = build_engine(config, registry, build_services(config))
    await engine.handle(make_message("tu cherches ?", message_id="m1"))
    plan = await engine.handle(make_message("livraison malgré la neige", message_id="m2"))
    assert not plan.hits
    (held,) = plan.held
    assert held.held_by is not None
    assert held.held_by.summary == "doubt: neige"


def test_a_message_one_rule_doubts_and_another_takes_is_part_of_the_harm():
    event = make_message("10 le g, livraison ce soir", message_id="m5")
    taken = Related("m2", Category.DRUGS, "il neige")
    doubted = replace(taken, doubt="doubt: neige")
    hits = [
        Hit(rule=name, match=Match(category=Category.DRUGS, summary=name, related=(r,)), actions=())
        for name, r in (("doubting", doubted), ("taking", taken))
    ]
    for order in (hits, hits[::-1]):
        plan = Plan(event=event, hits=tuple(order))
        assert plan.related == (taken,)
        assert plan.context == ()
