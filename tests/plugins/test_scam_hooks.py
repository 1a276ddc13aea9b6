"""Scam hooks: a prize already won, a romance opener, a multiple promised on a stake.

The sentences are written for these tests, not taken from any corpus.
"""

from functools import partial

import pytest

from bot.registry import Registry
from tests.support.bundled import bundled
from tests.support.messages import make_message
from tests.support.packchat import fires_as

_fires = partial(fires_as, "scam")

CASES = [
    # The reader already won, and is told how to collect: no link is needed.
    ("Félicitations, vous êtes notre 500e visiteur, cliquez pour réclamer votre iPad", True),
    (
        "Bravo tu as été tirée au sort, une Switch t'attend, réponds à ce message pour la recevoir",
        True,
    ),
    ("Congratulations, you're our 10000th visitor! tap here to claim your Galaxy S24", True),
    ("you have been chosen for a free xbox, reply to this message to get it", True),
    # A game to enter, and a winner named in public, are not.
    (
        "tirage au sort vendredi : une Switch à gagner, cliquez sur la réaction pour participer",
        False,
    ),
    ("félicitations à Inès qui remporte la PS5 du tournoi, envoie moi ton adresse en mp", False),
    ("congrats to Tom who won the xbox at the LAN, dm me your address for the delivery", False),
    ("you won the bet lol, pay up and send me the 10 bucks", False),
    # The persona's two traits and a declaration, with a move elsewhere.
    ("you look stunning in your race pics. I'm a navy officer deployed at sea, so lonely", True),
    (
        "t'es trop belle, je suis ingénieur offshore en mission au large, écris moi sur whatsapp",
        True,
    ),
    # A multiple promised on what is put in.
    ("new token live, early holders 40x already, airdrop link in bio", True),
    ("je fais x8 sur vos mises crypto avec mon bot, groupe privé sur telegram", True),
    # Twins: a compliment and a job, a game's multiplier, a trader's loss.
    ("t'es trop belle sur cette photo ! mon frère est ingénieur chez Airbus au fait", False),
    ("this boss does 5x damage, your money is better spent on the battle pass", False),
    ("j'ai perdu x3 ma mise au poker hier, plus jamais", False),
]


@pytest.mark.parametrize(("text", "fires"), CASES)
async def test_hooks_fire_and_their_twins_do_not(scam_lines, text, fires):
    assert await _fires(scam_lines, text) is fires, text


async def test_the_bundled_doubt_spares_a_romance_opener(registry: Registry):
    found = bundled(registry)
    text = (
        "you look amazing in your photos. I'm a US army surgeon deployed abroad, lonely. telegram?"
    )
    plan = await found.engine.handle(make_message(text, community=found.community))
    assert "scams" in {hit.rule for hit in plan.hits}
