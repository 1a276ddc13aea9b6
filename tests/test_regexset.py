"""RegexSet: moderators' regexes on RE2, keyed, case-insensitive, bounded in time and memory."""

import time

import pytest

from bot.matching import PatternError
from bot.regexset import RegexSet
from bot.text import normalize


def test_regexes_are_case_insensitive_and_keyed() -> None:
    regexes = RegexSet([("contact", r"snap(chat)?"), ("phone", r"0[67](?:[ .]?\d{2}){4}")])
    hits = regexes.find("appelle le 06 12 34 56 78 ou SnapChat")
    assert [(h.key, h.start, h.end) for h in hits] == [("phone", 11, 25), ("contact", 29, 37)]
    assert len(regexes) == 2


def test_regexes_run_on_the_normalized_view_when_given_one() -> None:
    regexes = RegexSet([("drugs", r"\bcoke\b")])
    assert regexes.find("c.o.k.e") == []
    assert [h.key for h in regexes.find(normalize("c.o.k.e"))] == ["drugs"]


def test_empty_regex_matches_are_skipped() -> None:
    assert RegexSet([("k", r"x*")]).find("abc") == []
    assert RegexSet([]).find("abc") == []


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?=a)b", r"(?<=a)b", r"(?!a)b", "(", "a{2,1}"])
def test_regexes_re2_refuses_name_the_pattern(pattern: str) -> None:
    with pytest.raises(PatternError) as caught:
        RegexSet([("k", r"fine"), ("bad.key", pattern)])
    assert isinstance(caught.value, ValueError)
    assert repr(pattern) in str(caught.value)
    assert "bad.key" in str(caught.value)
    assert caught.value.reason


def test_catastrophic_regex_runs_in_bounded_time() -> None:
    regexes = RegexSet([("evil", r"(a+)+$"), ("evil2", r"(x+x+)+y")])
    started = time.perf_counter()
    assert regexes.find("a" * 50_000 + "!") == []
    assert regexes.find("x" * 50_000) == []
    assert time.perf_counter() - started < 1.0


def test_long_texts_run_every_regex() -> None:
    regexes = RegexSet([("k", r"needle"), ("other", r"absent")])
    hits = regexes.find("x" * 5000 + " NEEDLE")
    assert [(h.key, h.start) for h in hits] == [("k", 5001)]


def test_regex_memory_is_bounded() -> None:
    with pytest.raises(PatternError):
        RegexSet([("huge", r"(\w{50}){1000}")], max_mem=1 << 16)
