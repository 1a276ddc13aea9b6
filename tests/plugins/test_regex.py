import time

import pytest
from pydantic import ValidationError

from bot.categories import Category, Severity
from bot.config import ConfigError
from plugins.regex.trigger import Regex, RegexOptions
from tests.support.messages import context_of, make_message

WIDE = "\uff26\uff52\uff45\uff45 N1TRO"  # "Free" in fullwidth letters, "nitro" in leetspeak


async def check(options, text):
    regex = Regex(RegexOptions.model_validate(options))
    return await regex.match(context_of(make_message(text)))


async def test_normalized_by_default_sees_through_evasion():
    found = await check({"patterns": {"nitro": r"free\s*nitro"}}, f"get your {WIDE} here")
    assert found.summary == "regex: nitro"
    assert found.signals == ("regex:nitro",)
    assert [s.text for s in found.spans] == [WIDE]
    assert found.category is Category.SPAM


async def test_raw_sees_the_text_as_written():
    options = {"patterns": [r"discord\.gift/\w+"], "on": "raw"}
    found = await check(options, "cadeau: Discord.gift/AbC123 !")
    assert [s.text for s in found.spans] == ["Discord.gift/AbC123"]
    assert found.signals == (r"regex:discord\.gift/\w+",)
    assert await check({"patterns": [r"free\s*nitro"], "on": "raw"}, WIDE) is None


async def test_category_severity_and_no_match():
    options = {
        "patterns": {"price": r"\d+\s*(?:€|eur|euros?)\s*le\s*g\b"},
        "category": "drugs",
        "severity": "high",
    }
    found = await check(options, "10€ le g, dispo ce soir")
    assert (found.category, found.severity) == (Category.DRUGS, Severity.HIGH)
    assert await check(options, "10 euros le kilo de pommes") is None
    assert await check(options, "") is None


async def test_several_regexes_are_labelled_once_each():
    options = {"patterns": {"a": "spam", "b": "promo"}}
    found = await check(options, "spam promo spam")
    assert found.summary == "regex: a, b"
    assert len(found.spans) == 3


def test_shorthand_forms():
    assert RegexOptions.model_validate("abc").patterns == ["abc"]
    assert RegexOptions.model_validate(["a", "b"]).patterns == ["a", "b"]
    assert RegexOptions.model_validate({"patterns": {"x": "a"}}).on == "normalized"


@pytest.mark.parametrize(
    ("patterns", "message"),
    [
        ([], "at least 1 item"),
        (["(unclosed"], r"missing \)"),
        (["(?<=x)y"], "invalid perl operator"),  # RE2 has no lookbehind
        ([r"(a)\1"], "invalid escape"),  # nor backreferences
        ([""], "cannot be empty"),
    ],
)
def test_bad_patterns_are_refused(patterns, message):
    with pytest.raises(ValidationError, match=message):
        RegexOptions.model_validate({"patterns": patterns})


async def test_no_catastrophic_backtracking():
    started = time.perf_counter()
    assert await check({"patterns": [r"(a+)+$"], "on": "raw"}, "a" * 5000 + "!") is None
    assert time.perf_counter() - started < 0.5


CONFIG = """\
communities:
  demo:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    rules:
      scams:
        triggers:
          - regex:
              patterns:
                - free\\s*nitro
                - {bad}
              on: raw
        actions: [delete, report]
"""


def test_invalid_pattern_is_a_config_error_naming_line_and_path(make_config):
    with pytest.raises(ConfigError) as caught:
        make_config(CONFIG.format(bad="'(unclosed'"))
    message = str(caught.value)
    assert message.startswith(
        "test.yaml:12: communities.demo.rules.scams.triggers.0.regex.patterns.1: "
    )
    assert "invalid regex '(unclosed'" in message


def test_invalid_named_pattern_names_its_key(make_config):
    text = CONFIG.replace("- free\\s*nitro", "nitro: free\\s*nitro").replace(
        "- {bad}", "broken: a{{2,1}}"
    )
    with pytest.raises(ConfigError, match=r"test.yaml:12: .*\.regex\.patterns\.broken: "):
        make_config(text)


def test_unquoted_yaml_on_key_is_understood(make_config):
    # YAML 1.1 reads `on:` as the boolean true; the option still gets it.
    config = make_config(CONFIG.format(bad="promo"))
    (item,) = config.communities["demo"].rules["scams"].triggers
    assert item.regex.on == "raw"
    assert item.regex.patterns == ["free\\s*nitro", "promo"]


async def test_regex_rule_through_the_bot(testbot):
    bot = await testbot(CONFIG.format(bad=r"discord\.gift/\w+"))
    plan, _ = await bot.say("Free Nitro sur Discord.gift/xyz")
    assert [h.rule for h in plan.hits] == ["scams"]
    assert plan.hits[0].match.signals == (r"regex:free\s*nitro", r"regex:discord\.gift/\w+")
    assert bot.pop_kinds() == ["delete", "report"]
    assert not (await bot.say("bonjour"))[0].hits
