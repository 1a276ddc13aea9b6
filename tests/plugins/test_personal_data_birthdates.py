"""Dates of birth: found after a word saying so, with a year and a real day; masked to the year.

The sentences and people are written for these tests.
"""

import pytest

from plugins.personal_data.birthdates import find_birthdates
from plugins.personal_data.found import mask
from tests.support.personal_chat import make_chat


@pytest.fixture(scope="module")
def chat(registry):
    return make_chat(registry)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Inès Garnier, née le 03/02/2004, en terminale à Vaulx", "2004-02-03"),
        ("il est né le 14.07.1999 à Namur", "1999-07-14"),
        ("Tom Reeve, DOB 21/11/2006, lives with his nan", "2006-11-21"),
        ("date de naissance : 5-9-1987", "1987-09-05"),
        ("née le 3 février 2004 à Lille", "2004-02-03"),
        ("born on the 3rd of April 2004 in Hull", "2004-04-03"),
        ("date of birth: March 9, 1995", "1995-03-09"),
        ("D.O.B. 02/02/2003, provisional licence", "2003-02-02"),
    ],
)
def test_a_date_of_birth_is_found(text, value):
    (found,) = find_birthdates(text)
    assert found.kind == "birthdate"
    assert found.value == value


@pytest.mark.parametrize(
    "text",
    [
        "rdv le 03/02/2025 à 14h pour la réunion",  # a date, no word of birth
        "la portée est née le 2 septembre, visites sur rdv",  # no year
        "send us your name and date of birth to claim the prize",  # asked, not given
        "née le 31/02/2004",  # no calendar has that day
        "born in 1998, raised in Leeds",  # a year alone says an age, not a date
    ],
)
def test_other_dates_are_not_dates_of_birth(text):
    assert find_birthdates(text) == []


def test_a_date_of_birth_is_masked_to_its_year():
    assert mask("birthdate", "2004-02-03") == "2004-••-••"


async def test_someone_elses_date_of_birth_with_their_name_is_doxxing(chat):
    hits = await chat.say(
        "voilà celui qui a balancé : Yanis Keller né le 03/02/2004, il traîne au city tous les "
        "soirs, allez le voir"
    )
    assert {str(h.match.category) for h in hits} == {"personal_data", "hate_harassment"}
    summaries = " ".join(h.match.summary for h in hits)
    assert "2004" in summaries
    assert "03/02" not in summaries


async def test_a_date_of_birth_written_d_o_b_reaches_the_rule(chat):
    hits = await chat.say("found a licence on the bus: Dan Hale, D.O.B. 02/02/2003, who is he?")
    assert "personal_data.birthdate" in hits[0].match.signals


async def test_own_date_of_birth_is_personal_data(chat):
    hits = await chat.say("pour le dossier de l'ANEF ma date de naissance c'est le 12/03/1997")
    assert {str(h.match.category) for h in hits} == {"personal_data"}
    assert "personal_data.birthdate" in hits[0].match.signals


async def test_a_birthday_without_a_year_is_no_personal_data(chat):
    assert not await chat.say("c'est mon anniv le 12 mars, je suis née le 12 mars 🎂")
