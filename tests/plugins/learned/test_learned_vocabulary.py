import numpy as np
import pytest

from plugins.learned.vocabulary import Vocabulary

WORDS = np.array(["bonjour", "cannabis", "j ai", "été", "🍃"])
THREAD = np.array(["bonjour", "livraison"])


@pytest.fixture
def vocabulary() -> Vocabulary:
    return Vocabulary([WORDS, THREAD], start=100)


def test_terms_are_numbered_part_after_part(vocabulary: Vocabulary) -> None:
    assert vocabulary.bounds.tolist() == [100, 105, 107]
    assert [vocabulary.term(n) for n in range(100, 107)] == [*WORDS, *THREAD]


def test_each_term_is_found_as_often_as_it_occurs(vocabulary: Vocabulary) -> None:
    found = vocabulary.found([["été", "x", "bonjour", "été"], ["livraison"]])
    assert sorted(found.tolist()) == [100, 103, 103, 106]


def test_one_word_said_and_answered_is_two_terms(vocabulary: Vocabulary) -> None:
    assert sorted(vocabulary.found([["bonjour"], ["bonjour"]]).tolist()) == [100, 105]
    # A word of the thread only is not found in the message.
    assert vocabulary.found([["livraison"], []]).tolist() == []


def test_nothing_known_finds_nothing(vocabulary: Vocabulary) -> None:
    assert vocabulary.found([["salut", "ça va"], ["bof"]]).tolist() == []
    assert vocabulary.found([[], []]).tolist() == []
    assert Vocabulary([], start=0).found([["bonjour"]]).tolist() == []
