"""The spam pack on promo codes, bought audiences and private-message sellers.

A code to type in (DISCORD30, PROMO50) beside a discount, a gift, a price or a link is
someone selling; a wifi password or a booking reference is not. "Real followers", "grow
your channel" and guaranteed subscribers sell an audience; a band's real fans do not. A
service offered "contactez-moi en privé" is an advert; the same words about a lift are
not. The sentences are written for these tests, not taken from any corpus.
"""

from functools import partial

import pytest

from tests.support.packchat import fires_as

_fires = partial(fires_as, "spam")

CODES = [
    ("-25% sur toute la boutique de bougies avec le code HIVER25, livraison offerte", True),
    ("my sister's bakery does 20% off this week, use code BREAD20 at the counter", True),
    ("200€ offerts à l'ouverture du compte avec mon code parrainage LUCAS200", True),
    ("free month of the app with code TRIAL30, link in my bio", True),
    ("le code wifi de la salle c'est SALLE2026, demandez à l'accueil", False),
    ("my booking code is QX7TZ2, can someone check if it shows on your end?", False),
    ("the door code changed to 4821, don't share it outside the server", False),
    ("il faut taper le code A12 à l'entrée du parking", False),
]
AUDIENCES = [
    ("I'll grow your channel to 1k subs this month, real subscribers, $30, dm me", True),
    ("real followers for your tiktok, 5k for 10$, fast delivery", True),
    ("je booste votre compte tiktok : 2000 abonnés garantis pour 15€", True),
    ("vrais abonnés, pas des bots, 1000 pour 6€, paiement paypal", True),
    ("the band's real followers know the B-sides better than the hits", False),
    ("how do you grow your channel without buying anything? I post every day and nothing", False),
    ("mes vrais abonnés sont ceux qui commentent, merci à vous ❤️", False),
]
PRIVATE_SELLERS = [
    ("je fais vos devoirs de maths, tous niveaux, contacte-moi en message privé", True),
    ("je monte à Lyon samedi, il reste deux places, contactez-moi en privé", False),
    ("j'ai fini mes devoirs de maths, quelqu'un veut réviser en vocal ?", False),
]


@pytest.mark.parametrize(("text", "fires"), CODES + AUDIENCES + PRIVATE_SELLERS)
async def test_codes_audiences_and_private_sellers_and_their_twins(spam_ads, text, fires):
    assert await _fires(spam_ads, text) is fires, text
