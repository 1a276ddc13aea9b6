"""Payment card numbers: found by check digit or beside card words, masked to the last four.

The sentences are written for these tests. 4111 1111 1111 1111 and 5555 5555 5555 4444 are
the networks' published test numbers; the others are made up and fail the check digit.
"""

import pytest

from plugins.personal_data.cards import find_cards
from plugins.personal_data.found import Found, mask
from tests.support.personal_chat import make_chat


@pytest.fixture(scope="module")
def chat(registry):
    return make_chat(registry)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4111 1111 1111 1111", "4111 1111 1111 1111"),  # check digit holds, no word needed
        ("paid with 5555-5555-5555-4444 yesterday", "5555-5555-5555-4444"),
        ("4111111111111111", "4111111111111111"),
        ("ma carte : 4970 1012 3456 7890, exp 09/28", "4970 1012 3456 7890"),  # typo, named
        ("card 4929 1234 5678 9012 expiry 08/29", "4929 1234 5678 9012"),
        ("amex 3782 822463 10005", "3782 822463 10005"),
    ],
)
def test_a_card_is_found(text, value):
    (found,) = find_cards(text)
    assert found.kind == "card"
    assert found.value == value
    assert text[found.start : found.end] == value


@pytest.mark.parametrize(
    "text",
    [
        "colis 4970 1012 3456 7890 parti ce matin",  # no check digit, no card word
        "SIRET 443 061 841 00047",
        "total 1234.5678,9012 3456",
        "06 39 98 12 45",
        "order 1234 5678 9012 3456",  # issuers start with 2 to 6... 1 is none of them
        "card? no, transfer: FR76 3000 4000 0512 3456 7890 143",  # the middle of an IBAN
        "ref 4111 1111 1111 1111 2222 9",  # part of a longer number
    ],
)
def test_other_long_numbers_are_not_cards(text):
    assert find_cards(text) == []


def test_a_number_already_found_is_not_read_again():
    taken = (Found(kind="iban", start=0, end=19, value="x"),)
    assert find_cards("4111 1111 1111 1111", taken) == []


def test_a_card_is_masked_to_its_last_four_digits():
    assert mask("card", "4111 1111 1111 1234") == "•••• •••• •••• 1234"


async def test_own_card_is_personal_data_and_the_report_masks_it(chat):
    hits = await chat.say("my card keeps getting declined, 4970 1012 3456 7890 exp 09/28??")
    assert {str(h.match.category) for h in hits} == {"personal_data"}
    (hit,) = hits
    assert "personal_data.card" in hit.match.signals
    assert "7890" in hit.match.summary
    assert "4970 1012" not in hit.match.summary


async def test_a_card_is_never_a_business_number(chat):
    hits = await chat.say("for the shop's orders use our company card 4111 1111 1111 1111")
    assert {str(h.match.category) for h in hits} == {"personal_data"}
