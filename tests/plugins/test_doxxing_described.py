"""Doxxing by description: a person exposed with no number or e-mail, and its twins.

The sentences are written for these tests, not taken from any corpus. Each exposure is
filed under both personal_data (the personal-data rule) and hate_harassment (the
doxxing rule), as the corpora label doxxing; each twin keeps the same place words
without the exposure and fires neither.
"""

import pytest

from plugins.personal_data.described import DescriptionReader
from tests.support.personal_chat import make_chat

BOTH = {"personal_data", "hate_harassment"}

EXPOSED = [
    # school and class, with a push
    "elle c'est Clara Vidal, 4e C au collège Victor Hugo, allez la voir à la récré",
    "his name's Owen Pike, year 10 at Hillside Academy, form room C4, go say hi 👋",
    "il est en terminale B au lycée Lumière, vous savez quoi faire",
    # workplace and shift
    "elle bosse au Lidl de Vénissieux le mardi soir, faudrait aller lui expliquer la vie",
    "he works nights at the Shell garage on Park Road, someone should pay him a visit",
    # floor, door, building, entry code
    "le mec qui m'a ban c'est au 4ème étage bâtiment C, digicode 1987A, vous savez quoi faire",
    "she lives above the chip shop on Granby Street, green door, check street view",
    # a partner's or children's whereabouts
    "his wife works at the dentist on Mill Road, his kids go to Oakfield primary, just saying 👀",
    "sa meuf bosse à la pharmacie de la gare, tag her partout lol allez la voir",
    # accounts and an IP address
    "her insta is @lou.bergeron_x, tag her in everything 😂",
    "got his ip from the voice channel: 198.51.100.23",
    "ip du bouffon 198.51.100.77, boot him offline",
    # two details need no push: a real name with a form room, a floor with the shop below
    "her real name is Maya Stone, year 9 at Northgate Academy",
    "your webcam shows the bakery sign across the road, so 3rd floor above it 🙂",
    # a class written in leetspeak style
    "lui il est en 4eC au collège Brassens, allez lui dire bonjour",
    # a threat to the person themselves
    "je sais qui t'es, t'es en 2nde A au lycée Ampère, je t'attends à la sortie",
    # a name given out with a school and class, or a workplace on a street
    "tu veux savoir qui c'est ? il s'appelle Hugo Marchal, il est en 3e A au collège Prévert",
    "elle s'appelle Inès Barre, elle bosse au tabac de la rue Colbert, pour ceux que ça amuse",
    # a grade written as an ordinal, and a school run with its time
    "Sam Doyle, Lakeview Middle School, 7th grade. his dad picks him up at 3:30 in a grey van",
    # an account named with a word between ("her private insta")
    "her private insta is @jo.draws.irl, go tell her what you think",
    # the person addressed, their workplace or their hour out, with a threat of a visit
    "tu bosses bien au tabac de la place Carnot ? je t'ai trouvé, fais gaffe en sortant ce soir",
    "je sais que tu finis à 18h au Franprix de la rue Danton 😉",
    "you work at the cafe on Hope Street right? might pay u a visit 😂",
]

TWINS = [
    # an hour out and a workplace with no threat, said to friends
    "le cours finit à 19h à la salle de la rue Danton, venez nombreux",
    "tu bosses au tabac de la place Carnot ? j'y achète mes timbres tous les samedis 🙂",
    # the author's own school or workplace
    "je bosse au Lidl de Vénissieux le mardi soir si jamais vous passez",
    "I work nights at the Shell garage on Park Road, come say hi if you're around",
    "je suis en 4e C au collège Victor Hugo, quelqu'un a le même prof de maths ?",
    # a friendly word about someone's job, a public office, a shop's floor
    "she works at the hospital now, so proud of her, go say hi if you see her at the party!",
    "elle travaille à la mairie, allez la voir pour vos papiers d'identité",
    "la pharmacie de garde est au 2e étage du centre commercial, dites-lui que je vous envoie",
    # a business or a public place
    "la boulangerie Martin recrute, 3 rue de la Halle, passez déposer vos CV",
    "the chip shop above the station on Granby Street has a new menu, check street view",
    # a neighbour complaining about noise
    "encore la fête au 4ème étage bâtiment C cette nuit, quelqu'un d'autre entend ça ?",
    # a relative or a friend of the author
    "my sister goes to the same school, year 10 at Hillside Academy, she loves it",
    "ma pote bosse au Lidl de Vénissieux, elle dit que le samedi c'est l'enfer, allez-y en semaine",
    # a teacher's name in a homework question
    "Mme Durand en 3e B au collège Jean Moulin nous a donné l'exo 4, quelqu'un a compris ?",
    "le prof de maths des 3e B au collège Jean Moulin est sévère, allez le voir pour vos notes",
    # lost and found
    "j'ai trouvé un portefeuille au nom de Clara Vidal devant le collège, elle est en 4e C",
    "found a wallet outside Hillside Academy, year 10 student card inside, lost and found has it",
    # a meeting point for a group outing
    "rdv samedi 14h devant le lycée Lumière, bâtiment B, on part tous ensemble au parc 🌳",
    # a moderator asking for the details to be removed
    "@lea merci d'enlever le nom de son collège et sa classe de ton message, pour sa sécurité",
    "please remove her school and form room from your post, thanks",
    # a server's IP address
    "the minecraft server ip is 198.51.100.23, come play tonight",
    # a name in a friendly introduction, a grade and a pick-up time of one's own
    "la nouvelle bénévole s'appelle Inès, elle bosse au tabac, passez lui dire bienvenue",
    "I'm in 7th grade at Lakeview Middle, my dad picks me up at 3:30 so I can't stay",
]


@pytest.fixture(scope="module")
def chat(registry):
    return make_chat(registry)


@pytest.mark.parametrize("text", EXPOSED)
async def test_a_person_exposed_by_description_is_doxxing(chat, text):
    assert await chat.categories(text) == BOTH


@pytest.mark.parametrize("text", TWINS)
async def test_the_same_places_without_an_exposure_fire_nothing(chat, text):
    assert await chat.categories(text) == set()


async def test_a_description_that_follows_doxxing_needs_no_push_of_its_own(chat):
    first = "elle bosse au Lidl de Vénissieux le mardi soir, faudrait aller lui expliquer la vie"
    assert await chat.categories(first, user="troll") == BOTH
    then = "et sa soeur est en 3e B au collège Brassens"
    assert await chat.categories(then, user="troll") == BOTH
    assert await chat.categories(then, user="other") == set()


async def test_the_match_points_at_the_description_and_hides_the_ip(chat):
    hits = await chat.say("got his ip from the voice channel: 198.51.100.23")
    doxxing = next(h for h in hits if str(h.match.category) == "hate_harassment")
    assert "personal_data.ip" in doxxing.match.signals
    assert "198.51" not in doxxing.match.summary
    assert [s.text for s in doxxing.match.spans] == ["198.51.100.23"]


def test_the_cheap_test_lets_plain_chat_through():
    assert not DescriptionReader.may_hold(frozenset({"salut", "ça", "va"}))
    assert DescriptionReader.may_hold(frozenset({"elle", "bosse", "au", "lidl"}))
