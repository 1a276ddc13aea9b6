"""A pack's counter-evidence must never fit the mouth of the one it is about.

A group in a combination's `unless` cancels every match around it, so each word of it that
an offender would say is an evasion. Each row is what the offender writes (it must fire)
or a warning in the same words (it must not). Written for these tests, not taken from any
corpus.
"""

from datetime import timedelta

import pytest

from tests.support.packchat import fires_as, pack_chat

ROWS = [
    # Sexual services: an ad reassures, comes back after a ban, dodges the moderators.
    (
        "sexual_services",
        "massage et plus si affinités, 100 la demi-heure, sms, pas d'arnaque",
        True,
    ),
    (
        "sexual_services",
        "ils m'ont ban, je reviens : massage et plus si affinités, 100 la demi-heure, sms",
        True,
    ),
    (
        "sexual_services",
        "massage et plus si affinités, 100 la demi-heure, sms, les modos suppriment tout ici",
        True,
    ),
    ("sexual_services", "got banned, im back: full service incall, 150 an hour, text me", True),
    (
        "sexual_services",
        "full service incall, 150 an hour, text me, mods delete everything here",
        True,
    ),
    ("sexual_services", "nothing sus, full service incall, 150 an hour, text me", True),
    ("sexual_services", "c'est une arnaque ce massage à 100 la demi-heure, je signale", False),
    ("sexual_services", "ce compte d'escort est louche, les modos vous pouvez regarder ?", False),
    ("sexual_services", "that 150 an hour incall ad is sketchy, reported it to the mods", False),
    # Drugs: a seller vouching for their own stock speaks of fakes too.
    ("drugs", "watch out for fakes, my carts are legit: carts $30 each, dm me", True),
    ("drugs", "méfiez vous des fakes, mes carts sont clean : carts 30€ pièce, en mp", True),
    ("drugs", "watch out, that guy selling carts for $30 is a scammer, reported", False),
    ("drugs", "méfiez vous de ce vendeur de carts à 30€, c'est une arnaque, je signale", False),
    # Luring: the one setting the trap denies a red flag; someone seeing through it names one.
    (
        "luring",
        "c'est pas un red flag promis 😂 viens seule au parking derrière le stade à 23h",
        True,
    ),
    (
        "luring",
        "it's not a red flag lol, come alone to the car park behind the stadium at 11pm",
        True,
    ),
    ("luring", "red flag : il veut qu'elle vienne seule au parking derrière le stade à 23h", False),
    ("luring", "red flag, he wants her alone at the car park behind the stadium at 11pm", False),
    # Scam: "heads up" and "PSA" open a giveaway as often as a warning, which also says
    # what to avoid ("don't click", "fake", "scam").
    ("scam", "heads up, free nitro for everyone, claim it here: discord-gift.example.com", True),
    ("scam", "PSA: free nitro for everyone today, claim it here: discord-gift.example.com", True),
    ("scam", "heads up, the free nitro links going round are fake, don't click them", False),
    ("scam", "PSA: discord-gift.example.com is a scam, don't log in there", False),
]


@pytest.mark.parametrize(("pack", "text", "fires"), ROWS)
async def test_an_offenders_words_fire_and_a_warning_in_them_does_not(
    registry, library, pack, text, fires
):
    chat = pack_chat(pack, registry, library, step=timedelta(hours=3), fresh_members=True)
    assert await fires_as(pack, chat, text) == fires, text
