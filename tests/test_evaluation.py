from bot.actions import Hit, Plan
from bot.categories import Category
from bot.evaluation import THREAD, by_rule, evaluate, rule_table
from bot.rules import Match, Related
from tests.support.messages import make_message


def test_precision_recall_benign_rate_and_evasion():
    labels = {
        "a": frozenset({"drugs"}),
        "b": frozenset({"drugs", "luring"}),
        "c": frozenset(),
        "d": frozenset(),
        "e": frozenset({"scam"}),
    }
    predicted = {
        "a": frozenset({"drugs"}),
        "b": frozenset({"drugs"}),
        "c": frozenset({"spam"}),
        "d": frozenset(),
        "e": frozenset(),
        "z": frozenset({"drugs"}),
    }
    flags = {"b": frozenset({"evasion"}), "c": frozenset({"hard_negative"})}
    result = evaluate(predicted, labels, flags)
    drugs = result.categories["drugs"]
    assert (drugs.tp, drugs.fp, drugs.fn) == (2, 0, 0)
    assert result.categories["luring"].recall == 0.0
    assert result.categories["spam"].precision == 0.0
    assert result.benign_fp_rate == 0.5
    assert (result.evasion.tp, result.evasion.fn) == (1, 1)
    assert (result.hard_negatives, result.hard_negatives_flagged) == (1, 1)
    assert result.unlabelled == 1
    figures = result.as_dict()
    assert figures["micro"] == {"tp": 2, "fp": 1, "fn": 2, "precision": 0.6667, "recall": 0.5}


def _plan(message_id: str, *hits: tuple[str, str, tuple[Related, ...]]) -> tuple[str, Plan]:
    event = make_message("x", message_id=message_id)
    made = tuple(
        Hit(rule=rule, match=Match(category=Category(cat), summary="s", related=rel), actions=())
        for rule, cat, rel in hits
    )
    return message_id, Plan(event=event, hits=made)


def test_each_rule_is_tallied_against_the_labels():
    labels = {
        "a": frozenset({"drugs"}),
        "b": frozenset(),
        "c": frozenset({"scam"}),
        "d": frozenset({"child_safety"}),
        "e": frozenset(),
    }
    thread = (Related("d", Category.CHILD_SAFETY), Related("e", Category.CHILD_SAFETY))
    plans = [
        _plan("a", ("drug-sales", "drugs", ()), ("learned-drugs", "drugs", ())),
        _plan("b", ("drug-sales", "drugs", ())),
        _plan("c", ("drug-sales", "drugs", ())),
        _plan("f", ("grooming", "child_safety", thread)),  # no label line: skipped
        _plan("g", ("grooming", "child_safety", thread)),  # the same thread again
    ]
    tallies = by_rule(plans, labels)
    drugs = tallies["drug-sales"]
    assert (drugs.fired, drugs.right, drugs.benign, drugs.other) == (3, 1, 1, 1)
    assert drugs.precision == 1 / 3
    assert tallies["learned-drugs"].as_dict() == {
        "fired": 1, "right": 1, "benign": 0, "other": 0, "precision": 1.0
    }  # fmt: skip
    assert "grooming" not in tallies
    joined = tallies[THREAD]
    assert (joined.fired, joined.right, joined.benign) == (2, 1, 1)
    # Most benign flags first, then most flags on other labels, then by name.
    rows = [line.split() for line in rule_table(tallies).splitlines()[1:]]
    assert [row[0] for row in rows] == ["drug-sales", THREAD, "learned-drugs"]
    assert rows[1][1:] == ["2", "1", "1", "0", "0.500"]
