"""The model must generalize to a hand it never saw: trained without the dev corpus, judged on it.

Trained on the twenty-two other corpora it found the dev corpus at 0.8 with precision 0.983,
recall 0.818, benign 1.8%; on sixty-two others, 0.964 / 0.864 / 3.5% at 0.8 and 0.978 / 0.836 /
2.3% at 0.9; on seventy, 0.970 / 0.897 / 2.9% and 0.967 / 0.832 / 2.9%; on seventy-eight, 0.960
/ 0.902 / 3.5% and 0.968 / 0.841 / 2.9%; on eighty-six, 0.964 / 0.879 / 3.5% and 0.968 / 0.846
/ 2.9%; on the ninety-two others now, 0.950 / 0.897 / 4.7% and 0.968 / 0.860 / 2.9% (five
benign messages of 171 at 0.9; a sixth would cross the bound, and precision at 0.8 sits on its
floor: three hands whose labels reach wider, tried at stop 35, took it to 0.940 and were kept
out of the model; reading amounts typed with the letter o, "5OO€", as numbers, at stop 41,
refitted it to 0.946 / 0.897 / 4.7% and 0.968 / 0.855 / 2.9%: one dev message, "any girls
under 15 wanna chat? dm me", labelled child safety, is now also sexual services at 0.8):
more hands taught it more (fewer corpora did worse: fourteen 0.976 / 0.766 /
2.3%; four 0.977 / 0.603 / 1.8%). The floors sit a little under those figures: recall and
precision where the bundled rules read it (0.8), and the benign rate at 0.9, where the same
model must still tell benign messages apart. A change to the n-grams, the thread, the
normalizer or the fitting that loses generalization fails here."""

from pathlib import Path

from plugins.learned.fitting import fit_without
from plugins.learned.judging import judge
from plugins.learned.model import Settings, TextModel

EXAMPLES = Path(__file__).resolve().parents[3] / "config" / "examples"
THRESHOLD = 0.8
#: Where the benign rate is bounded (see the module docstring).
SURER = 0.9


def test_a_corpus_left_out_is_still_recognised() -> None:
    left = EXAMPLES / "dev"
    model = TextModel(fit_without(EXAMPLES, left, Settings()))
    found = judge(model, left, THRESHOLD)
    assert found.micro.precision >= 0.94, found.table()
    assert found.micro.recall >= 0.80, found.table()
    surer = judge(model, left, SURER)
    assert surer.benign_fp_rate <= 0.03, surer.table()
    assert surer.micro.recall >= 0.80, surer.table()
