"""The personal_data and doxxing triggers through the engine: whose data it is, what fires.

The sentences are written for these tests, not taken from the dev corpus. Numbers come
from ranges reserved for fiction where one exists (06 39 98, 07 00, 555-01xx, 07700 900).
"""

import pytest

from bot.app import build_services
from bot.categories import Category, Severity
from bot.config import load_config_text
from plugins.personal_data.options import DoxxingOptions, PersonalDataOptions
from plugins.personal_data.triggers import doxxing, personal_data
from tests.support.messages import context_of, make_message
from tests.support.personal_chat import CONFIG, make_chat


@pytest.fixture(scope="module")
def chat(registry):
    return make_chat(registry)


# --- triggers through the engine -----------------------------------------------------------

OWN = [
    "appelle-moi au 06 39 98 12 45 ce soir",
    "06 39 98 12 45",
    "mon mail: lea.m92@gmail.com",
    "voilà mon IBAN pour la cagnotte : FR14 2004 1010 0505 0001 3M02 606",
    "j'habite au 14 rue Victor Hugo 38000 Grenoble, passez samedi",
    "text me on 07700 900461",
    "my email is dan.k.porter@protonmail.com",
    "zéro six, trente-neuf, quatre-vingt-dix-huit, douze, quarante-cinq c'est mon num",
    "tel: 0️⃣6️⃣ 3️⃣9️⃣ 9️⃣8️⃣ 1️⃣2️⃣ 4️⃣5️⃣",
    "pour la cagnotte, virement sur mon compte FR76 3000 6000 0112 3456 7890 188",
    "soirée chez moi samedi, 34 r.u.e Chevreul, 3e étage",
    "for the coach, pay me on sort code 20-45-77, account 13572468, ref your name",
    "selling my bike, text me 555-0147",
    "if the admins need to check, my passport no. is 502233671",
    # The author's own contact, though a place or a delivery is named beside it.
    "need a lift to the match? add me on whatsapp 07700 900461, I drive past the station",
    "delivery tonight, text my burner 07700 900462",
    "mon gsm c'est le 06 39 98 12 47, je passe devant la gare",
]
THIRD_PARTY = [
    "son numéro c'est le 06 39 98 12 45, faites vous plaisir",
    "voici l'adresse de kevin : 3 impasse des Mésanges 44000 Nantes",
    "le 06 de la meuf qui m'a bloqué : 06 39 98 12 45",
    "elle habite au 9 avenue Jean Jaurès, 69007 Lyon, vous savez quoi faire",
    "here's his number 646-555-0199, spam him",
    "found her email: chloe.b@example.com, have fun",
    "he lives at 5 Rose Lane, Leeds LS2 7AB, go pay him a visit",
    "le mail de sarah c'est sarah.k (at) example (dot) fr",
    "on sait toujours où t'habites, rue des Lilas, 12",
    "il habite rue des Tanneurs 17 à Namur, passez le voir",
    # Without an article, with "du", or a relative of someone else.
    "numéro de kevin : 06 39 98 12 45",
    "adresse du mec : 12 rue des Lilas, 59000 Lille",
    "sa daronne : 06 39 98 12 45",
    # Someone else's car and its plate.
    "her car is the red Polo, plate YK19 EXM, outside the gym every night",
    "sa caisse c'est une 208 noire GH-417-ZK, toujours devant le tabac",
    "white Transit, plate WN19 XKD, parks behind the chippy every night",
    # Someone else's account with a pile-on called.
    "son insta c'est lea.mrtn_92, allez lui écrire ce que vous pensez",
    "her snap is j.doe.04, spam her till she deletes",
    "found her twitter, it's @k_mills_77, flood her mentions",
    "voilà sa carte : n° étudiant 22104518, fac de Lille, allez-y tous",
]
BENIGN = [
    "le SAMU c'est le 15, les pompiers le 18, le 112 partout en Europe",
    "en cas de harcèlement appelez le 3018, c'est gratuit",
    "la pizzeria livre jusqu'à 23h, leur numéro c'est le 01 99 00 38 12",
    "the dentist on Elm St is (212) 555-0189, they take walk-ins",
    "SOS Amitié 09 72 39 40 50, 24h/24",
    "numéro vert 0 800 130 000 pour les infos",
    "pour l'adhésion écrivez à contact@rando-brest.example.org",
    "mon IBAN est dans le mail que je t'ai envoyé",
    "ne donnez jamais votre numéro à un inconnu",
    "le concert c'est au Zénith, 211 avenue Jean Jaurès",
    "mon code ami c'est SW-4471-0926-3318",
    "j'ai payé 45,90 € le 12/03/2024 à 18h30",
    "numéro de commande 0639981245, toujours pas livré",
    "my tracking number is 07700900461, no update since monday",
    # A member's own plate, or a car for sale: a plate counts only as someone else's.
    "ma voiture est à vendre, plaque GH-417-ZK, contrôle technique ok",
    "my plate is KX19 LRT, so it's a 2019 reg right?",
    "selling the Fiesta AB12 CDE, 80k miles, she runs perfectly",
    # A witness appeal: another driver's plate given to find them.
    "the guy who hit my car on Mill Lane drove off, his plate was AB12 CDE, anyone see it?",
    "délit de fuite hier soir, une Clio grise GH-417-ZK, il a accroché mon scooter",
    # Accounts given out, recommended or pushed by their owner.
    "her insta is @lea.art, she does amazing commissions",
    "suivez-moi sur insta @bougies.lea, partagez !",
    "my snap is lea.m.09 add me",
    "insta is down again, anyone else?",
]


@pytest.mark.parametrize("text", OWN)
async def test_own_private_data_is_personal_data_only(chat, text):
    hits = await chat.say(text)
    assert {str(h.match.category) for h in hits} == {"personal_data"}
    (hit,) = hits
    assert hit.match.severity == Severity.MEDIUM
    assert any(s.startswith("personal_data.") for s in hit.match.signals)


@pytest.mark.parametrize("text", THIRD_PARTY)
async def test_someone_elses_data_is_doxxing_too(chat, text):
    hits = await chat.say(text)
    assert {str(h.match.category) for h in hits} == {"personal_data", "hate_harassment"}
    for hit in hits:
        assert hit.match.severity == Severity.HIGH
        assert "personal_data.third_party" in hit.match.signals


@pytest.mark.parametrize("text", BENIGN)
async def test_public_numbers_and_prose_do_not_fire(chat, text):
    assert await chat.categories(text) == set()


async def test_a_summary_masks_the_data_and_spans_point_at_it(chat):
    text = "son 06 : 06 39 98 12 45 allez-y"
    hits = await chat.say(text)
    match = next(h.match for h in hits if h.match.category == Category.PERSONAL_DATA)
    assert "06 39 98 12 45" not in match.summary
    assert "06 •• •• •• 45" in match.summary
    (span,) = match.spans
    assert text[span.start : span.end] == "06 39 98 12 45"


async def test_a_doxxing_spree_carries_over_to_the_next_message(chat):
    await chat.say("son adresse : 3 impasse des Mésanges 44000 Nantes", user="troll")
    hits = await chat.say("et 06 39 98 12 45", user="troll")
    dox = next(h for h in hits if h.rule == "doxxing")
    assert "personal_data.streak" in dox.match.signals
    # Another member posting a number is not caught in the troll's streak.
    assert await chat.categories("06 39 98 77 04", user="lea") == {"personal_data"}


async def test_a_mention_with_data_and_no_own_words_is_someone_elses(chat):
    assert await chat.categories("@mathis 06 39 98 12 45") == {"personal_data", "hate_harassment"}
    assert await chat.categories("@mathis appelle-moi au 06 39 98 12 45") == {"personal_data"}
    # The account a seller gives the buyer to be paid on is the seller's own.
    iban = "FR76 3000 6000 0112 3456 7890 189"
    paid = f"@mathis ok je te la garde, pour le virement c'est {iban}, j'envoie lundi"
    assert await chat.categories(paid) == {"personal_data"}
    assert await chat.categories(f"@mathis for the transfer: {iban}") == {"personal_data"}
    exposed = f"@mathis voilà l'IBAN de ta mère {iban}"
    assert await chat.categories(exposed) == {"personal_data", "hate_harassment"}


async def test_whereabouts_with_a_call_to_act_is_doxxing(chat):
    text = "she works at the bakery on Mill Lane, shift ends at 6, you know what to do"
    assert await chat.categories(text) == {"personal_data", "hate_harassment"}
    assert await chat.categories("my sister works at the bakery on Mill Lane", user="lea") == set()


async def test_options_turn_public_numbers_on(registry):
    chat = make_chat(
        registry,
        CONFIG.replace(
            "triggers: [personal_data]",
            "triggers: [{personal_data: {public_numbers: true, kinds: [phone, plate]}}]",
        ),
    )
    assert await chat.categories("0 800 130 000") == {"personal_data"}
    # Someone else's plate: the doxxing rule reads plates by default too.
    assert await chat.categories("sa caisse AB-123-CD") == {"personal_data", "hate_harassment"}
    assert await chat.categories("mon mail lea.m92@gmail.com") == set()


# A business gives its number plainly; "chez moi" after "de" places a shop, it owns nothing.
PLACES_NEAR_HOME = [
    "la pizzeria en bas de chez moi livre jusqu'à minuit, 05 36 49 12 34",
    "le garage à côté de chez moi est top, leur fixe 05 36 49 12 35",
    "the pizzeria near my place delivers till late, 020 7946 0123",
    "the bakery by my house opens at 6, call 020 7946 0124",
]
HOME_AND_SPELLED = [
    # the twins: the author's own home, and a number a business would never spell out
    "viens chez moi ce soir, 06 39 98 12 34",
    "come to my place after, text 07700 900461",
    "nouvelle sur Lyon, réservations au zéro six, trente-neuf, quatre-vingt-dix-huit, "
    "douze, trente-quatre",
    "bookings open: zero seven seven zero zero, nine zero zero, four six one",
]


@pytest.mark.parametrize("text", PLACES_NEAR_HOME)
async def test_a_shop_near_home_is_a_public_number(chat, text):
    assert await chat.categories(text) == set()


@pytest.mark.parametrize("text", HOME_AND_SPELLED)
async def test_own_home_and_spelled_numbers_stay_personal(chat, text):
    assert await chat.categories(text) == {"personal_data"}


WORK_DETAILS = [
    ("cours de guitare, mon adresse pro c'est le studio au 18 rue du Rhône, 1204 Genève", False),
    ("for invoices my work number is 020 7946 0125", False),
    ("mon adresse c'est le 18 rue du Rhône, 1204 Genève, passe quand tu veux", True),
    ("my number is 020 7946 0125, text me", True),
]


@pytest.mark.parametrize(("text", "personal"), WORK_DETAILS)
async def test_work_details_given_as_such_are_not_private(chat, text, personal):
    assert (await chat.categories(text) == {"personal_data"}) is personal, text


# A number said to be public in as many words, a line named for its use, an answering
# machine, orders taken at a number: a service's, even passed around. Someone else's number
# called public is still someone else's; "not my mobile" is no own number.
TAKEN = {"personal_data", "hate_harassment"}
SAID_PUBLIC = [
    ("la ligne d'écoute de l'asso : 01 99 00 34 56, c'est un numéro public, partagez", set()),
    ("the allotment society number is public, 0161 496 0789, pass it on", set()),
    ("ring the garage on 01632 960 777, that's their business line, not my mobile", set()),
    ("the bakery's answering machine takes orders overnight: 04 65 71 33 21", set()),
    ("galettes pour la fête du village, commandes au 04 65 71 88 12 avant jeudi", set()),
    (
        "voici le numéro de Léa 06 39 98 12 34, c'est son numéro public, faites tourner",
        {"personal_data", "hate_harassment"},
    ),
    ("not my mobile but my home phone, if you need me tonight: 01632 960 555", {"personal_data"}),
    ("voici le numéro de la mairie si vous avez des questions : 01 23 45 67 89", set()),
    ("voici le numéro de Kevin 06 45 12 78 90, appelez-le toute la nuit", TAKEN),
    ("voici le num : 06 45 12 78 90, spammez-la", TAKEN),
]


@pytest.mark.parametrize(("text", "categories"), SAID_PUBLIC)
async def test_numbers_said_to_be_public_are_let_be(chat, text, categories):
    assert await chat.categories(text) == categories, text


# --- what `vigie explain` is told when the rules let the data be ----------------------------


def _described(registry, text):
    services = build_services(load_config_text(CONFIG, registry, file="t.yaml"))
    ctx = context_of(make_message(text))
    return personal_data(PersonalDataOptions(), services), doxxing(DoxxingOptions(), services), ctx


async def test_describe_says_why_data_was_let_be(registry):
    data, _, ctx = _described(registry, "la pizzeria livre, leur numéro c'est le 01 99 00 38 12")
    assert await data.describe(ctx) == [
        "phone 01 •• •• •• 12: given as a business's or a service's"
    ]
    data, _, ctx = _described(registry, "pour l'adhésion écrivez à contact@rando-brest.example.org")
    assert await data.describe(ctx) == [
        "e-mail c•••@rando-brest.example.org: public (a service's number or a role address)"
    ]
    data, dox, ctx = _described(registry, "ne donnez jamais votre numéro à un inconnu")
    assert await data.describe(ctx) == []
    assert await dox.describe(ctx) == []


async def test_describe_says_doxxing_saw_no_owner(registry):
    _, dox, ctx = _described(registry, "appelle-moi au 06 39 98 12 45 ce soir")
    assert await dox.describe(ctx) == ["phone 06 •• •• •• 45: nothing says it is someone else's"]
