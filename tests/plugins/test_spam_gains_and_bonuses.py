"""The spam pack on gains broadcast to the room, referrals, prize numbers, replicas and casinos.

Each class is one table of (text, fires?) with twins in the same words that a member could
write without advertising. The sentences are written for these tests, not taken from any
corpus.
"""

from functools import partial

import pytest

from tests.support.packchat import fires_as

_fires = partial(fires_as, "spam")


# A gain told to the room with counted places and a way in; one person's story of a gain,
# or counted places without a gain, is not a broadcast.
GAINS = [
    ("J'ai transformé 300 € en 5 000 € en un mois, plus que 4 places, écris-moi en mp", True),
    ("rendement 20 % par semaine, il reste quelques places, mp « JOIN »", True),
    ("turned $200 into $3,400 in 2 weeks, spots are limited, dm me", True),
    ("the first ones already withdrew, here's my telegram t.me/gainsclub, limited spots", True),
    ("j'ai transformé 300 € en 5 000 € en un mois grâce au trading, écris-moi", False),
    ("il reste des places pour la sortie ski, 250€ le week-end, écrivez-moi", False),
    ("I already withdrew from the course, dm me if you want my notes", False),
]
# A referral to a private contact, with counted places or a promised gain.
REFERRALS = [
    ("contact him on whatsapp +44 7700 900123, tell him Jess sent you, spots are limited", True),
    ("whatsapp au 06 39 98 12 34, dis-lui que c'est Léa qui t'envoie, places limitées", True),
    ("call the plumber on +44 7700 900123, tell him Jess sent you, he's quick", False),
]
# A prize announced with a number to call and a price or a deadline.
PRIZES = [
    ("You've been selected for a $500 gift card, call 555-0143 and pay the $3.99 fee", True),
    ("you won the raffle at the fair! call 555-0143 to collect your cake", False),
]
# Replicas and casino bonuses sold to the room.
GOODS = [
    ("cheap designer replicas, 1:1 quality, $80 shipped worldwide", True),
    ("the museum has a replica of the Eiffel tower, cheap to visit", False),
    ("🎰 casino bonus: 300% on your first deposit + 50 free spins, link in bio", True),
    ("I lost my deposit on the flat and the casino night was a bust", False),
]


@pytest.mark.parametrize(("text", "fires"), GAINS + REFERRALS + PRIZES + GOODS)
async def test_broadcast_classes_and_their_twins(spam_ads, text, fires):
    assert await _fires(spam_ads, text) is fires, text


# An e-mail address is a way to write to someone, not a link to a site to visit.
LINKS = [
    ("rejoins le serveur, tout est sur monsite.fr", True),
    ("for the tournament sign-up add me on discord or email jo.tank@example.net", False),
    ("venez chez Iron Wolves, serveur bien meilleur 🔥 d.i.s.c.o.r.d.g.g/ironwolves", True),
]


@pytest.mark.parametrize(("text", "fires"), LINKS)
async def test_links_handles_and_addresses(spam_ads, text, fires):
    assert await _fires(spam_ads, text) is fires, text
