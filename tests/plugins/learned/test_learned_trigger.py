import logging

import pytest

from bot.app import build_services
from bot.categories import Category, Severity
from bot.config import ConfigError, load_config_text
from bot.rules import Related
from plugins.learned.trigger import Learned, LearnedOptions, Unlikely, UnlikelyOptions
from tests.support.learned import learned_config
from tests.support.messages import context_of, make_message


def config(examples, cache, threshold=0.5):
    return learned_config(
        examples,
        cache,
        f"""
learned-scam:
  triggers: [{{learned: {{category: scam, threshold: {threshold}}}}}]
  actions: [report]
learned-drugs:
  triggers: [{{learned: drugs}}]
  actions: [report]
""",
    )


async def test_a_close_message_is_reported_with_its_reasons(testbot, examples, tmp_path):
    bot = await testbot(config(examples, tmp_path / "cache"))
    plan, _ = await bot.say("envoie 100 euros en bitcoin et recois le double, garanti")
    (hit,) = plan.hits
    assert hit.rule == "learned-scam"
    assert hit.match.category is Category.SCAM
    assert hit.match.severity is Severity.LOW
    assert hit.match.summary.startswith("learned: looks like scam at 0.")
    assert "learned.scam" in hit.match.signals
    assert any(s.startswith("learned.word:") for s in hit.match.signals)
    assert bot.pop_kinds() == ["report"]


async def test_ordinary_and_short_messages_pass(testbot, examples, tmp_path):
    bot = await testbot(config(examples, tmp_path / "cache"))
    for text in ["on se retrouve au cinema samedi soir ?", "btc x2", "ok"]:
        plan, _ = await bot.say(text)
        assert not plan.hits, text


async def test_the_threshold_is_per_rule(testbot, examples, tmp_path):
    bot = await testbot(config(examples, tmp_path / "cache", threshold=0.99))
    plan, _ = await bot.say("envoie 100 euros en bitcoin et recois le double, garanti")
    assert not plan.hits


async def test_every_rule_shares_one_model(testbot, examples, tmp_path, caplog):
    # No cache can be written there, so a rule that did not share would train again.
    blocker = tmp_path / "file"
    blocker.write_text("")
    with caplog.at_level(logging.INFO):
        bot = await testbot(config(examples, blocker / "cache"))
    plan, _ = await bot.say("weed dispo, livraison ce soir sur paris, dm")
    assert [h.rule for h in plan.hits] == ["learned-drugs"]
    assert caplog.text.count("training the learned signal") == 1


async def test_a_bad_threshold_names_the_key(testbot, examples, tmp_path):
    with pytest.raises(ConfigError, match="threshold"):
        await testbot(config(examples, tmp_path / "cache", threshold=1.5))


def doubting(examples, cache, below=0.3):
    return learned_config(
        examples,
        cache,
        f"""
crypto-words:
  category: scam
  triggers: [{{words: [bitcoin]}}]
  unless: [{{unlikely: {{category: scam, below: {below}}}}}]
  actions: [report]
""",
    )


async def test_a_rule_is_held_back_when_the_model_doubts_it(testbot, examples, tmp_path):
    bot = await testbot(doubting(examples, tmp_path / "cache"))
    plan, _ = await bot.say("mon noeud bitcoin est synchro, on se voit au match de foot samedi")
    assert not plan.hits
    assert bot.pop_kinds() == []
    (held,) = plan.held
    assert held.held_by is not None
    assert held.held_by.summary.startswith("learned: scam unlikely at 0.")
    plan, _ = await bot.say("envoie 100 euros en bitcoin et recois le double, garanti")
    assert [h.rule for h in plan.hits] == ["crypto-words"]
    assert bot.pop_kinds() == ["report"]


CHATTER = (
    "salut tout le monde, ca va ? quelqu'un a vu le match hier soir ? je cherche une bonne "
    "recette de gateau au chocolat, the train was late again this morning, my cat knocked "
    "the plant over again, good morning everyone, have a nice day, merci pour ton aide. "
)


async def test_chatter_around_a_match_does_not_dilute_the_doubt(testbot, examples, tmp_path):
    bot = await testbot(doubting(examples, tmp_path / "cache"))
    # Padding a scam with chatter makes the whole message unlikely; the words around the
    # match, read alone, are not, so the match stands.
    plan, _ = await bot.say(CHATTER * 2 + "envoie 100 euros en bitcoin et recois le double")
    assert [h.rule for h in plan.hits] == ["crypto-words"]
    # The same chatter around an innocent use is doubted as before.
    plan, _ = await bot.say(CHATTER * 2 + "mon noeud bitcoin est synchro, on se voit au match")
    assert not plan.hits
    assert plan.held


def sparing(examples, cache):
    return learned_config(
        examples,
        cache,
        """
crypto-words:
  category: scam
  triggers: [{words: [bitcoin, noeud]}]
  unless: [{unlikely: {category: scam, below: 0.3, spare: [word:bitcoin+word:noeud]}}]
  actions: [report]
""",
    )


async def test_a_spared_match_is_never_held_back(testbot, examples, tmp_path):
    bot = await testbot(sparing(examples, tmp_path / "cache"))
    # Both signals of the spared entry: the doubt does not apply.
    plan, _ = await bot.say("mon noeud bitcoin est synchro, on se voit au match de foot samedi")
    assert [h.rule for h in plan.hits] == ["crypto-words"]
    assert not plan.held
    # One of them only: the doubt holds the match back as before.
    plan, _ = await bot.say("mon bitcoin est synchro, on se voit au match de foot samedi")
    assert not plan.hits
    (held,) = plan.held
    assert held.held_by is not None


async def test_a_message_too_short_to_judge_is_never_doubted(testbot, examples, tmp_path):
    bot = await testbot(doubting(examples, tmp_path / "cache", below=0.99))
    plan, _ = await bot.say("bitcoin ?")
    assert [h.rule for h in plan.hits] == ["crypto-words"]
    plan, _ = await bot.say("bitcoin, on se voit au match de foot samedi")
    assert not plan.hits


async def test_an_earlier_message_is_doubted_read_alone(registry, examples, tmp_path):
    config = load_config_text(doubting(examples, tmp_path / "cache"), registry, file="t.yaml")
    unlikely = Unlikely(UnlikelyOptions(category=Category.SCAM, below=0.3), build_services(config))
    ctx = context_of(make_message("envoie 100 euros en bitcoin et recois le double, garanti"))
    opener = Related("m0", Category.SCAM, "on se voit au match de foot samedi ?")
    doubt = await unlikely.doubts(ctx, opener)
    assert doubt is not None
    assert doubt.summary.startswith("learned: scam unlikely at 0.")
    # The message itself is not doubted: only the excerpt is read, and on its own.
    assert (
        await unlikely.doubts(ctx, Related("m0", Category.SCAM, "envoie 100 euros en bitcoin"))
        is None
    )
    assert await unlikely.doubts(ctx, Related("m0", Category.SCAM, "ok ?")) is None


async def test_describe_gives_the_probability_of_the_text_alone_and_the_bar(
    registry, examples, tmp_path
):
    built = load_config_text(config(examples, tmp_path / "cache"), registry, file="t.yaml")
    learned = Learned(LearnedOptions(category=Category.SCAM, threshold=0.9), build_services(built))
    (line,) = await learned.describe(context_of(make_message("on se voit au cinema samedi ?")))
    assert line.startswith("learned scam at 0.")
    assert line.endswith(", fires from 0.90")
    (short,) = await learned.describe(context_of(make_message("ok")))
    assert short == "learned scam: under 8 letters, not judged"
