"""A term and a pattern of one group on the same words count once, the strongest; a pattern once."""

from __future__ import annotations

from bot.categories import Severity
from bot.text import normalize
from plugins.packs.combination import GroupInfo, Scorer, build_combo
from plugins.packs.lexicon import Hit, Lexicon, Patterns, Scanner

GROUPS = [GroupInfo("product", "p.product", 1.0, None), GroupInfo("price", "p.price", 1.0, None)]


def scorer() -> Scorer:
    combo = build_combo(
        "sale",
        need=(((0, 0.0),), ((1, 0.0),)),
        unless=(),
        least_groups=1,
        score=2.0,
        severity=Severity.HIGH,
        groups=GROUPS,
    )
    return Scorer(GROUPS, [combo])


def term(start: int, end: int, item: str, weight: float, group: int = 0) -> Hit:
    return Hit(start, end, group, weight, item)


def pattern(start: int, end: int, item: str, weight: float, group: int = 0) -> Hit:
    return Hit(start, end, group, weight, item, pattern=True)


def test_a_term_and_a_pattern_on_the_same_phrase_count_once():
    hits = [term(0, 4, "coke", 0.6), pattern(0, 9, r"\bcoke \d+g", 0.6)]
    assert scorer().fired(hits) == {0: 0.6}


def test_the_strongest_of_overlapping_hits_counts():
    hits = [term(3, 7, "coke", 0.3), pattern(0, 9, r"de coke\b", 0.8)]
    assert scorer().fired(hits) == {0: 0.8}


def test_hits_on_different_words_still_add_up():
    hits = [term(0, 4, "coke", 0.6), pattern(10, 14, r"\bcrack\b", 0.6)]
    assert scorer().fired(hits) == {0: 1.0}


def test_overlap_is_within_a_group_only():
    hits = [term(0, 4, "coke", 0.6), pattern(0, 8, r"coke \d+", 0.6, group=1)]
    assert scorer().fired(hits) == {0: 0.6, 1: 0.6}


def test_a_word_inside_a_longer_phrase_of_its_group_adds_to_it():
    # Packs write "i coach" to strengthen "coach": nested words are not a double count.
    hits = [term(0, 7, "i coach", 0.6), term(2, 7, "coach", 0.3)]
    assert round(scorer().fired(hits)[0], 6) == 0.9


def test_an_item_repeated_counts_once_even_beside_a_pattern():
    hits = [term(0, 4, "weed", 0.4), term(20, 24, "weed", 0.4), pattern(18, 30, r"weed \d+", 0.5)]
    # The first "weed" counts 0.4; the second overlaps a pattern: that piece is worth 0.5.
    assert round(scorer().fired(hits)[0], 6) == 0.9


def test_raw_and_normalized_offsets_are_never_compared():
    hits = [term(0, 4, "snap", 0.5), Hit(0, 4, 0, 0.5, r"snap:\S+", raw=True, pattern=True)]
    assert scorer().fired(hits) == {0: 1.0}


def test_a_pattern_written_in_two_files_of_a_pack_is_matched_once():
    patterns = Patterns()
    arrow = r"\x{1F449}\s*\S+\.example"
    patterns.add(arrow, 3, 0.8, raw=True, needs=".")
    patterns.add(arrow, 3, 0.8, raw=True, needs=".")
    patterns.add(arrow, 4, 0.8, raw=True, needs=".")
    scanner = Scanner()
    index = scanner.add(Lexicon(), patterns)
    hits = scanner.scan(normalize("go 👉 shop.example now")).get(index, [])
    assert sorted(hit.group for hit in hits) == [3, 4]
