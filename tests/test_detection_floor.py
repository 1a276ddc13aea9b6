"""Detection quality on the development corpora must not fall below what was measured.

The floors sit a little under the figures of `vigie evaluate` when they were set, so a
pack or normalizer change that loses messages fails here with the figures printed. Both
corpora are also training examples of the learned signal, so these are in-sample figures: a
guard against regressions, not a measure of generalization. The held-out corpora under
tests/data/ (heldout, heldout2, newhands/) are never used by tests: they only measure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "config" / "examples" / "dev"
TUNING = ROOT / "config" / "examples" / "tuning"


class Floor(NamedTuple):
    """The least micro precision and recall, most benign rate and least evasion recall."""

    precision: float
    recall: float
    benign: float
    evasion: float


def _figures(folder: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    events, labels, meta = (folder / n for n in ("events.jsonl", "labels.jsonl", "meta.json"))
    assert main(["evaluate", str(events), str(labels), "--meta", str(meta), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("folder", "floor"),
    [
        # Two benign messages of 171: a peer's age question the model reads as probing and,
        # since eighty-seven corpora train it, a teen asking others to join a group on
        # Snapchat. (A moderator's @everyone announcement is let be since the model's doubt
        # holds the everyone-mentions rule back.)
        pytest.param(DEV, Floor(0.97, 0.98, 0.012, 0.95), id="dev"),
        pytest.param(TUNING, Floor(0.97, 0.95, 0.02, 0.90), id="tuning"),
    ],
)
def test_detection_stays_above_its_measured_floor(
    folder: Path, floor: Floor, capsys: pytest.CaptureFixture[str]
) -> None:
    if not folder.exists():
        pytest.skip(f"{folder} is absent")
    figures = _figures(folder, capsys)
    micro, found = figures["micro"], figures["evasion"]
    assert isinstance(micro, dict)
    assert isinstance(found, dict)
    assert micro["precision"] >= floor.precision, figures
    assert micro["recall"] >= floor.recall, figures
    benign = figures["benign_fp_rate"]
    assert isinstance(benign, float)
    assert benign <= floor.benign, figures
    assert found["recall"] >= floor.evasion, figures
