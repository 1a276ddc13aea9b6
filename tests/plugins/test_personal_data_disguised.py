"""Personal data written to slip past a filter, and data the words around it used to hide.

Classes: numbers typed with letters for digits or half spelled out; an IBAN asked for in a
payment next to business words; someone's routine (room or class, and when they come and
go); data given with a call to pile on. Each is one table of (text, fires?) in French and
English, with twins. The sentences are written for these tests, not taken from a corpus;
numbers come from ranges reserved for fiction (06 39 98, 07700 900, 555-01xx).
"""

import pytest

from plugins.personal_data.phones import find_phones
from tests.support.personal_chat import make_chat

REGIONS = ("FR", "US", "GB")
DOX = {"personal_data", "hate_harassment"}
PD = {"personal_data"}


@pytest.fixture(scope="module")
def chat(registry):
    return make_chat(registry)


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("texte-moi au O6 39 98 l2 45", "0639981245"),
        ("call 07700 9OO 31l", "07700900311"),
        ("ring O77OO 900 462 after 6", "07700900462"),
        ("my cell 2l2-555-Ol47", "2125550147"),
        ("06 39 98 douze quarante-cinq", "0639981245"),
        ("07700 900 four six one", "07700900461"),
        ("zéro 6 39 98 12 45", "0639981245"),
        ("f1ve one f0ur, 555, 0 1 3 8", "5145550138"),
    ],
)
def test_numbers_typed_with_letters_or_half_spelled_are_read(text, digits):
    found = find_phones(text, REGIONS)
    assert len(found) == 1, found
    assert found[0].disguised
    assert "".join(c for c in found[0].value if c.isdigit()).endswith(digits[-8:])


@pytest.mark.parametrize(
    "text",
    [
        "Vends ma Clio 2012, 145 000 km, une seule main, 4 500 € à débattre",
        "on était 20 à la soirée, un de trop pour l'appart de 45 m2 lol",
        "one of the 2024 11 12 builds broke, rolling back to 2023",
        "lol 10l0l 2024 was wild",
    ],
)
def test_prose_with_number_words_and_figures_is_not_a_number(text):
    assert find_phones(text, REGIONS) == []


DISGUISED = [
    ("dispo ce soir, sms au O6 39 98 4l 27", {"personal_data"}),
    ("text me, 07700 9OO 5l8, no calls", {"personal_data"}),
    ("mon num c'est le 06 39 98 trente et un 05", {"personal_data"}),
    ("her number's 07700 900 two one eight, go wild lads", {"personal_data", "hate_harassment"}),
    # twins
    ("rdv à 19h, on sera douze à table, 06 personnes confirmées", set()),
    ("the O2 arena, 9OO seats left, doors at seven", set()),
]

IBAN_IN_A_PAYMENT = [
    ("Virement de 350 € sur FR76 1027 8060 4100 0204 5678 912, dès réception je poste", PD),
    ("IBAN GB33 BUKB 2020 1555 5555 55, I send the keys by post on receipt", {"personal_data"}),
    ("faites le virement sur mon compte, les clés partent dès réception", set()),
    ("call reception on 0800 123 4567 to pay by card", set()),
]

ROUTINE = [
    ("her snap is mia.jx, she's in halls on Park Road, room 31, leaves for lectures at 8", DOX),
    ("son insta c'est @jul.m, il est en terminale au lycée Hugo, il prend le 12 à 18h", DOX),
    ("sa fille va à l'école Jules Ferry, sortie 16h30, on passera lui dire bonjour", DOX),
    # twins: the author's own routine, someone's habits without a room or class
    ("i'm in halls this year, room 31, i go to the gym at 7 if anyone wants to join", set()),
    ("he goes to the gym every morning at 6, proud of him", set()),
    ("ma sœur est au lycée, elle prend le bus tous les matins", set()),
]


async def test_a_call_to_pile_on_makes_the_data_someone_elses(chat):
    hits = await chat.say("07700 900 318, have at it")
    dox = next(h for h in hits if h.rule == "doxxing")
    assert "personal_data.incitement" in dox.match.signals
    assert await chat.categories("07700 900 318, text me after 6") == {"personal_data"}


# Addresses with the house number spelled out or the words split by invisible characters.
HIDDEN_ADDRESSES = [
    ("elle habite quatorze rue des Acacias, allez lui rendre visite", DOX),
    ("he lives at twelve Mill Road, go and tell him what you think", DOX),
    ("son adresse : 1\u200b2 r\u200bu\u200be des Acacias, tout le monde chez lui ce soir", DOX),
    ("mon adresse pour le colis : vingt-deux avenue Foch, 2e étage", PD),
    # twins: numbers and streets that are no address
    ("on a marché deux rues plus loin pour trouver une boulangerie", set()),
    ("trois places de parking libres rue Neuve ce matin", set()),
    ("twelve Church Road buses were cancelled today", set()),
    ("elle habite une rue calme, on dort bien", set()),
    ("I live on one quiet Main Street, nothing ever happens", set()),
]

CASES = [
    *(pytest.param(t, c, id=f"disguised-{i}") for i, (t, c) in enumerate(DISGUISED)),
    *(pytest.param(t, c, id=f"iban-{i}") for i, (t, c) in enumerate(IBAN_IN_A_PAYMENT)),
    *(pytest.param(t, c, id=f"routine-{i}") for i, (t, c) in enumerate(ROUTINE)),
    *(pytest.param(t, c, id=f"address-{i}") for i, (t, c) in enumerate(HIDDEN_ADDRESSES)),
]


@pytest.mark.parametrize(("text", "categories"), CASES)
async def test_data_fires_and_its_twin_does_not(chat, text, categories):
    assert await chat.categories(text) == categories, text
