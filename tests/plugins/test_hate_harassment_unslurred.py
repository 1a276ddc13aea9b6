"""Harassment written without a slur: contempt for an origin, rumours, gamer sexism, pile-ons.

Each class is one table of (text, fires?) in French and English: the abuse and, beside
it, a twin that uses the same words in ordinary chat. The sentences are written for these
tests, not taken from a corpus. They quote abuse only to check that it is caught.
"""

from datetime import timedelta

import pytest

from tests.support.packchat import pack_chat


@pytest.fixture(scope="module")
def chat(registry):
    return pack_chat("hate_harassment", registry, step=timedelta(minutes=5), fresh_members=True)


# Contempt for someone's origin with no slur: sent out of the country, told which language
# to speak, said to smell of their food.
XENOPHOBIC_CONTEMPT = [
    ("typical polish lad, learn english or get lost from this server", True),
    ("the romanians can take their babble to their own channel, this is an english server", True),
    ("my pakistani neighbour reeks of curry every single day 🤮", True),
    ("this is an english chat mate, speak english or piss off", True),
    ("t'as vu le nouveau ? encore un qui ramène sa culture de son bled, rentre chez toi", True),
    ("les turcs ça pue le kebab jusque dans le métro 🤢", True),
    ("parle français ou casse-toi, on est en france ici, toi et ta semoule", True),
    ("c'est dans leurs gènes chez les roumains, tous pareils", True),
    # twins
    ("my polish friend is learning english, she's doing great", False),
    ("the romanians on our team asked for their own channel, fine by me", False),
    ("the whole flat smells of curry, my indian flatmate is cooking dinner, yum", False),
    ("you can speak english or french here, we're bilingual", False),
    ("rentre chez toi et repose-toi, on termine demain", False),
    ("ma voisine turque fait un kebab maison, ça sent bon dans tout l'immeuble", False),
    ("il parle français avec un accent belge trop mignon", False),
    ("la couleur des yeux c'est génétique chez nous", False),
]

# Calls to pile on a person: ring her phone, go wild, everyone into his stream.
PILE_ON = [
    ("he blocked me. let's see how he likes his phone buzzing all night", True),
    ("someone blow up his phone till he begs lol, number's in the pins", True),
    ("on va voir si elle aime que son tel sonne toute la nuit 😈", True),
    ("faites exploser son portable les gars, elle l'a bien cherché", True),
    # twins
    ("let's see how she likes the new map", False),
    ("my phone kept buzzing all night with work emails", False),
    ("on va voir si elle aime le gâteau au chocolat", False),
    ("mon portable a explosé de notifs hier, j'ai dû le couper", False),
]

# Reputation attacks on a named person: a rumour told to everyone, sleeping around, lying.
RUMOUR = [
    ("y'all should know who marco really is. pathological liar who sleeps around", True),
    (
        "everybody should know what she's really like, only got mod by hooking up with the owner",
        True,
    ),
    ("faut que tout le monde sache, léa c'est une mytho qui balance tout le monde aux modos", True),
    ("tout le monde sait qu'il a eu son poste en couchant avec la cheffe", True),
    # twins
    ("everybody should know the server rules before posting", False),
    ("she slept with the window open and caught a cold", False),
    ("faut que tout le monde sache que la soirée est décalée à samedi", False),
    ("tout le monde sait qu'il pleut à Brest, c'est pas une info", False),
]

# Sexism aimed at players and streamers: a girl sent back to a "girl game" or the kitchen.
GAMER_SEXISM = [
    ("typical girl support, go back to the sims and leave ranked to us", True),
    ("girls ruin ranked, every single time", True),
    ("typique d'une meuf, retourne sur animal crossing", True),
    ("@clara_tv retourne en cuisine, t'as rien à faire en ranked", True),
    ("les meufs n'ont rien à faire en compet, c'est comme ça", True),
    # twins
    ("i play support and i love the sims too, no shame", False),
    ("typical monday, ranked is full of smurfs", False),
    ("je retourne sur animal crossing ce soir, mes navets m'attendent", False),
    ("retourne en cuisine voir si les pâtes sont cuites stp", False),
]

# Threats of death put as a date: "this year will be your last".
DATED_THREAT = [
    ("keep talking. this summer will be your last.", True),
    ("you won't live to see christmas, i promise", True),
    ("jvais te faire la peau à la sortie", True),
    ("cet été sera ta dernière année sur terre", True),
    # twins
    ("next year is your last year at school right?", False),
    ("c'est ton dernier jour de stage demain ?", False),
    ("je vais te faire la surprise pour ton anniversaire", False),
]

CASES = [
    *(pytest.param(t, f, id=f"xeno-{i}") for i, (t, f) in enumerate(XENOPHOBIC_CONTEMPT)),
    *(pytest.param(t, f, id=f"pile-{i}") for i, (t, f) in enumerate(PILE_ON)),
    *(pytest.param(t, f, id=f"rumour-{i}") for i, (t, f) in enumerate(RUMOUR)),
    *(pytest.param(t, f, id=f"sexism-{i}") for i, (t, f) in enumerate(GAMER_SEXISM)),
    *(pytest.param(t, f, id=f"threat-{i}") for i, (t, f) in enumerate(DATED_THREAT)),
]


@pytest.mark.parametrize(("text", "fires"), CASES)
async def test_abuse_without_a_slur_fires_and_its_twin_does_not(chat, text, fires):
    match = await chat.say(text)
    assert (match is not None) is fires, text
    if fires:
        assert str(match.category) == "hate_harassment"


async def test_xenophobic_contempt_says_why(chat):
    match = await chat.say("the albanians can keep their lingo, get out of our country")
    assert match is not None
    assert "hate_harassment.combo.xenophobic_contempt" in match.signals
    assert {"hate_harassment.origin", "hate_harassment.xeno_contempt"} <= set(match.signals)


async def test_one_piece_of_gossip_is_not_a_rumour_attack(chat):
    assert await chat.say("she's a bit two-faced tbh") is None
    match = await chat.say("she's two-faced and a compulsive liar, everyone should know")
    assert match is not None
    assert "hate_harassment.rumour" in match.signals


# An identity denied by misgendering; an insult aimed at someone with a rejection.
MISGENDERING_AND_REJECTION = [
    ("t'es pas iel, t'es juste une fille qui veut faire son intéressante", True),
    ("you're not nonbinary, you're just a girl who wants attention", True),
    ("mdr t'es tellement moche que personne va jamais te regarder", True),
    # twins
    ("t'es pas une meuf qui abandonne, t'es une battante", False),
    ("you're not a man who quits, you're a legend", False),
    ("t'es tellement drôle toi, personne te calcule mais moi si", False),
]


@pytest.mark.parametrize(("text", "fires"), MISGENDERING_AND_REJECTION)
async def test_misgendering_and_rejection_fire_and_their_twins_do_not(chat, text, fires):
    assert (await chat.say(text) is not None) is fires, text
