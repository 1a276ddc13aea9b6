from bot.evaluation import evaluate


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
