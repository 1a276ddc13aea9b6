"""Two words spelled out with no wider blank: the matcher may end a term inside the join.

Without a dictionary the normalizer cannot split "e i g h t h t o n i g h t"; it joins it
and keeps breaks at each gap with three letters or more on both sides. A term of four
letters or more may begin or end there; shorter ones, and words typed as such, may not.
"""

import pytest

from bot.matching import Matcher, Term
from bot.text import normalize
from tests.support.packchat import pack_chat

TERMS = [Term(t, t) for t in ("eighth", "tonight", "come", "alone", "ass", "coke", "seul")]
TERMS += [Term("viens", "viens")]


def _found(text: str) -> set[str]:
    return {hit.term for hit in Matcher(TERMS).find(text)}


@pytest.mark.parametrize(
    ("raw", "read", "expected"),
    [
        ("e i g h t h t o n i g h t", "eighthtonight", {"eighth", "tonight"}),
        ("c o m e a l o n e", "comealone", {"come", "alone"}),
        ("c o k e t o n i g h t", "coketonight", {"coke", "tonight"}),
        ("v i e n s s e u l", "viensseul", {"viens", "seul"}),  # FR
    ],
)
def test_terms_end_at_the_breaks_of_a_spelled_out_run(
    raw: str, read: str, expected: set[str]
) -> None:
    view = normalize(raw)
    assert view.text == read
    assert view.breaks
    assert _found(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "eighthtonight",  # typed as one word: no break
        "comealone",
        "viensseul",
        "c l a s s",  # "ass" has two letters before it, and three letters are too few
        "a s s a s s i n",
        "p a s s e r",  # FR
        "b a s s e s",
    ],
)
def test_short_terms_and_words_typed_as_such_do_not_break(raw: str) -> None:
    assert _found(raw) == set()


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        ("e i g h t h\tt o n i g h t", "eighth tonight"),  # a tab is a wide blank
        ("e i g h t h  t o n i g h t", "eighth tonight"),
        ("e.i.g.h.t.h t.o.n.i.g.h.t", "eighth tonight"),  # the separator changed
    ],
)
def test_a_boundary_the_spacing_shows_splits_the_words(raw: str, read: str) -> None:
    assert normalize(raw).text == read


async def test_a_quantity_spelled_out_with_the_next_word_counts(registry, library) -> None:
    chat = pack_chat("drugs", registry, library, fresh_members=True)
    match = await chat.say("shrooms in, e i g h t h t o n i g h t for 25, dm me")
    assert match is not None
    assert "drugs.quantity" in match.signals
    assert "drugs.hidden" in match.signals
