"""A bar opening a word and an inner "!" are read both ways, "i" and "l".

The normalizer reads one letter; the matcher tries the other where the raw text had the
symbol, as it does for a leet "1".
"""

import pytest

from bot.matching import Matcher, Term
from bot.text import normalize

TERMS = [Term("livraison", "delivery"), Term("insta", "app"), Term("alone", "alone")]
TERMS += [Term("white", "colour"), Term("pills", "product"), Term("lsd", "product")]


def _found(text: str) -> set[str]:
    return {hit.term for hit in Matcher(TERMS).find(text)}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("|ivraison rapide", {"livraison"}),  # FR: the bar reads "l"
        ("|sd dispo", {"lsd"}),
        ("add me on |nsta", {"insta"}),  # EN: the other reading, "i"
        ("come a!one", {"alone"}),  # "!" reads "i", and "l" too
        ("wh!te", {"white"}),
        ("p!lls", {"pills"}),
    ],
)
def test_the_symbols_read_both_ways(raw: str, expected: set[str]) -> None:
    view = normalize(raw)
    assert "leet" in view.flags
    assert _found(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "||spoiler|| la fin du film",  # a spoiler's bars are no letters
        "Lily | 13",
        "dispo| snap",  # a bar closing a word is a separator
        "snap | insta",
        "!help",  # a bot command
        "trop bien !",
        "what!",
    ],
)
def test_bars_and_bangs_beside_blanks_stay_symbols(raw: str) -> None:
    view = normalize(raw)
    assert "leet" not in view.flags
    assert view.text == raw.lower()


def test_a_plain_word_is_not_read_with_the_other_letter() -> None:
    # "alone" is not in "aione" typed as such, nor "white" in "whlte".
    assert _found("aione whlte") == set()
