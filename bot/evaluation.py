"""Precision, recall and benign false-positive rate of predictions against labels."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from bot.actions import Plan


@dataclass(slots=True)
class Tally:
    """Count true positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Return tp / (tp + fp), or 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Return tp / (tp + fn), or 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def as_dict(self) -> dict[str, float | int]:
        """Return the figures as JSON-ready data."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
        }


@dataclass(slots=True)
class Evaluation:
    """Hold the figures of one evaluation run."""

    categories: dict[str, Tally] = field(default_factory=dict)
    benign: int = 0
    benign_flagged: int = 0
    messages: int = 0
    unlabelled: int = 0
    evasion: Tally = field(default_factory=Tally)
    hard_negatives: int = 0
    hard_negatives_flagged: int = 0

    @property
    def benign_fp_rate(self) -> float:
        """Return the share of benign messages that something flagged."""
        return self.benign_flagged / self.benign if self.benign else 0.0

    @property
    def micro(self) -> Tally:
        """Return the tallies summed over categories."""
        total = Tally()
        for tally in self.categories.values():
            total.tp += tally.tp
            total.fp += tally.fp
            total.fn += tally.fn
        return total

    def as_dict(self) -> dict[str, Any]:
        """Return the figures in the documented JSON shape."""
        return {
            "categories": {k: v.as_dict() for k, v in sorted(self.categories.items())},
            "benign_fp_rate": round(self.benign_fp_rate, 4),
            "micro": self.micro.as_dict(),
            "messages": self.messages,
            "benign": self.benign,
            "evasion": self.evasion.as_dict(),
            "hard_negatives": {
                "count": self.hard_negatives,
                "flagged": self.hard_negatives_flagged,
            },
        }

    def table(self) -> str:
        """Return the figures as an aligned text table."""
        rows = [f"{'category':<16} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}"]
        for name, tally in sorted(self.categories.items()):
            rows.append(_row(name, tally))
        rows.append(_row("micro", self.micro))
        rows.append(
            f"benign messages flagged: {self.benign_flagged}/{self.benign} "
            f"({self.benign_fp_rate:.1%}); messages: {self.messages}"
        )
        if self.evasion.tp + self.evasion.fn:
            rows.append(
                f"evasion variants: recall {self.evasion.recall:.3f} "
                f"({self.evasion.tp}/{self.evasion.tp + self.evasion.fn} labels found)"
            )
        if self.hard_negatives:
            rows.append(
                f"hard negatives flagged: {self.hard_negatives_flagged}/{self.hard_negatives}"
            )
        if self.unlabelled:
            rows.append(f"messages without a label line (ignored): {self.unlabelled}")
        return "\n".join(rows)


def _row(name: str, tally: Tally) -> str:
    return (
        f"{name:<16} {tally.tp:>4} {tally.fp:>4} {tally.fn:>4} "
        f"{tally.precision:>9.3f} {tally.recall:>7.3f}"
    )


def evaluate(
    predicted: Mapping[str, frozenset[str]],
    labels: Mapping[str, frozenset[str]],
    flags: Mapping[str, frozenset[str]] | None = None,
) -> Evaluation:
    """Compare predicted categories per message id with the labelled ones.

    `flags` (from a meta.json) marks messages as `evasion` or `hard_negative`, for the
    recall on evasion variants and the false alarms on hard negatives.
    """
    result = Evaluation()
    for name in {c for cats in labels.values() for c in cats}:
        result.categories[name] = Tally()
    for message_id, guess in predicted.items():
        if message_id not in labels:
            result.unlabelled += 1
            continue
        truth = labels[message_id]
        marks = flags.get(message_id, frozenset()) if flags else frozenset()
        result.messages += 1
        if not truth:
            result.benign += 1
            result.benign_flagged += bool(guess)
            if "hard_negative" in marks:
                result.hard_negatives += 1
                result.hard_negatives_flagged += bool(guess)
        if "evasion" in marks:
            result.evasion.tp += len(truth & guess)
            result.evasion.fn += len(truth - guess)
        for category in guess | truth:
            tally = result.categories.setdefault(category, Tally())
            if category in guess and category in truth:
                tally.tp += 1
            elif category in guess:
                tally.fp += 1
            else:
                tally.fn += 1
    return result


@dataclass(frozen=True, slots=True)
class Mistake:
    """One message whose predicted categories differ from its labels."""

    message_id: str
    missed: frozenset[str]
    extra: frozenset[str]


def mistakes(
    predicted: Mapping[str, frozenset[str]], labels: Mapping[str, frozenset[str]]
) -> list[Mistake]:
    """Return the labelled messages whose predicted categories differ, in label order."""
    found = []
    for message_id, truth in labels.items():
        guess = predicted.get(message_id, frozenset())
        if guess != truth:
            found.append(Mistake(message_id, truth - guess, guess - truth))
    return found


def predictions(plans: Iterable[tuple[str, Plan]]) -> dict[str, frozenset[str]]:
    """Return the categories flagged per message id, related earlier messages included.

    A match may name earlier messages of its thread (a grooming thread's first moves):
    those count as flagged with the match's category, as a moderator would see them. Those
    a rule's doubt keeps as context only (`Plan.context`) do not count.
    """
    found: dict[str, set[str]] = {}
    for message_id, plan in plans:
        found.setdefault(message_id, set()).update(str(h.match.category) for h in plan.hits)
        for item in plan.related:
            found.setdefault(item.message_id, set()).add(str(item.category))
    return {message_id: frozenset(cats) for message_id, cats in found.items()}


#: How `by_rule` names the earlier messages a case took into its thread.
THREAD: Final = "(thread)"


@dataclass(slots=True)
class RuleTally(Tally):
    """Count one rule's flags: `tp` under a labelled category, `fp` not; `benign` of the fp."""

    benign: int = 0

    @property
    def fired(self) -> int:
        """Return the messages the rule flagged."""
        return self.tp + self.fp

    @property
    def right(self) -> int:
        """Return the flags on messages labelled with the rule's category."""
        return self.tp

    @property
    def other(self) -> int:
        """Return the flags on messages labelled with other categories only."""
        return self.fp - self.benign

    def as_dict(self) -> dict[str, float | int]:
        """Return the figures as JSON-ready data."""
        return {
            "fired": self.fired,
            "right": self.right,
            "benign": self.benign,
            "other": self.other,
            "precision": round(self.precision, 4),
        }


def by_rule(
    plans: Iterable[tuple[str, Plan]], labels: Mapping[str, frozenset[str]]
) -> dict[str, RuleTally]:
    """Tally each rule's flags against the labels; earlier messages a case took count apart.

    A message is counted once per rule (and once for the thread), under the category the
    rule filed it in; unlabelled messages are skipped.
    """
    seen: set[tuple[str, str]] = set()
    tallies: dict[str, RuleTally] = {}

    def count(rule: str, message_id: str, category: str) -> None:
        truth = labels.get(message_id)
        if truth is None or (rule, message_id) in seen:
            return
        seen.add((rule, message_id))
        tally = tallies.setdefault(rule, RuleTally())
        if category in truth:
            tally.tp += 1
        else:
            tally.fp += 1
            tally.benign += not truth

    for message_id, plan in plans:
        for hit in plan.hits:
            count(hit.rule, message_id, str(hit.match.category))
        for item in plan.related:
            count(THREAD, item.message_id, str(item.category))
    return tallies


def rule_table(tallies: Mapping[str, RuleTally]) -> str:
    """Return the rules' tallies as an aligned text table, the most benign flags first."""
    rows = [f"{'rule':<28} {'fired':>5} {'right':>5} {'benign':>6} {'other':>5} {'precision':>9}"]
    for name, t in sorted(tallies.items(), key=lambda kv: (-kv[1].benign, -kv[1].other, kv[0])):
        rows.append(
            f"{name:<28} {t.fired:>5} {t.right:>5} {t.benign:>6} {t.other:>5} {t.precision:>9.3f}"
        )
    return "\n".join(rows)
