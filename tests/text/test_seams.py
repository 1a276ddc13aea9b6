"""A leading "a" of spelled-out letters is read both ways: a word, and the first letter.

After a determiner the normalizer keeps the "a" in the word ("une a r n a q u e"); after
any other word it reads it as the preposition ("ajoute moi a s n a p"), which spells
"come a l o n e" as "come a lone". The seam it leaves lets a term match the other
reading ("come alone"), and only there. The sentences are written for these tests.
"""

import pytest

from bot.matching import Matcher, Term
from bot.text import normalize
from tests.support.packchat import pack_chat

TERMS = [
    Term("come alone", "alone"),
    Term("meet alone", "alone"),
    Term("alone", "alone_word"),
    Term("arnaque", "scam"),
    Term("snap", "app"),
    Term("a snap", "app_phrase"),
]


def _found(text: str) -> set[str]:
    return {hit.term for hit in Matcher(TERMS).find(text)}


@pytest.mark.parametrize(
    ("raw", "read", "expected"),
    [
        ("come a l o n e", "come a lone", {"come alone", "alone"}),
        ("ok meet a l o n e tonight", "ok meet a lone tonight", {"meet alone", "alone"}),
        ("c'est a r n a q u e", "c'est a rnaque", {"arnaque"}),
        # The first reading still stands: "a" is the preposition, "snap" a word.
        ("ajoute moi a s n a p", "ajoute moi a snap", {"snap", "a snap"}),
    ],
)
def test_a_leading_a_is_read_both_ways(raw: str, read: str, expected: set[str]) -> None:
    view = normalize(raw)
    assert view.text == read
    assert view.seams
    assert _found(raw) == expected


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        ("c o m e  a l o n e", "come alone"),  # the writer's wide blank says where words end
        ("a l o n e", "alone"),  # nothing before: the "a" opens the word
        ("c'est une a r n a q u e", "c'est une arnaque"),  # a determiner keeps the "a"
        ("come a.l.o.n.e", "come alone"),  # one separator throughout: one word
    ],
)
def test_where_the_a_is_not_in_doubt_there_is_no_seam(raw: str, read: str) -> None:
    view = normalize(raw)
    assert view.text == read
    assert not view.seams


@pytest.mark.parametrize(
    "raw",
    [
        "viens \u00e0 l o n e",  # "à" is always the preposition
        "viens \u00e0 l'heure",
        "viens a l heure stp",
        "rdv \u00e0 la gare",
        "come a lone",  # typed as words: no seam, no other reading
        "he is a lone wolf",
        "i felt a l o n e l y",  # the other reading is "alonely", not "alone"
    ],
)
def test_prose_and_words_typed_as_such_have_no_other_reading(raw: str) -> None:
    assert _found(raw) == set()


def test_french_a_before_a_time_reads_as_written() -> None:
    for raw, read in [
        ("viens \u00e0 l'heure", "viens a l'heure"),
        ("viens a l heure", "viens a l heure"),
        ("on se voit \u00e0 l a g a r e", "on se voit a lagare"),
    ]:
        view = normalize(raw)
        assert view.text == read
        assert not view.seams


def test_the_seam_is_a_raw_index_that_survives_later_edits() -> None:
    # Leetspeak and squeezed repeats run after the joining; the seam still points
    # at the blank after the "a".
    raw = "c0me a l o o o n e"
    view = normalize(raw)
    assert view.text == "come a lone"
    (seam,) = view.seams
    assert raw[seam] == " "
    assert raw[seam - 1] == "a"
    assert {hit.term for hit in Matcher(TERMS).find(view)} == {"come alone", "alone"}


async def test_the_luring_pack_needs_no_a_lone_entry(registry, library) -> None:
    chat = pack_chat("luring", registry, library, fresh_members=True)
    plain = await chat.say("meet me behind the gas station, come alone and bring the cash")
    spelled = await chat.say("meet me behind the gas station, come a l o n e and bring the cash")
    assert plain is not None
    assert spelled is not None
    assert "luring.alone" in plain.signals
    assert "luring.alone" in spelled.signals


async def test_a_lone_typed_as_words_is_no_order_to_come_alone(registry, library) -> None:
    chat = pack_chat("luring", registry, library, fresh_members=True)
    match = await chat.say("come see the movie tonight, it's about a lone wolf in the snow")
    assert match is None or "luring.alone" not in match.signals
