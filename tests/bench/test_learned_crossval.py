"""The leave-one-out bench compares settings at a matched benign rate and says their size."""

import random
import string
import sys

import pytest

from bot.config import ROOT
from bot.evaluation import Evaluation, Tally
from plugins.learned.fitting import fit
from plugins.learned.model import Settings

sys.path.insert(0, str(ROOT / "bench"))

from learned_crossval import matched, size


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
    assert matched(pooled, 0.03)["recall"] == pytest.approx(0.7)
    assert matched(pooled, 0.005) is None
    assert matched(pooled, 0.05) is None


def test_the_size_counts_each_part_and_the_model_read() -> None:
    # Enough distinct words that the arrays weigh a tenth of a megabyte or more.
    rng = random.Random(3)
    words = ["".join(rng.choices(string.ascii_lowercase, k=7)) for _ in range(3000)]
    texts = [" ".join(rng.sample(words, 6)) for _ in range(1000)]
    labels = [frozenset({"drugs"}) if n % 4 == 0 else frozenset() for n in range(1000)]
    arrays = fit(texts, labels, Settings(thread_ngrams=(0, 0), own_ngrams=(0, 0)))
    found = size(arrays)
    assert found["terms"] == {
        "chars": len(arrays["chars.terms"]),
        "words": len(arrays["words.terms"]),
    }
    assert found["arrays_mb"] == round(sum(a.nbytes for a in arrays.values()) / 1e6, 1) >= 0.1
    assert found["loaded_mb"] >= 0.1
