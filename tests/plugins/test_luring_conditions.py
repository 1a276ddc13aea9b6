"""The luring pack on the conditions that isolate a target, each class with its twins.

Parents kept out of a pick-up, friends forbidden, a quiet spot at night, the accomplices'
kit, and words of safety said in the negative ("not comfortable in public"). The sentences
are written for these tests, not taken from any corpus.
"""

from datetime import timedelta
from functools import partial

import pytest

from tests.support.packchat import fires_as, pack_chat


@pytest.fixture
def fresh(registry, library):
    return pack_chat("luring", registry, library, step=timedelta(hours=3), fresh_members=True)


@pytest.fixture
def chat(registry, library):
    return pack_chat("luring", registry, library)


_fires = partial(fires_as, "luring")


CLASSES = [
    # A pick-up the parents are kept out of, or told a cover story about.
    ("je peux passer te prendre vendredi, ta mère a pas besoin de savoir", True),
    ("i can swing by and pick you up, your parents don't need to be there", True),
    (
        "si tu viens samedi je te ramène en voiture, dis à ton père que c'est Marc qui t'emmène",
        True,
    ),
    ("je peux passer te prendre vendredi, ta mère m'a dit que c'était ok", False),
    ("dis à ta mère que je la remercie pour le gâteau, je te ramène en voiture après", False),
    ("t'habites où ? je peux passer te chercher pour le match samedi", False),
    # Friends forbidden, said as a condition.
    ("ce soir 23h au lac, pas de copains, juste toi", True),
    ("si tu ramènes quelqu'un c'est fini, je veux que toi, derrière le stade à 23h", True),
    ("ce soir 23h au lac, ramène tes potes on fait un feu", False),
    # A quiet spot named as the reason to meet there, at night.
    ("meet me at the trailhead tonight, it's really quiet up there", True),
    ("meet me at the park tonight, it's really quiet up there, bring your friends", False),
    # The accomplices get their kit and leave their phones.
    ("prenez des cagoules et laissez vos tel chez vous, il arrive seul à 22h", True),
    ("pour le ski prenez des cagoules, il fait -10 là-haut", False),
    # Safety words said in the negative are the lurer's, not advice.
    ("i'm not comfortable in public, just you, and don't share your location with anyone", True),
    ("meet in public and share your location with a friend, always", False),
    # The same conditions said to several people at once ("venez seules", "je vous récupère").
    ("rendez-vous samedi soir au bord de l'étang, venez seules, y'a pas de réseau là-bas", True),
    ("je vous récupère au rond-point à 23h, dites à personne où vous allez", True),
    ("je vous récupère au rond-point à 18h, prévenez vos parents", False),
    ("soirée samedi au bord de l'étang, venez avec vos copines, y'a de la place", False),
    # A fake girl's profile, written with "me faisant passer pour", sets a date for someone.
    ("je lui parle en me faisant passer pour une fille, rdv jeudi au skatepark 20h", True),
    ("en me faisant passer pour une fille dans la pièce j'ai eu le rôle, répète jeudi 20h", False),
    # Orders passed to the target through a go-between, at an isolated place.
    ("tell her to bring the tablet, we meet her behind the old mill after dark", True),
    ("tell her to bring the tablet, we meet at the library after school", False),
    # Several waiting in a car for one who does not know it.
    ("we'll be 3 at the quarry at 11pm, waiting in the car, he won't know what hit him", True),
    ("we'll be 3 at the cinema, waiting in the car for the rain to stop", False),
    # Cameras that do not work, where a meeting is set at night.
    ("rdv au parking du lac à minuit, les caméras sont cassées là-bas", True),
    ("les caméras sont cassées au parking du lac, la mairie les répare lundi", False),
    # A fake account opened to draw someone to a place at night.
    ("j'ai fait un faux tinder, il croit qu'il a rdv avec une fille au bord du canal à 23h", True),
    ("j'ai fait un faux tinder pour rigoler, mon profil c'est mon chat 😂", False),
    ("made a fake snap with a girl's pics, told him to come to the quarry at 11pm", True),
    ("my fake snap is for memes only lol, the quarry hike is at 11am", False),
    # No adult along, said of a visit to the author's own place.
    ("viens chez moi samedi pour la séance, pas besoin que tes parents viennent", True),
    ("come to my place on sunday for the lesson, no need for your parents to come", True),
    ("la sortie au musée vendredi, pas besoin que les parents viennent, le car part à 8h", False),
    ("come to my place on sunday for the lesson, your parents are welcome to stay", False),
    # "Sans accompagnateur" with a verb in another form than the order ("que tu viennes").
    ("je préfère que tu viennes sans accompagnateur ce soir à l'entrepôt", True),
    ("tu peux venir avec un accompagnateur ce soir à l'entrepôt, c'est mieux", False),
    # Someone who warns the target's parents is the defence.
    ("ses parents sont prévenus, personne ne va au terrain vague ce soir", False),
    # Seeing each other alone or for real, and nobody needing to know, the "ne" dropped.
    ("on pourrait se voir seuls samedi, personne a besoin de savoir", True),
    ("on peut se voir en vrai samedi ? pas besoin que tes parents le sachent", True),
    ("on pourrait se voir en vrai au tournoi samedi, tout le club sera là", False),
    ("personne a besoin de savoir que j'ai raté mon code 😂", False),
]


@pytest.mark.parametrize(("text", "fires"), CLASSES)
async def test_conditions_that_isolate_and_their_twins(fresh, text, fires):
    assert await _fires(fresh, text) is fires, text


async def test_a_moderator_warning_naming_the_spot_is_not_a_lure(fresh):
    text = (
        "Captures envoyées à la police, le compte est banni. Si quelqu'un a rdv ce soir "
        "derrière le gymnase : n'y allez pas."
    )
    assert not await _fires(fresh, text)


async def test_a_gang_waiting_for_a_baited_man_is_a_set_up(fresh):
    assert await _fires(
        fresh,
        "we got one, he thinks he's meeting a girl at the rec ground at 11pm, "
        "we'll be waiting with the camera",
    )
    assert not await _fires(fresh, "we'll be waiting for you at the restaurant, table by the trees")


async def test_the_kit_follows_the_plan_from_the_same_author(chat):
    assert await _fires(chat, "dis-lui de venir seul derrière le gymnase à 22h", user="a", room="r")
    kit = "ramenez des cagoules et laissez vos tel chez vous"
    assert await _fires(chat, kit, user="a", room="r")
