"""Evasion adds to the score of every combination, whether it names it or not."""

from __future__ import annotations

import pytest

from bot.categories import Severity
from plugins.packs.combination import GroupInfo, Scorer, build_combo

INSULT, SLUR, HIDDEN = 0, 1, 2
GROUPS = [
    GroupInfo("insult", "h.insult", 0.8, None),
    GroupInfo("slur", "h.slur", 1.0, None),
    GroupInfo("hidden", "h.hidden", 0.5, "evasion"),
]


def combo(name: str, need: tuple[int, ...], score: float):
    return build_combo(
        name,
        need=tuple(((g, 0.0),) for g in need),
        unless=(),
        least_groups=1,
        score=score,
        severity=Severity.MEDIUM,
        groups=GROUPS,
    )


def test_evasion_is_looked_up_for_a_combination_that_does_not_name_it():
    # "hidden_slur" names evasion but cannot hold without a slur; "insult" does not name it.
    scorer = Scorer(
        GROUPS, [combo("insult", (INSULT,), 1.3), combo("hidden_slur", (SLUR, HIDDEN), 2.0)]
    )
    fired = {INSULT: 0.8}
    assert not scorer.out_of_reach(fired, None)
    assert HIDDEN in scorer.needed_contexts(fired, None)
    assert scorer.verdict(fired, None) is None
    verdict = scorer.verdict({**fired, HIDDEN: 0.5}, None)
    assert verdict is not None
    assert verdict.combo.name == "insult"
    assert verdict.score == pytest.approx(1.3)


def test_other_named_contexts_stay_with_their_combinations():
    groups = [*GROUPS, GroupInfo("recent", "h.recent", 1.0, "author_recent")]
    combos = [
        build_combo(
            "again",
            need=(((SLUR, 0.0),), ((3, 0.0),)),
            unless=(),
            least_groups=1,
            score=2.0,
            severity=Severity.MEDIUM,
            groups=groups,
        ),
        build_combo(
            "insult",
            need=(((INSULT, 0.0),),),
            unless=(),
            least_groups=1,
            score=1.3,
            severity=Severity.MEDIUM,
            groups=groups,
        ),
    ]
    scorer = Scorer(groups, combos)
    # A state lookup is only made for the combination that names it and could hold.
    assert scorer.needed_contexts({INSULT: 0.8}, None) == {HIDDEN}
    assert scorer.needed_contexts({SLUR: 1.0}, None) == {HIDDEN, 3}
