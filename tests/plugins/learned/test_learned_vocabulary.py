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


def test_found_terms_come_sorted_with_their_counts(vocabulary: Vocabulary) -> None:
    numbers, counts = vocabulary.find([["été", "x", "bonjour", "été"], ["livraison"]])
    assert numbers.tolist() == [100, 103, 106]
    assert counts.tolist() == [1, 2, 1]


def test_one_word_said_and_answered_is_two_terms(vocabulary: Vocabulary) -> None:
    numbers, _ = vocabulary.find([["bonjour"], ["bonjour"]])
    assert numbers.tolist() == [100, 105]
    # A word of the thread only is not found in the message.
    assert vocabulary.find([["livraison"], []])[0].tolist() == []


def test_nothing_known_finds_nothing(vocabulary: Vocabulary) -> None:
    assert vocabulary.find([["salut", "ça va"], ["bof"]])[0].tolist() == []
    assert vocabulary.find([[], []])[0].tolist() == []
    assert Vocabulary([], start=0).find([["bonjour"]])[0].tolist() == []
