"""The scam pack on extortion with any leverage and on guaranteed-return trading courses.

Each class has firing sentences and false-positive twins, in French and English, written
for these tests.
"""

import pytest

from tests.support.packchat import pack_chat


@pytest.fixture
def chat(registry, library):
    return pack_chat("scam", registry, library)


# (text, fires?) per class.
# Extortion: the leverage is not always a photo (an IP, a follower list, saved pictures).
LEVERAGE = [
    ("i've got your ip and every pic you sent, 200 in btc or everyone will know", True),
    ("j'ai ton ip, tu paies 100€ ou tout le monde saura, t'as 24h", True),
    ("j'ai la liste de tes abonnés, tu paies ou tout le monde le saura ce soir", True),
    ("i saved every pic you sent from the trip, they came out great!", False),
    ("j'ai ton ip dans les logs du serveur minecraft, ton ping est nul", False),
    ("tout le monde saura le résultat du match demain", False),
]
# Trading courses that promise winning trades or a refund of losses, or a partner broker.
COURSES = [
    ("92% winning trades with my course, i refund you if you lose, dm me", True),
    ("mes élèves gagnent 3000€ par mois, dépose 200€ chez mon broker partenaire", True),
    ("92% de trades gagnants garantis, je te rembourse si tu perds, formation à 497€", True),
    ("my broker says rates are going down, good time to remortgage", False),
    ("j'ai eu 92% de réussite au code, trop content", False),
    ("my students make great progress in maths every term", False),
]


@pytest.mark.parametrize(("text", "fires"), LEVERAGE + COURSES)
async def test_scam_fires_on_extortion_and_fake_courses(chat, text, fires):
    match = await chat.say(text)
    assert (match is not None and str(match.category) == "scam") is fires, text
