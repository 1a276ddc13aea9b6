"""The spam pack on engagement bait, links sent to a bio, and paid surveys.

"Like + share and tag 3 friends to win an iPhone" buys reach with a draw; "check my bio for
the link" sends the room to a link; "sondage rémunéré, lien dans mon profil" sells a gain.
Each has a twin a member could write: a lost dog's post shared, "like and share if you
agree", a survey done in class. The sentences are written for these tests, not taken from
any corpus.
"""

from functools import partial

import pytest

from tests.support.packchat import fires_as

_fires = partial(fires_as, "spam")

ENGAGEMENT = [
    ("like + share this post and tag 3 friends to win a PS5 🎮", True),
    ("repost this and tag your mates for a chance to win 2 festival tickets 🎟️", True),
    ("like & follow to win a £50 gift card, winner picked friday", True),
    ("like + partage et identifie 3 potes pour gagner une Switch 🎁", True),
    ("abonne-toi + identifie 2 amis pour remporter une carte cadeau de 50€", True),
    ("like and share if you agree lol", False),
    ("I shared the post about the lost dog, please tag anyone near Leeds", False),
    ("tag your friends in the match photos, they came out great", False),
    ("partagez l'annonce du chien perdu svp, il a été vu près de la gare", False),
    ("identifie tes amis sur les photos du tournoi, on a gagné la coupe !", False),
    ("we could win the league if we beat them on sunday", False),
]
LINKS_AND_SURVEYS = [
    ("check my bio for the link 😉 new drop every friday", True),
    ("paid surveys, 10 min = £15, link in my profile", True),
    ("sondages rémunérés 🤑 10 minutes = 20€, lien dans mon profil", True),
    ("what should I put in my bio? mine is empty", False),
    ("on a fait un sondage en classe sur les réseaux sociaux, c'était drôle", False),
    ("is there a link for the survey the club sent? can't find it", False),
]


@pytest.mark.parametrize(("text", "fires"), ENGAGEMENT + LINKS_AND_SURVEYS)
async def test_engagement_bait_and_its_twins(spam_ads, text, fires):
    assert await _fires(spam_ads, text) is fires, text
