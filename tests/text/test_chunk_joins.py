"""Words typed in uneven chunks: leet digits inside a chunk, a short word closing one."""

import pytest

from bot.text import normalize


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        ("ly ri ca dispo", "lyrica dispo"),  # a short word ("ca") closes two syllables
        ("de la ly ri ca", "de la lyrica"),
        ("co c4 ine ce soir", "cocaine ce soir"),  # a leet digit inside a chunk
        ("c0 ca ine", "cocaine"),
        ("get some co c4 ine", "get some cocaine"),
        ("f4 g g ot", "faggot"),
    ],
)
def test_chunks_join(raw: str, read: str) -> None:
    view = normalize(raw)
    assert view.text == read
    assert "spaced" in view.flags


@pytest.mark.parametrize(
    "raw",
    [
        "ha ha so true",  # laughter, then a word
        "lol ha ha ok",
        "la co ke",  # a determiner opening the run stays a word: not "lacoke"
        "a 3h du mat",  # a chunk opening with a digit is a quantity
        "rdv a 1h de la gare",
        "5g 10g ok",
        "le 1er mai",
        "on est 4 ce soir",
        "jv pk ca",  # abbreviations without a vowel are no syllables
        "to be or not to be",
    ],
)
def test_prose_with_short_words_and_numbers_stays(raw: str) -> None:
    view = normalize(raw)
    assert view.text == raw
    assert "spaced" not in view.flags
