"""The spam pack on an arrow pointing at a link, and on deadlines and counted stock.

"👉 shop.example" is how broadcasts point at their site; with a deadline, a gift, a price
or bought followers beside it, it is an advert. The same arrow before the room's rules or
a talk's slides is not, and "3 places left" in a car is no deadline. The sentences are
written for these tests, not taken from any corpus.
"""

from functools import partial

import pytest

from tests.support.packchat import fires_as

_fires = partial(fires_as, "spam")

POINTED = [
    ("⚡ SOLDES FLASH ⚡ dernières heures 👉 bonplans-mode.example.fr", True),
    ("new drop is live, limited stock ➡️ shop-sneakz.example.com", True),
    ("10k followers for 5$ → fastfollow.example.io, real and active", True),
    ("stock limité sur les trottinettes 👇 www.trott-discount.example.net", True),
    ("the club rules are here 👉 https://example.org/rules, read them before posting", False),
    ("slides from today's talk ➡️ https://example.org/talk.pdf, thanks for coming!", False),
    ("il reste 3 places dans la voiture pour samedi, qui vient ?", False),
    ("only 2 left in my size, so annoying, the shop restocks monday", False),
]


@pytest.mark.parametrize(("text", "fires"), POINTED)
async def test_an_arrow_at_a_link_beside_an_advert_and_its_twins(spam_ads, text, fires):
    assert await _fires(spam_ads, text) is fires, text
