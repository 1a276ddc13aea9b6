"""The leave-one-out bench compares settings at a matched benign rate and says their size."""

from pathlib import Path

import numpy as np
import pytest

from bench.learned_crossval import flag_rows, groups, matched, size
from bot.actions import Hit, Plan
from bot.categories import Category
from bot.evaluation import Evaluation, Tally
from bot.rules import Match, Related
from tests.support.messages import make_message


def _run(benign_flagged: int, found: int, caught: int) -> Evaluation:
    """Return a pooled run over 100 benign and 10 harmful messages (3 of them disguised)."""
    return Evaluation(
        categories={"scam": Tally(tp=found, fp=benign_flagged, fn=10 - found)},
        benign=100,
        benign_flagged=benign_flagged,
        evasion=Tally(tp=caught, fn=3 - caught),
    )


def test_figures_are_interpolated_to_the_benign_rate_asked() -> None:
    # Thresholds in any order; 2% lies halfway between 0.7 (3% flagged, 7 of 10 found,
    # precision 0.7) and 0.8 (1%, 5 of 10, precision 5/6).
    pooled = {0.8: _run(1, 5, 1), 0.6: _run(4, 8, 3), 0.7: _run(3, 7, 2)}
    assert matched(pooled, 0.02) == {
        "benign": 0.02,
        "precision": pytest.approx(0.7665, abs=1e-3),
        "recall": pytest.approx(0.6),
        "evasion": pytest.approx(0.5, abs=1e-3),
    }
    at_three = matched(pooled, 0.03)
    assert at_three is not None
    assert at_three["recall"] == pytest.approx(0.7)
    assert matched(pooled, 0.005) is None
    # Two thresholds flagging as many benign messages are no error.
    tied = {0.8: _run(1, 5, 1), 0.9: _run(1, 4, 1), 0.6: _run(4, 8, 3)}
    assert matched(tied, 0.01) is not None
    assert matched(pooled, 0.05) is None


def test_the_size_counts_each_part_and_the_model_read() -> None:
    # 20,000 character terms of five letters (20 bytes each as <U5: 400,000 bytes), their
    # idf and one category's weights (float32: 80,000 bytes each), then two words and the
    # small arrays (96 bytes): 560,096 bytes in all.
    chars = [f"{n:05d}" for n in range(20_000)]
    arrays = {
        "categories": np.array(["drugs"]),
        "bias": np.zeros(1, np.float32),
        "chars.terms": np.array(chars),
        "chars.idf": np.ones(20_000, np.float32),
        "chars.range": np.array([2, 5], np.int32),
        "chars.weights": np.zeros((20_000, 1), np.float32),
        "words.terms": np.array(["weed", "dispo"]),
        "words.idf": np.ones(2, np.float32),
        "words.range": np.array([1, 2], np.int32),
        "words.weights": np.zeros((2, 1), np.float32),
    }
    found = size(arrays)
    assert found["terms"] == {"chars": 20_000, "words": 2}
    assert found["arrays_mb"] == 0.6
    # Loaded, the idf and the weights of both parts are copied into one array each (160,016
    # bytes), besides the look-up tables.
    loaded = found["loaded_mb"]
    assert isinstance(loaded, float)
    assert loaded >= 0.2


def test_each_corpus_is_left_out_once_alone_or_in_its_group() -> None:
    folders = [Path(f"train_{n}") for n in "abcdefg"]
    assert groups(folders, 0) == [[folder] for folder in folders]
    dealt = groups(folders, 3)
    assert dealt == [folders[0::3], folders[1::3], folders[2::3]]
    assert sorted(f for group in dealt for f in group) == folders
    # More groups than corpora: each alone, no empty group to fit a model without a hand out.
    assert groups(folders, 10) == [[folder] for folder in folders]


def test_the_flags_name_each_rule_its_score_and_the_earlier_messages_taken() -> None:
    def hit(rule: str, category: Category, score: float, *signals: str, related=()) -> Hit:
        match = Match(category=category, summary="s", signals=signals, score=score, related=related)
        return Hit(rule=rule, match=match, actions=())

    earlier = (Related("m1", Category.CHILD_SAFETY),)
    plans = [
        ("m1", Plan(event=make_message("x", message_id="m1"))),
        (
            "m2",
            Plan(
                event=make_message("y", message_id="m2"),
                hits=(
                    hit("grooming", Category.CHILD_SAFETY, 2.5, related=earlier),
                    hit("learned-luring", Category.LURING, 0.71234, "learned.thread"),
                ),
            ),
        ),
    ]
    assert flag_rows("train_x", plans) == [
        {
            "corpus": "train_x",
            "id": "m2",
            "flags": [
                ["grooming", "child_safety", 2.5, False],
                ["learned-luring", "luring", 0.712, True],
            ],
        },
        {"corpus": "train_x", "id": "m1", "flags": [["(thread)", "child_safety", 1.0, False]]},
    ]
