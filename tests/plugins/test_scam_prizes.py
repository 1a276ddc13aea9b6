"""The scam pack fires on a prize the reader is told they won, not on a winner announced.

The sentences are written for these tests, not taken from any corpus.
"""

from functools import partial

import pytest

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
]


@pytest.mark.parametrize(("text", "fires"), CASES)
async def test_a_prize_won_with_a_claim_fires_and_an_announced_winner_does_not(
    scam_lines, text, fires
):
    assert await _fires(scam_lines, text) is fires, text
