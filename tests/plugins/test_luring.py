"""The luring pack: ambushes, fake dates, fake sales, break-ins; and what is not luring.

The sentences are written for these tests, not taken from the dev corpus.
"""

from datetime import timedelta

import pytest

from bot.categories import Severity
from tests.support.packchat import pack_chat


@pytest.fixture
def chat(registry, library):
    return pack_chat("luring", registry, library)


LURES = [
    "rejoins moi au parking du stade vers minuit, et viens sans tes potes",
    "je te vends la PS5 250€, mais tu viens seul au fond de la zone industrielle, et en liquide",
    "personne doit savoir qu'on se voit, je t'attends derrière le gymnase",
    "je t'envoie la localisation, coupe ton téléphone avant de venir",
    "ne préviens personne, je passe te prendre en voiture au coin de ta rue",
    "on se voit ce soir dans le bois, et tu dis rien à personne",
    "come to the old mill after midnight, don't bring anyone",
    "i'll leave the back door unlocked, come in quietly and don't tell your roommates",
    "meet me behind the gas station, come alone and bring the cash for the phone",
    "selling my switch 150, pick it up at the end of the dirt road, alone and cash only",
    "don't tell anyone where you're going, meet me at the bus depot at 11pm",
    # evasions
    "v.i.e.n.s s.e.u.l au parking derrière le stade",
    "c0me al0ne to the w00ds tonight",
    "vi\u0435ns s\u0435ule, personne doit savoir",  # Cyrillic e
    "turn off your loc\u200bation before you come, just you",
    "comeeee aloneeee, no one needs to know",
    "Je vends ma PS5 pas cher, viens la chercher seul au bout de la rue, en liquide uniquement",
    "c o m e  a l o n e to the parking lot tonight",
]
HARD_NEGATIVES = [
    "On se retrouve au café à 15h avec toute la bande",
    "for the tournament come alone or with your team, registration at 10",
    "rdv au parking du supermarché pour le covoiturage, on sera 4",
    "never meet someone alone in an isolated place, always tell a friend",
    "je passe chez toi ce soir pour le dîner, ta mère m'a invité",
    "the woods behind my house are beautiful in autumn",
    "je suis seul ce soir, quelqu'un pour jouer en ligne ?",
    "ma soeur vient me chercher au parking de la gare à 23h",
    "surprise party for Jake, don't tell him! meet at 7pm at Sarah's",
    "on fait une surprise à maman, dis rien à personne, rdv chez mamie dimanche",
    "I walk my dog alone in the park after dark, it's peaceful",
    "if someone asks you to come alone, tell a mod",
    "viens en vocal, juste toi et moi, on finit la partie",
    "premier rdv : toujours dans un lieu public, et préviens une amie",
    "Come alone or with friends, the party is open to everyone!",
    "Tu peux venir seul, y a plein de place dans la voiture",
]


@pytest.mark.parametrize("text", LURES)
async def test_lures_fire_high(chat, text):
    match = await chat.say(text)
    assert match is not None, text
    assert str(match.category) == "luring"
    assert match.severity >= Severity.HIGH
    assert any(s.startswith("luring.combo.") for s in match.signals)


@pytest.mark.parametrize("text", HARD_NEGATIVES)
async def test_ordinary_meetings_and_safety_advice_do_not_fire(chat, text):
    assert await chat.say(text) is None


async def test_a_lurer_is_followed_through_the_conversation(chat):
    assert await chat.say("seul hein", user="x") is None
    assert await chat.say("viens seul au parking derrière l'usine", user="lurer") is not None
    follow = await chat.say("seul hein, sinon je pars", user="lurer")
    assert follow is not None
    assert "luring.recent" in follow.signals
    assert await chat.say("dont be scared, its just me", user="lurer") is not None
    # Hours later the same words are no longer read in that light.
    assert await chat.say("trust me", user="lurer", seconds=4 * 3600) is None


@pytest.fixture
def fresh(registry, library):
    return pack_chat("luring", registry, library, step=timedelta(hours=3), fresh_members=True)


# The same traps said other ways than the pack's phrases.
REWORDED_LURES = [
    "tu veux le téléphone ? passe à l'adresse que je t'envoie en privé, seul, après 23h",
    "want the phone? come to the address i send you, alone, after 11pm",
    "Je peux passer chez toi quand ta mère dort ? laisse la fenêtre ouverte",
    "come to my place after school, your parents don't need to know, it's our thing",
    "leave the back door unlocked tonight, i'll come when everyone's asleep",
    "ta mère doit pas savoir que tu viens, dis-lui que tu dors chez une copine",
    "meet me at the old train station after dark, just you, tell nobody you're coming",
    "go out the back window when your dad's asleep and i'll be waiting in my car",
    "viens me voir dans le petit bois derrière la piscine, personne doit être au courant",
    "j'te récupère en bas de chez toi à minuit, prends rien, laisse ton portable",
    "rejoins-moi vers minuit près des entrepôts, seul, et éteins ton portable avant",
    "c.o.m.e  a.l.o.n.e to the bridge at midnight",
    "v1ens s3ul au terrain vague ce soir, pers0nne d0it savoir",
]
REWORDED_NOT_LURES = [
    "je t'envoie l'adresse de la fête samedi, venez nombreux",
    "come to the address on the invite, 3pm, bring the kids",
    "meet me behind the school for the football match after class",
    "i'll pick you up at the station at 6, text me when you land",
    "viens chez moi samedi, mes parents organisent un anniversaire",
    "on a fait un feu de camp dans les bois avec les scouts",
    "ne dis rien à tes parents pour la surprise de leur anniversaire !",
    "le concert c'était ouf, on rentre seuls à pied après",
    "on se retrouve derrière la gare à 18h pour prendre le train ensemble",
    "on part en forêt demain pour la rando, rdv 7h",
    "viens à la cave on fait de la musique avec le groupe",
    "tu viens seul ou avec ta copine à la soirée ?",
    "i'll be waiting at the bus stop, text me when you're close",
    # Someone who recognises the trap and names it, quoting its words.
    'non. "viens seul avec le vélo" à 23h sur un parking, on connaît la suite, vends en magasin',
    "ce compte a deux jours et te dit de venir seul la nuit avec la console : traquenard classique",
    "\"come alone and tell nobody where you're going\" is the creepiest line i've read here",
]


@pytest.mark.parametrize("text", REWORDED_LURES)
async def test_reworded_lures_fire(fresh, text):
    match = await fresh.say(text)
    assert match is not None, text
    assert str(match.category) == "luring"


@pytest.mark.parametrize("text", REWORDED_NOT_LURES)
async def test_reworded_ordinary_plans_do_not_fire(fresh, text):
    assert await fresh.say(text) is None


async def test_after_a_lure_an_empty_place_follows_but_a_question_does_not(chat):
    lure = "rdv au parking derrière le stade à minuit, viens seul"
    assert await chat.say(lure, user="lurer") is not None
    follow = await chat.say("y a jamais personne là-bas à cette heure", user="lurer")
    assert follow is not None
    assert "luring.recent" in follow.signals
    assert await chat.say(lure, user="other") is not None
    assert await chat.say("y a personne qui a le lien du live ?", user="other") is None


async def test_a_trap_set_over_several_messages_is_followed(fresh):
    assert await fresh.say("non viens vers 23h, seule, j'aime pas le monde", user="m") is not None
    assert await fresh.say("t'inquiète je suis gentil", user="m", seconds=60) is not None
    assert await fresh.say("t'inquiète je suis gentil", user="n", seconds=60) is None


# An ambush planned in the open against someone else: a fake profile or a date set for
# them, the gang that will be waiting. Each line stands alone (a new member each time).
PLANNED_AMBUSHES = [
    "on lui crée un faux compte de fille sur insta et on lui donne rencard au stade",
    "on le fait venir derrière le lycée et on lui tombe dessus à cinq",
    "fais-toi passer pour une meuf, on le coince au parking en bas",
    "let's make a fake grindr as a guy and get him to come to the car park",
    "tell him it's a date, the lads pull up six deep and we jump him",
    "we give her a meetup at the pier, then film everything and post it after",
]
NOT_PLANNED_AMBUSHES = [
    "j'ai créé un faux compte pour tester l'appli du boulot",
    "il s'est fait piéger par un faux profil, faites gaffe à vous",
    "my cousin got catfished last year, always video call first",
    "in that film they lure him into the woods, so creepy",
    "we're all showing up at the park at 3 for the barbecue",
    "on arrive à 5 au resto, réserve une grande table",
]


@pytest.mark.parametrize("text", PLANNED_AMBUSHES)
async def test_planned_ambushes_against_a_third_person_fire(fresh, text):
    match = await fresh.say(text)
    assert match is not None, text
    assert str(match.category) == "luring"


@pytest.mark.parametrize("text", NOT_PLANNED_AMBUSHES)
async def test_talk_of_fake_profiles_and_group_outings_does_not_fire(fresh, text):
    assert await fresh.say(text) is None, text


async def test_the_gang_gets_its_kit_ready_after_the_plan(chat):
    assert await chat.say("on lui donne rdv au bois et on l'attend à quatre", user="a") is not None
    assert await chat.say("prends la batte et filme tout", user="a") is not None
    assert await chat.say("prends la batte et filme tout", user="b") is None


# A shy or nervous excuse for an isolated place at a late hour.
@pytest.mark.parametrize(
    "text",
    [
        "je suis timide, on se voit au parking souterrain vers 1h ?",
        "im shy, can we meet somewhere quiet out of sight around midnight",
    ],
)
async def test_a_pretext_for_a_lonely_place_at_night_fires(fresh, text):
    assert await fresh.say(text) is not None, text


@pytest.mark.parametrize(
    "text",
    [
        "je suis timide, on se voit plutôt au café de la place à 15h ?",
        "im shy so let's grab a coffee downtown on saturday afternoon",
    ],
)
async def test_a_shy_first_date_in_town_does_not_fire(fresh, text):
    assert await fresh.say(text) is None, text


# "Alone." said as an order, and the valuables to bring, once the trap is set.
async def test_a_standalone_alone_and_valuables_follow_a_lure(chat):
    first = await chat.say("rejoins-moi au bout de l'impasse à minuit. Seul.", user="lu")
    assert first is not None
    follow = await chat.say("et prends ta carte bleue, on sortira après", user="lu")
    assert follow is not None
    assert "luring.recent" in follow.signals
    assert await chat.say("et prends ta carte bleue, on sortira après", user="other") is None
    assert await chat.say("bring your card and your watch, meet me at the dead end", user="x")


@pytest.mark.parametrize(
    "text",
    [
        "je passe te chercher à la gare à 19h, préviens-moi en arrivant",
        "i'll give you a lift home after the match",
        "t'inquiète, supprime la conv si tu veux",
        "je rentre seule ce soir, quelqu'un pour un vocal ?",
    ],
)
async def test_a_pick_up_or_reassurance_alone_is_no_ambush(fresh, text):
    assert await fresh.say(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "je passe te chercher à la gare à 19h, et tu dis rien à personne",
        "i'll pick u up from work, dont tell anyone where ur going",
    ],
)
async def test_a_pick_up_with_secrecy_is_an_ambush(fresh, text):
    assert await fresh.say(text) is not None, text


async def test_a_warning_pinging_a_moderator_is_not_luring(fresh):
    text = "@sam don't go, a lonely car park at 1am alone is a setup @mod_lee"
    assert await fresh.say(text) is None


# Phones and friends have regional names: natel (Switzerland), GSM (Belgium), chum (Québec).
@pytest.mark.parametrize(
    "text",
    [
        "viens au fond du parking à minuit et laisse ton natel à la maison",
        "rejoins-moi derrière l'entrepôt ce soir, éteins ton gsm",
        "viens au chalet sans ton chum, personne doit savoir",
        "meet me behind the depot at 1am and switch off your snap map",
    ],
)
async def test_regional_words_for_phones_and_friends(fresh, text):
    assert await fresh.say(text) is not None, text


@pytest.mark.parametrize(
    "text",
    [
        "j'ai oublié mon natel au bureau, quelqu'un peut me l'apporter ?",
        "seule ? non merci, on se voit plutôt au café ce soir",
        "alone? nah let's meet at the diner tonight with everyone",
    ],
)
async def test_a_lost_phone_or_an_echo_question_is_not_a_lure(fresh, text):
    assert await fresh.say(text) is None, text


# Each class of phrasing below comes with its everyday twin: (text, fires?).
ORDER_PASSED_ON = [
    ("je lui ai dit de venir seul, on l'attend derrière les garages à 23h", True),
    ("told him to come alone, we'll be waiting by the old depot at midnight", True),
    ("je lui ai dit de venir avec sa sœur, on mange à 20h chez mamie", False),
    ("told him to come with his brother, kickoff at noon", False),
]
PLANNERS = [
    ("fausse annonce de scooter à 200, le mec vient et on le dépouille", True),
    ("il a mordu 😂 rdv jeudi au parking, ramenez les cagoules", True),
    ("he thinks he's meeting a girl, bring the bats, end of the lane at 11", True),
    ("got another one, he took the bait, we take his phone n wallet at the lake", True),
    ("cette annonce de scooter à 200 est fausse, ne vous déplacez pas", False),
    ("the fish took the bait at the lake, best catch of the summer 🎣", False),
]
DARK_PLACES = [
    ("viens ce soir au stationnement derrière l'aréna, tout seul, lumières éteintes", True),
    ("meet me on the top level of the multi storey, no one's around, midnight", True),
    ("le stationnement de l'aréna est plein ce soir, venez en bus", False),
    ("the multi storey car park is closed tonight, use the one on Mill Lane", False),
]
CONDITIONS = [
    ("viens seul stp, sinon pas de vente", True),
    ("come alone or bring mates, we're short 3 for five-a-side", False),
    ("tu peux venir seul ou avec des potes, on sera au parc", False),
]
AFTER_SCHOOL = [
    ("efface nos msg, je viens te chercher en scooter devant le collège après les cours", True),
    ("après les cours on va au ciné avec la classe, rdv devant le collège", False),
]
WARNINGS = [
    ("faites gaffe, un mec donne rdv le soir dans un parking et il est pas seul", False),
    ("adults asking members to meet up alone = instant ban, tell a mod", False),
    # The lure quoted and seen through ("red flag", "yeah, no", "c'est un guet-apens").
    ("'come alone to the old warehouse after dark, tell no one' 🚩🚩 mods", False),
    ("Come alone to a warehouse at night and tell no one. Yeah, no.", False),
    ("« viens seul, sans téléphone, au hangar à minuit » c'est un guet-apens, n'y va pas", False),
    ("come alone to the old warehouse tonight, it's not a trap lol", True),
    ("come alone to the warehouse tonight? yeah no problem, nobody will know", True),
    ("viens seul au hangar à minuit, c'est pas un guet-apens t'inquiète", True),
]
# Someone kept out of it by name ("don't tell the agency"), a third person taken to a place
# to be waited for, the imperative written with its hyphen ("fais-le venir").
KEPT_OUT_AND_TAKEN = [
    ("the viewing is at my flat tonight at 11, come alone and don't tell the landlord", True),
    ("get her to the old mill car park after dark, we'll be waiting", True),
    ("fais-le venir près du canal à minuit, on sera cinq", True),
    ("don't tell the kids, the surprise party is saturday at 3 at the community hall", False),
    ("can you get her to the dentist at 4? I'm stuck at work", False),
    ("fais-le venir à la fête samedi, il connaît personne ici", False),
]
# A place said to be empty of witnesses, an ambush set up by a fake date, a robbery planned.
NOBODY_TO_SEE = [
    ("on se retrouve vers 23h derrière la salle des fêtes ? y a jamais personne là-bas", True),
    ("meet me behind the bus garage tonight, nobody ever goes there", True),
    ("on lui donne un faux rendez-vous au bois et on le cueille", True),
    ("on le fait venir au garage de son oncle et on lui prend son scooter", True),
    ("rdv derrière le gymnase à 18h pour le foot, y a personne le dimanche", False),
    ("y a jamais personne à la piscine le mardi matin, profitez-en", False),
    ("nobody goes there anymore, the mall closed last year", False),
    ("y a personne qui joue ce soir ? je lance une partie vers 22h", False),
    ("on lui prend un cadeau pour son anniversaire ? je passe chez toi ce soir", False),
]
# A third person sent or deceived, a key left out, masks and phones off.
SENT_AND_WAITED_FOR = [
    ("tu lui files l'adresse du hangar derrière la voie ferrée et on l'attend", True),
    ("tu lui dis qu'une meuf l'attend et tu l'envoies à la carrière, on sera là", True),
    ("mes darons dorment, la clé est sous le paillasson, monte sans faire de bruit", True),
    ("he thinks he's meeting a girl from tinder, we'll be in the van behind the arcade", True),
    ("post the bike cheap, whoever shows up at the underpass we rob", True),
    ("the handover is at the quarry lay-by, it's deserted and no one will see us", True),
    ("tu lui dis que le resto est réservé, tu l'envoies à la gare, on s'occupe du reste", False),
    ("la clé est sous le paillasson, nourris le chat stp, merci !", False),
    ("masks on in the hospital corridor please, and phones off during the talk", False),
    ("the handover meeting is at 9 in the office, bring your laptop", False),
]
# Asked where someone lives to come over, a welcoming committee, the back way into a home.
ADDRESS_AND_WELCOME = [
    ("donne-moi ton adresse je passe te voir ce soir, t'inquiète je serai seul", True),
    ("what's your address? i'll come over tonight, just you, don't tell your housemates", True),
    ("we'll have a welcoming committee for him at the skatepark tonight, get him there", True),
    ("on lui prépare un petit comité d'accueil au parking de la gare ce soir, fais-le venir", True),
    ("come round to mine after midnight, use the back gate, and don't mention it to anyone", True),
    ("envoie-moi ton adresse, je t'envoie le colis demain matin", False),
    ("donne-moi ton adresse, je passe déposer les clés ce soir", False),
    ("send me your address and I'll post the book on Monday", False),
    ("our welcome committee will greet new members at the door from 7", False),
    ("come round to mine for the match on saturday, everyone's invited, bring snacks", False),
    ("get him there by 8 for the surprise, everyone's hiding in the kitchen", False),
    ("use the back gate, the front is blocked by the roadworks, party's in the garden", False),
    ("on sera derrière la scène pour le concert, venez nous voir après", False),
    ("come by tonight, use the back door, don't tell anyone", True),
    ("come by the shop tomorrow, use the back door, the front is being painted", False),
    ("the back door of the gym is open, meet at the front desk at 6", False),
]


# Someone who names the danger after it happened, or a sanction written as an arrow.
TOLD_AFTER = [
    (
        "nobody go meet a stranger alone at 11pm behind the station, my cousin got robbed",
        False,
    ),
    (
        "un pote s'est fait braquer comme ça : rdv seul derrière le lidl à minuit, n'allez jamais",
        False,
    ),
    ('nouveau compte, "viens seul, parking, minuit, dis rien" -> ban direct', False),
    ("meet me alone behind the station at 11pm, bring the cash", True),
    ("viens seul derrière le lidl à minuit, dis rien à personne", True),
]


@pytest.mark.parametrize(
    ("text", "fires"),
    ORDER_PASSED_ON
    + PLANNERS
    + DARK_PLACES
    + CONDITIONS
    + AFTER_SCHOOL
    + WARNINGS
    + KEPT_OUT_AND_TAKEN
    + NOBODY_TO_SEE
    + SENT_AND_WAITED_FOR
    + ADDRESS_AND_WELCOME
    + TOLD_AFTER,
)
async def test_phrasing_classes_and_their_twins(fresh, text, fires):
    match = await fresh.say(text)
    assert (match is not None) == fires, text
    if fires:
        assert str(match.category) == "luring"
