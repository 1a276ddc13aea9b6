"""The sexual_services pack: ads, clients, recruiters and pimps; massage therapists are fine.

The sentences are written for these tests, not taken from the dev corpus.
"""

from datetime import timedelta

import pytest

from bot.categories import Severity
from tests.support.packchat import pack_chat


@pytest.fixture
def chat(registry, library):
    return pack_chat("sexual_services", registry, library)


ADS = [
    "Nouvelle sur Lyon, jolie brune, massage naturiste et plus, 120 l'heure, reçois en appart",
    "Dispo pour messieurs courtois ce week-end, rdv discrets, tarifs en mp",
    "Je propose des moments de détente sensuelle, 80 la demi-heure, hôtel ou domicile",
    "escort indépendante, déplacements Paris et proche banlieue, photos réelles",
    "GFE dispo ce soir, 200 roses",
    "plan rémunéré ce soir, je reçois, 150 la nuit",
    "call girl de luxe, 300 la soirée, discrétion assurée",
    "jeune étudiante propose câlins tarifés, écrivez-moi en privé",
    "Visiting Manchester this week, incall only, 150/hr, text for availability",
    "new provider in town, GFE, donations 200/hr",
    "sugar daddy here, $300 per meet, discreet arrangements",
    "full service available tonight, deposit via cashapp",
    "happy ending massage, 60 for half hour, outcall available",
    "car meets only, 80 roses for a qv",
    "Vends mes nudes et vidéos privées, contact snap",
    "Sugar daddy looking for a sugar baby, weekly allowance for discreet meets",
    "Nouvelle en ville, jolie brune 23 ans, disponible ce soir, hôtel ou domicile, "
    "appel uniquement",
    "Hot latina 24yo visiting Miami, incall/outcall, $200 hh, text me",
]
EVASIONS = [
    "e s c o r t dispo ce soir 150 l'heure",
    "m\u0430ss\u0430ge + finition 80€",  # Cyrillic a
    "fin1t1on incluse, 100 la demi heure",
    # script letters
    "\u212f\U0001d4c8\U0001d4b8\u2134\U0001d4c7\U0001d4c9 available tonight, 200/hr",
    "pl4n t4rif3 ce soir, je paie bien",
    "inc\u200ball only, 180 the hour",
    "3sc0rte dispo, hôtel ou domicile, cent cinquante roses",
    "selling my n.u.d.e.s, cashapp only, dm me",
]
RECRUITERS = [
    "cherche filles motivées pour travailler en appart, je gère la clientèle, 50/50",
    "argent facile pour les filles, juste des rdv avec des messieurs, écris moi",
    "looking for girls to work with me, I find the clients, we split 60/40",
    "je gère 4 filles, envoyez-moi des clients, 20% pour vous",
    "I run 3 girls downtown, send them my way and get a cut",
]
HARD_NEGATIVES = [
    "Massage suédois en cabinet, kinésithérapeute diplômée, 60€ la séance, RDV sur Doctolib",
    "the escort quest in chapter 3 is annoying",
    "I'm available for tutoring at $30/hr, dm me",
    "je vends des plantes, livraison à domicile possible, 15€ pièce",
    "licensed massage therapist, deep tissue, $90/hr, book online",
    "on cherche des filles pour compléter l'équipe de foot, entraînement le mercredi",
    "C'est du proxénétisme, signalé aux modos",
    "article sur la prostitution des mineures à Paris, terrifiant",
    "je fais du baby-sitting, 12€ de l'heure, dispo le soir",
    "F 32 cherche H pour relation sérieuse, pas de plan cul",
    "hotel near the station, 90 a night, breakfast included",
    "la finition de la voiture est nickel, 15 000€",
    "we're hiring waitresses, no experience needed, 12€/h",
    "flower arrangements available for weddings, dm me",
    "Jeune femme 30 ans cherche colocation à Lyon, disponible de suite, contactez moi",
    "She is a sexy 25 yo actress, the hotel scene in the movie was great",
    "Ça fait 150 euros la nuit à l'hôtel Ibis, un peu cher",
]


@pytest.mark.parametrize("text", ADS + EVASIONS + RECRUITERS)
async def test_ads_and_recruiters_fire(chat, text):
    match = await chat.say(text)
    assert match is not None, text
    assert str(match.category) == "sexual_services"
    assert match.severity >= Severity.MEDIUM
    assert any(s.startswith("sexual_services.combo.") for s in match.signals)


@pytest.mark.parametrize("text", HARD_NEGATIVES)
async def test_lookalike_ordinary_ads_do_not_fire(chat, text):
    assert await chat.say(text) is None


async def test_a_client_answering_an_ad_is_flagged(chat):
    assert await chat.say("how much for an hour?", user="client", room="dating") is None
    ad = "new in town, incall/outcall, 200/hr, deposit required"
    assert await chat.say(ad, user="provider", room="dating") is not None
    asked = await chat.say("how much for an hour?", user="client", room="dating")
    assert asked is not None
    assert "sexual_services.offer_nearby" in asked.signals
    answer = await chat.say(
        "250, deposit 50 first, send me the hotel name", user="provider", room="dating"
    )
    assert answer is not None


async def test_a_critic_of_the_ad_is_not_a_client(chat):
    await chat.say("massage + finition, 100 la demi-heure, je reçois", user="ad", room="r")
    assert (
        await chat.say("c'est pas un site d'escort ici, je signale", user="mel", room="r") is None
    )


@pytest.fixture
def fresh(registry, library):
    return pack_chat(
        "sexual_services", registry, library, step=timedelta(hours=3), fresh_members=True
    )


REWORDED_ADS = [
    "vends photos et vidéos privées, paiement paypal, dm",
    "looking for girls 18+ to work in our agency, high pay, travel, accommodation provided",
    "dispo pour des soirées avec des hommes d'affaires, cadeau demandé 💰",
    "$ex 4 ca$h, hmu, hosting tonight",
    "ma copine fait des prestations, 100 roses, je gère les rdv",
    "je vends des nudes, 10€ les 5 photos, paiement lydia",
    "sensual massage with happy ending, $120, hotel visits only",
    "hiring girls for our massage salon, 1000/week cash, no experience, housing included",
    "n0uv3ll3 3sc0rt3 sur Marseille, 150€ l'h, contact snap",
    # Plural euphemisms, and the number spelled out after "appelle le".
    "Léna de retour 💋 massages complets Montreuil, appelle le zéro six douze trente-quatre",
    "massages naturistes sur Nantes, discrétion assurée, sms uniquement",
]
REWORDED_NOT_ADS = [
    "les massages au spa c'était top, je recommande",
    "ma copine travaille dans une agence de voyage",
    "massage de pieds après le match, le kiné est top",
    "je recherche des filles pour compléter notre équipe de foot féminin",
    "des photos du voyage dispo sur le drive de la classe",
    "le kiné fait des massages complets du dos, appelle le cabinet pour un rdv",
    "pour les urgences appelle le 15, ou le 112 depuis un portable",
    # A trade paid by the hour, tonight.
    "besoin d'un plombier ce soir si possible je paie 80€ l'heure",
    "need an electrician tonight, paying 80 an hour, text me",
]


@pytest.mark.parametrize("text", REWORDED_ADS)
async def test_reworded_ads_fire(fresh, text):
    match = await fresh.say(text)
    assert match is not None, text
    assert str(match.category) == "sexual_services"


@pytest.mark.parametrize("text", REWORDED_NOT_ADS)
async def test_reworded_ordinary_posts_do_not_fire(fresh, text):
    assert await fresh.say(text) is None


# Each class of phrasing the pack learnt, in both languages, with its lookalike twins.
# Escort-board vocabulary: incalls/outcalls, overnights, hourly rates written "2 hrs for 200".
BOARD_WORDS = [
    "visiting Leeds till sunday, incalls and outcalls, overnights welcome, 2 hrs for 300",
    "new girls every week, all week in Soho, 180 per hour, book via the site",
    "back in town 💋 overnight 800, hotel visits only, same number as before",
    "jolie brune en déplacement sur Lille toute la semaine, 2h pour 250, pas de négo",
]
BOARD_TWINS = [
    "raid night: 2 hrs for the full clear, overnights in the guild hall lol",
    "the hotel has a 24h gym, 120 per night, breakfast included",
    "en déplacement sur Lille toute la semaine pour le boulot, 2h de train",
]
# Clients asking an ad, in their words.
CLIENT_QUESTIONS = [
    "@amber_x you do overnights? whats your rate, I'm near Paddington",
    "@amber_x do u do 3 hrs for 400? im at a travelodge",
    "@amber_x c'est combien pour 1h chez moi à Villeurbanne ?",
]
# Paying on arrival, up front, room numbers: the provider's answer in an exchange.
ANSWERS = [
    "400 is fine, send the room number and pay up front",
    "ok pour 2h, paiement à l'arrivée en liquide, envoie le numéro de chambre",
]
# Recruiters and pimps: photos and age asked, rooms and outfits provided, a share kept.
RECRUITERS_MORE = [
    "hostess work in Dubai, flat provided, send pics and age, we sort the bookings",
    "recrute hôtesses pour soirées privées, tenues fournies, envoyez vos photos + âge, "
    "je garde la moitié",
    "il reste 3 chambres à Bruxelles pour les filles motivées, logement fourni, écris-moi",
    "looking for open minded girls, earn £2k a week, we take 40% and handle clients",
]
RECRUITER_TWINS = [
    "send pics and age of your cat for the pet contest 🐱",
    "envoyez vos photos du tournoi, je fais l'album de la saison",
    "il reste 3 chambres au gîte pour le week-end ski, écris-moi",
    "we're hiring baristas, earn £12 an hour, no experience",
    "hiring girls and guys for the cafe, 12 an hour, flexible shifts",
]
# Massage parlours with "extras", and unprotected services (FR).
PARLOURS = [
    "salon Lotus, jeunes masseuses, massage complet + finition, 70€ la demi-heure",
    "massage et plus si affinités, sans capote +50, je reçois à Schaerbeek",
    "asian massage with extras included, 60 for half hour, walk ins",
]
# Ad-style self descriptions and "rich men" arrangements.
PROFILES = [
    "Nouvelle sur Paris, 24 ans, 1m65, hygiène irréprochable, 30min 100 / 1h 180, "
    "numéros masqués s'abstenir",
    "fille de l'est dispo en appartement près de la gare, tarif en mp",
    "ladies, want to earn 2k a week? just company for rich men, we handle everything",
]
PROFILE_TWINS = [
    "Nouveau joueur dans l'équipe, 24 ans, 1m85, dispo pour les matchs du week-end",
    "ma collègue est une fille de l'est, elle cherche un appartement près de la gare",
    "my girlfriend does yoga classes, 15 an hour, dm her",
    "ma copine fait des gâteaux, 20€ le moelleux, mp",
]
PARLOUR_TWINS = [
    "massage complet du dos chez le kiné, remboursé par la mutuelle",
    "le salon de thé est ouvert le dimanche jusqu'à 23h",
    "thai massage was amazing on holiday, 10 euros for an hour",
]


@pytest.mark.parametrize("text", BOARD_WORDS + RECRUITERS_MORE + PARLOURS)
async def test_new_ad_phrasings_fire(fresh, text):
    match = await fresh.say(text)
    assert match is not None, text
    assert str(match.category) == "sexual_services"


@pytest.mark.parametrize("text", BOARD_TWINS + RECRUITER_TWINS + PARLOUR_TWINS + PROFILE_TWINS)
async def test_their_ordinary_twins_do_not_fire(fresh, text):
    assert await fresh.say(text) is None


@pytest.mark.parametrize("question", CLIENT_QUESTIONS)
async def test_a_client_question_after_an_ad_is_flagged(chat, question):
    ad = "Amber, 24, incalls Soho, 200 1h, text for menu"
    assert await chat.say(ad, user="amber_x", room="ads") is not None
    asked = await chat.say(question, user="client", room="ads")
    assert asked is not None, question
    assert str(asked.category) == "sexual_services"


@pytest.mark.parametrize("answer", ANSWERS)
async def test_the_providers_answer_in_the_exchange_is_flagged(chat, answer):
    await chat.say("escort dispo ce soir, 150 l'heure, hôtel ou domicile 🌹", user="p", room="r")
    await chat.say("@p do u do 2 hrs for 250?", user="client", room="r")
    match = await chat.say(answer, user="p", room="r")
    assert match is not None, answer
    assert "sexual_services.in_deal" in match.signals


async def test_an_ordinary_question_after_an_ad_is_not_a_client(chat):
    await chat.say("Amber, 24, incalls Soho, 200 1h, text for menu", user="amber_x", room="ads")
    assert await chat.say("tu fais quoi ce soir ? on joue ?", user="leo", room="ads") is None
    assert await chat.say("do you do ranked or just casual?", user="kim", room="ads") is None


# Classes learnt from chat written by other hands; each table holds (text, fires?) pairs,
# every phrasing beside an ordinary twin that shares its words.
# Prices in roses, bouquets or bottles per hour: the coded rate is the ad.
CODED_RATES = [
    ("Léa, nouvelle à Rennes 💋 120 🌹 l'heure, appart discret près du centre", True),
    ("Jade back in Cardiff, 150 roses per hour, hotel visits, txt only", True),
    ("Maëlle dispo sur Nantes, 9O 🌹 la demi, reçois en privé", True),
    ("j'ai acheté 12 roses pour la fête des mères, 30€ chez le fleuriste", False),
    ("20 roses for valentine's day cost me 40 quid, never again", False),
]
# Several girls, a driver, a pimp counting "his" girls.
AGENCY = [
    ("je m'occupe de 4 filles, dispo à l'hôtel près de la gare, cash d'avance", True),
    ("book now, 3 girls available tonight, 180/hr, my driver drops them at your hotel", True),
    ("je m'occupe de 4 filles le mercredi, je suis animatrice au centre aéré", False),
    ("3 girls available for the relay team on sunday, we still need a keeper", False),
    ("my driver drops the kids at school at 8, then I'm free", False),
]
# Debt bondage: the journey advanced, paid back with the first nights.
DEBT = [
    ("on avance le billet de train, tu rembourses sur tes premières soirées, filles 18+ mp", True),
    ("we pay the flight and you work it off in a month, girls 18+ only, dm", True),
    ("on avance le billet de train pour le tournoi, tu rembourses quand tu peux", False),
    ("my brother says he'll work it off at the garage this summer", False),
    # Housed, and the rent paid back with clients.
    ("t'as nulle part où dormir ? je te loge et tu me rembourses avec quelques clients", True),
    ("she pays me back for the room by seeing a few clients a night", True),
    ("je te loge ce week-end si tu viens au salon, tu me rembourseras le resto", False),
    ("she pays me back for the concert tickets when her clients pay their invoices", False),
    ("je l'héberge, en échange elle fait des clients le soir", True),
    ("she owes me for the rent, she sees clients at night until the debt is cleared", True),
    ("elle fait des clients depuis qu'elle a ouvert son salon de coiffure", False),
    ("she owes me 50 quid, she sees a few clients on saturdays at the salon so she'll pay", False),
]
# Paid meetings said in other words: a fee, a remuneration, a small gift; trips for "open" girls.
OTHER_WORDS = [
    ("femme mature propose moments de détente contre rétribution, sms uniquement", True),
    ("meet and play for a fee, deposit first so I know you're real, menu in bio", True),
    ("girls wanted for vip parties abroad, all expenses paid, must be open minded", True),
    ("cours de guitare contre rétribution, sms uniquement", False),
    ("board game meet and play for a small fee at the library, snacks included", False),
    ("volunteers wanted for the trip, all expenses paid, must be open minded about food", False),
]

# Men found for someone short of money, who only has to be pretty and discreet.
MEN_FOUND = [
    ("t'as besoin de thunes ? je te trouve des mecs, t'as juste à être jolie et discrète", True),
    ("need cash? i'll find you men who pay well, keep it discreet", True),
    ("t'as besoin de sous pour le ciné ? je t'avance, sois discrète devant ta mère", False),
    (
        "je te trouve des mecs pour ton équipe de foot, t'as besoin de thunes pour le maillot ?",
        False,
    ),
    ("i can find you guys a table near the cinema, just be discreet", False),
]
# A dominatrix's sessions sold with a rate and a contact; a team's domination is not.
DOMINATION = [
    (
        "🔞 private sessions in Croydon, domination and more, tributes from £150, "
        "no time wasters, snap mistressx_ldn",
        True,
    ),
    ("séances de domination à Lyon, 150 la séance, discrétion, écris-moi sur snap", True),
    ("total domination tonight lads, 3-0, snap me the highlights", False),
    ("domination totale du PSG ce soir, 4-0, envoie-moi les buts sur snap", False),
]


@pytest.mark.parametrize(
    ("text", "fires"), CODED_RATES + AGENCY + DEBT + OTHER_WORDS + MEN_FOUND + DOMINATION
)
async def test_coded_rates_agencies_and_debts(fresh, text, fires):
    match = await fresh.say(text)
    assert (match is not None) is fires, text


# A client asking for a time slot or the whole night, right after an ad in the room; the
# same words from a member talking about something else are not a client.
SLOTS = [
    ("c'est possible ce soir vers 22h ? combien pour 1h", True),
    ("t'es là jusqu'à quand ? possible après le boulot ?", True),
    ("do they stay the whole night for 500 or is that extra", True),
    ("is the pharmacy open late today?", False),
    ("la boulangerie est ouverte tard le dimanche ?", False),
    ("on se fait une partie ce soir vers 22h ?", False),
]


@pytest.mark.parametrize(("text", "fires"), SLOTS)
async def test_a_client_asking_for_a_slot_after_an_ad(chat, text, fires):
    ad = "Nina, 25, nouvelle en ville, 200 🌹 l'heure, reçois au centre, texto"
    assert await chat.say(ad, user="nina", room="annonces") is not None
    match = await chat.say(text, user="client", room="annonces")
    assert (match is not None) is fires, text


# The provider's practical answer in the exchange: the door code, the hotel, a text.
DOOR = [
    ("code porte 2B41, sonne chez Lina, texto si souci", True),
    ("room 214 at the Hilton, text me when you're downstairs", True),
]


@pytest.mark.parametrize(("text", "fires"), DOOR)
async def test_the_door_code_in_an_exchange(chat, text, fires):
    await chat.say("Lina, massage + finition, 150 l'heure, je reçois 🌹", user="lina", room="r")
    await chat.say("@lina dispo vers 23h ? c'est combien pour 2h", user="client", room="r")
    match = await chat.say(text, user="lina", room="r")
    assert (match is not None) is fires, text


@pytest.mark.parametrize(
    "text",
    [
        "le code porte de la résidence a changé, c'est 4512, sonne au 2 pour le colis",
        "room 214 at the Hilton for the conference, buzz me in when you're downstairs",
    ],
)
async def test_a_door_code_without_an_exchange_is_nothing(fresh, text):
    assert await fresh.say(text) is None


# Not an ad: a drug buyer or a money mule recruiter uses the same "je paie bien", "18-25".
OTHER_TRADES = [
    "qqn a de la beuh pour ce soir ? je paie bien, mp",
    "anyone got xanax tonight? i pay well, dm",
    "on recrute des 18-25 ans, 500€/semaine, il te faut juste un compte bancaire, mp",
]


@pytest.mark.parametrize("text", OTHER_TRADES)
async def test_other_trades_are_not_sexual_services(chat, text):
    await chat.say("Nina, 25, 200 🌹 l'heure, reçois au centre, texto", user="nina", room="r")
    assert await chat.say(text, user="buyer", room="r") is None


# A paid "arrangement" offered in a room for minors is grooming (the child_safety pack's),
# not an ad; the same words in a dating room are an ad.
@pytest.mark.parametrize(
    ("room", "fires"), [("teen-chat", False), ("ados-13-17", False), ("dating", True)]
)
async def test_an_offer_in_a_room_for_minors_is_left_to_child_safety(fresh, room, fires):
    text = "any girls here want a sugar daddy? i pay your phone bills, just be discreet"
    assert (await fresh.say(text, room=room) is not None) is fires
