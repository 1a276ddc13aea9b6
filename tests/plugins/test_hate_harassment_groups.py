"""The hate_harassment pack on groups put down whole and on threats made conditional.

Nationalities the pack's lists lacked ("Romanians are just thieves", "ces roumains c'est
tous des voleurs"), a group barred from ordinary life or reduced to a vice, a country
"envahi par des cafards", "keep talking and you'll…", "I'll put you through the window".
Each has a twin a member could write: a stereotype named to refute it, a pest in the flat,
banter about a game, a friend's warning. The sentences are written for these tests, not
taken from any corpus; they quote abuse only to check that it is caught.
"""

from datetime import timedelta
from functools import partial

import pytest

from tests.support.packchat import fires_as, pack_chat

_fires = partial(fires_as, "hate_harassment")


@pytest.fixture(scope="module")
def chat(registry):
    return pack_chat("hate_harassment", registry, step=timedelta(minutes=5), fresh_members=True)


GROUPS = [
    ("Albanians are all criminals, every last one of them", True),
    ("ces roumains c'est tous des voleurs, faut les virer", True),
    ("les polonais c'est que des gens sales, c'est dans leur nature", True),
    ("typical polish behaviour, never pay for anything", True),
    ("disabled people shouldn't be allowed to queue jump at the food bank", True),
    ("les autistes devraient pas avoir le droit de jouer en ligne", True),
    ("le quartier est envahi par des rats venus d'ailleurs, faut nettoyer", True),
    ("the stereotype that Albanians are criminals is lazy and racist", False),
    ("le cliché selon lequel les roumains sont des voleurs est raciste", False),
    ("my polish neighbour fixed my boiler for free, legend", False),
    ("notre cave est envahie par des rats, on a appelé le dératiseur", False),
    ("kids under 12 shouldn't be allowed to play this game online", False),
]
THREATS = [
    ("keep talking and I'll be waiting at your car tonight", True),
    ("say that again and you'll be picking your teeth up off the floor", True),
    ("I'll put you through the window of that chippy if I see you", True),
    ("keep it up and you'll be captain next season, proud of you", False),
    ("I'll put you through to the manager, one moment", False),
    ("one more word about the finale and I'm muting you lol, no spoilers", False),
]


@pytest.mark.parametrize(("text", "fires"), GROUPS + THREATS)
async def test_groups_and_threats_and_their_twins(chat, text, fires):
    assert await _fires(chat, text) is fires, text
