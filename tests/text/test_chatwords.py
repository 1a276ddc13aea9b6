"""One module owns the chat words: the chunk and in-word joiners read the same entries."""

import pytest

from bot.text import chunks, inword, normalize
from bot.text.chatwords import CHAT_WORDS, SENTENCE_WORDS


def test_both_joiners_read_the_one_list() -> None:
    assert vars(chunks)["CHAT_WORDS"] is CHAT_WORDS
    assert vars(inword)["SENTENCE_WORDS"] is SENTENCE_WORDS
    assert SENTENCE_WORDS <= CHAT_WORDS


@pytest.mark.parametrize(
    "raw",
    [
        "ok.tu viens",  # FR: a missing space after a full stop
        "merci.bonne soiree",
        "mdr.je sais",
        "thanks.see you",  # EN
        "gg wp ez",
        "il y a un mec",
        "hey.you ok",
        "bye.see u",
    ],
)
def test_words_of_a_sentence_stay_apart(raw: str) -> None:
    view = normalize(raw)
    assert view.text == raw
    assert "spaced" not in view.flags


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        ("ni.que ta mere", "nique ta mere"),  # FR: "ni" and "que" are prose, not sentence words
        ("ke.ta dispo", "keta dispo"),
        ("sa.lut", "salut"),
        ("pe.do", "pedo"),
        ("sn.ap me", "snap me"),  # EN
        ("nu.des pls", "nudes pls"),
    ],
)
def test_a_word_cut_by_a_dot_joins(raw: str, read: str) -> None:
    view = normalize(raw)
    assert view.text == read
    assert "spaced" in view.flags


@pytest.mark.parametrize(
    "raw",
    [
        "ki fe ca",  # French typed as it sounds
        "il fo ke tu viennes",
        "tu ve pa ke je vienne",
        "ptn ki a fe ca",
    ],
)
def test_french_typed_as_it_sounds_is_prose(raw: str) -> None:
    view = normalize(raw)
    assert view.text == raw
    assert "spaced" not in view.flags
