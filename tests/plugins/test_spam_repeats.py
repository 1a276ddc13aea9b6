"""One word, emoji or character typed over and over in one message: the repeats trigger."""

import pytest
from pydantic import ValidationError

from plugins.spam.repeats import Repeats, RepeatsOptions, longest_run
from tests.support.messages import context_of, make_message


async def _match(text: str, count: int = 8, held: int | None = 20):
    ctx = context_of(make_message(text))
    trigger = Repeats(RepeatsOptions(count=count, held=held))
    if trigger.cannot_match(ctx):
        return None
    return await trigger.match(ctx)


# (text, fires?) with the default count of 8: each flood has a twin of ordinary emphasis.
RUNS = [
    ("lol lol lol lol lol lol lol lol lol lol", True),
    ("lol lol lol t'es trop drôle", False),
    ("nul nul nul nul nul nul nul nul nul nul nul nul", True),
    ("non non non, pas ce soir", False),
    ("💩💩💩💩💩💩💩💩💩💩", True),
    ("😂😂😂😂 trop drôle", False),
    ("CASH 💵💵💵💵💵💵💵💵💵💵💵", True),
    ("merci 💵 pour le remboursement 💵", False),
    ("go, GO, go, Go, go, go, go, go", True),
    ("go go go go on y va", False),
    ("👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽", True),
    ("👍🏽👍🏿👍🏽👍🏿👍🏽👍🏿👍🏽👍🏿", False),
    # Spelled-out letters are evasion, not a flood.
    ("s é r i e u s e m e n t  p e r s o n n e", False),
    # Eight times the word, but not in a row.
    ("the end is the end is the end is the end is the end is the end is the end is the end", False),
]


@pytest.mark.parametrize(("text", "fires"), RUNS)
async def test_repeats_fires_on_a_run_of_one_token(text, fires):
    match = await _match(text)
    assert (match is not None) is fires, text
    if match is not None:
        assert str(match.category) == "spam"
        assert match.signals == ("spam.repeats",)
        span = match.spans[0]
        assert text[span.start : span.end] == span.text


# (text, fires?) with the default of 20 for one character held down.
HELD = [
    ("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", True),
    ("on a gagné AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", True),
    ("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!", True),
    ("NOOOOOOOOOOO pas encore une défaite", False),
    ("LETS GOOOOOOOOOOOO", False),
    ("attends ????????????????????????", True),
    # Dividers in an announcement are layout, not a flood.
    ("━━━━━━━━━━━━━━━━━━━━━━━━ RÈGLES ━━━━━━━━━━━━━━━━━━━━━━━━", False),
    ("------------------------------\nTournoi samedi 14h\n------------------------------", False),
    ("attends.................... quoi ?", False),
    ("attends... quoi ?!!", False),
    # Spaces between the letters are not one character held down.
    ("a a a a a a a a a a a a a a a a a a a a a a a a", False),
]


@pytest.mark.parametrize(("text", "fires"), HELD)
async def test_repeats_fires_on_one_character_held_down(text, fires):
    match = await _match(text)
    assert (match is not None) is fires, text
    if match is not None:
        assert "held down" in match.summary
        span = match.spans[0]
        assert set(span.text) == {text[span.start]}
        assert span.end - span.start >= 20


async def test_held_down_characters_can_be_left_alone():
    assert await _match("A" * 50, held=None) is None
    assert await _match("A" * 50, held=60) is None
    assert await _match("A" * 50, held=50) is not None


async def test_repeats_count_is_configurable():
    assert await _match("haha haha haha haha", count=4) is not None
    assert await _match("haha haha haha haha", count=5) is None


def test_longest_run_reads_emoji_variants_and_case_as_one_token():
    run = longest_run("❤️❤❤️❤ Pd pd PD")
    assert run is not None
    assert (run.token, run.count) == ("❤", 4)
    assert longest_run("") is None
    assert longest_run("! ? .") is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "! ? .",
        "❤️❤❤️❤ Pd pd PD",
        "lol\ufe0flol lol",
        "🔥🔥🔥🔥🔥🔥🔥🔥🔥 ok",
        "LOL lol Lol lOl, then lol lol",
        "s p a c e d s p a c e d",
        "<:pepe:123456789012345678> <:pepe:123456789012345678> hi hi",
        "ça ÇA ça va va",
    ],
)
@pytest.mark.parametrize("at_least", [1, 2, 3, 4, 5])
def test_longest_run_at_least_keeps_only_a_run_that_long(text: str, at_least: int):
    # With a count to reach, a quick count decides first whether to locate the run: both
    # readings of the tokens must agree.
    run = longest_run(text)
    expected = run if run is not None and run.count >= at_least else None
    assert longest_run(text, at_least) == expected


def test_repeats_options_shorthand_and_bounds():
    assert RepeatsOptions.model_validate(5).count == 5
    with pytest.raises(ValidationError):
        RepeatsOptions(count=1)
