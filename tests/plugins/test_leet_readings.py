"""Leet "1" and "|" read both ways, through the engine: evasions caught, numbers untouched.

The normalizer reads "1" as "i" (or "l" between vowels) and "|" as "l"; the matcher also
tries the other letter where the text had one of them. The sentences are written for
these tests, not taken from the dev corpus.
"""

from datetime import timedelta

import pytest

from bot.text import normalize
from tests.support.packchat import pack_chat

PACKS = ("drugs", "sexual_services", "luring", "scam", "child_safety", "hate_harassment")

# (pack, text, the signal only the second reading finds)
EVASIONS = [
    ("drugs", "c0ca|ne dispo, 1ivraison rapide sur Lyon", "drugs.product"),
    ("drugs", "c0ca|ne dispo, 1ivraison rapide sur Lyon", "drugs.delivery"),
    ("drugs", "the p1ug has c0ca|ne, dm me", "drugs.dealer"),
    ("drugs", "the p1ug has c0ca|ne, dm me", "drugs.product"),
    (
        "sexual_services",
        "p1an cul tarifé 100€ l'heure, je reçois, snap lola.x",
        "sexual_services.service",
    ),
]


@pytest.mark.parametrize(("pack", "text", "signal"), EVASIONS)
async def test_the_other_reading_of_a_leet_one_or_bar_is_a_signal(
    registry, library, pack, text, signal
):
    match = await pack_chat(pack, registry, library).say(text)
    assert match is not None, text
    assert signal in match.signals
    assert f"{pack}.hidden" in match.signals  # the leet still counts as hiding


# Digits that are numbers, ages, times, prices or ordinals, and leet-looking words in
# everyday talk: no pack fires, and the digits stay digits for the age and price readers.
EVERYDAY = [
    "fini l'a1cool pour moi, 1er jour sans",
    "le 1er mai à 11h, rdv au parc avec les potes",
    "gg a|| good, see you at 1pm",
    "j'ai mis 1h à finir le niveau 1, trop dur",
    "vends t-shirt wh|te taille 1, 10€",
    "1ivre de maths à vendre 5€, 1ère édition",
    "on se retrouve à 14h devant le cinéma, 1 place achetée",
    "11 players on the pitch, kickoff at 1pm, tickets $15",
]


@pytest.fixture(scope="module")
def chats(registry, library):
    # A new member every three hours: each message is judged on its own.
    style = {"step": timedelta(hours=3), "fresh_members": True}
    return {pack: pack_chat(pack, registry, library, **style) for pack in PACKS}


@pytest.mark.parametrize("text", EVERYDAY)
async def test_everyday_digits_and_bars_fire_no_pack(chats, text):
    for pack, chat in chats.items():
        assert await chat.say(text) is None, (pack, text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("j'ai 13 ans", "13 ans"),
        ("im 14", "14"),
        ("le 1er mai", "1er"),
        ("rdv à 1h", "1h"),
        ("60 le g", "60"),
        ("$15 each", "15"),
        ("11h30", "11h30"),
    ],
)
def test_numbers_keep_their_digits(text, kept):
    assert kept in normalize(text).text


@pytest.mark.parametrize(("declare", "lang"), [("j'ai 13 ans", "fr"), ("im 13", "en")])
async def test_a_declared_age_is_still_read_next_to_leet(registry, library, declare, lang):
    chat = pack_chat("child_safety", registry, library)
    assert await chat.say(declare, user="kid", room="ados") is None
    secret = {
        "fr": "efface nos messages, c'est notre secret, tu v1ens quand ?",
        "en": "delete our chats, it's our secret, when are you c0ming?",
    }[lang]
    match = await chat.say(secret, user="adult", room="ados")
    assert match is not None
    assert "child_safety.at_minor" in match.signals
