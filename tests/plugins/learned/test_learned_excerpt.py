from bot.rules import Span
from plugins.learned.excerpt import REACH, around

PAD = "bla " * 60


def span_of(text, word):
    start = text.index(word)
    return Span(start, start + len(word), word)


def test_the_words_around_a_match_in_a_long_message():
    text = PAD + "beuh dispo 10 le g en mp " + PAD
    excerpt = around(text, [span_of(text, "beuh")])
    assert excerpt is not None
    assert "beuh dispo 10 le g en mp" in excerpt
    assert len(excerpt) <= len("beuh") + 2 * REACH + 10
    # Widened to whole words, never cut inside one.
    assert excerpt.split()[0] == "bla"


def test_windows_that_meet_are_merged_and_the_others_joined_in_order():
    text = "shit " + PAD + PAD + "livraison ce soir"
    excerpt = around(text, [span_of(text, "livraison"), span_of(text, "shit")])
    assert excerpt is not None
    first, second = excerpt.split(" … ")
    assert first.startswith("shit")
    assert second.endswith("livraison ce soir")


def test_a_match_that_is_most_of_the_message_is_read_whole():
    text = "beuh dispo 10 le g, livraison ce soir, ecris moi"
    assert around(text, [span_of(text, "beuh")]) is None
    assert around(text, []) is None
