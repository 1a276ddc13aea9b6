"""Combinations of signal groups: what a message's hits add up to, and which one holds.

A pack's groups and combinations compile once into a `Scorer`; per message it turns the
hits into each group's contribution, names the conversation groups worth looking up,
and returns the strongest combination that holds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.categories import Severity

if TYPE_CHECKING:
    from plugins.packs.lexicon import Hit

#: Contexts that add to every combination's score, named or not: they cost no lookup.
EVERYWHERE = frozenset({"evasion"})
#: Least group weight of a strong signal: a message with one for each entry a combination
#: needs holds it on those groups alone (weaker groups are evidence only together).
STRONG = 1.0


@dataclass(frozen=True, slots=True)
class GroupInfo:
    """A signal group as the scorer sees it."""

    name: str
    signal: str
    weight: float
    context: str | None


@dataclass(frozen=True, slots=True)
class Combo:
    """A combination with group names resolved to indices."""

    name: str
    need: tuple[tuple[tuple[int, float], ...], ...]
    unless: tuple[int, ...]
    groups: int
    score: float
    severity: Severity
    contexts: tuple[int, ...]
    #: The need entries the words alone must meet (entries naming a context are left out).
    text_need: tuple[tuple[tuple[int, float], ...], ...] = ()
    #: The most the context groups could add to the score.
    bonus: float = 0.0
    #: The least score a message can hold the combination with: its own `score`, or
    #: less when the groups it names, each at full strength, add up to less.
    floor: float = 0.0
    #: A plan against someone absent: the room's next messages about it are in on it.
    plot: bool = False


@dataclass(frozen=True, slots=True)
class Verdict:
    """The combination that holds, and the score it reached."""

    combo: Combo
    score: float
    #: Whether a plot combination holds too, whichever combination is the strongest.
    plot: bool = False


def build_combo(
    name: str,
    *,
    need: tuple[tuple[tuple[int, float], ...], ...],
    unless: tuple[int, ...],
    least_groups: int,
    score: float,
    severity: Severity,
    groups: list[GroupInfo],
    plot: bool = False,
) -> Combo:
    """Compile a combination whose group names are resolved to indices into `groups`."""
    used = {i for alts in need for i, _ in alts} | set(unless)
    contexts = tuple(sorted(i for i in used if groups[i].context is not None))
    text_need = tuple(alts for alts in need if all(groups[g].context is None for g, _ in alts))
    strongest = [[groups[g].weight for g, _ in alts] for alts in need]
    strong = [[w for w in weights if w >= STRONG] for weights in strongest]
    floor = score
    if need and all(strong):
        floor = min(score, sum(min(weights) for weights in strong))
    return Combo(
        name,
        need,
        unless,
        least_groups,
        score,
        severity,
        contexts,
        text_need,
        floor=floor,
        plot=plot,
    )


class Scorer:
    """Score a message's hits against a pack's groups and combinations."""

    def __init__(self, groups: list[GroupInfo], combos: list[Combo]) -> None:
        self.groups = groups
        referenced = {g for combo in combos for g in combo.contexts}
        # Context groups no combination names only add to the score; evasion adds to
        # every combination's, including those that do not name it.
        self.bonus = tuple(
            i
            for i, g in enumerate(groups)
            if g.context is not None and (i not in referenced or g.context in EVERYWHERE)
        )
        self.combos = [
            replace(c, bonus=sum(max(groups[g].weight, 0.0) for g in {*self.bonus, *c.contexts}))
            for c in combos
        ]
        #: The most any combination's context groups could add, and the lowest score asked.
        self.max_bonus = max(c.bonus for c in self.combos)
        self.min_score = min(c.floor for c in self.combos)

    def out_of_reach(self, fired: dict[int, float], threshold: float | None) -> bool:
        """Tell whether no combination can hold, whatever the conversation adds.

        Then `needed_contexts` is empty and `verdict` None: both may be skipped.
        """
        lowest = self.min_score if threshold is None else threshold
        return sum(fired.values()) + self.max_bonus < lowest

    def fired(self, hits: list[Hit]) -> dict[int, float]:
        """Turn hits into each group's contribution.

        A group contributes its weight times the summed weights of the distinct items
        that matched, capped at 1: one ambiguous word is weak, two of them together
        ("❄️" and "🍃") say more, and a strong word says it all. A pattern and the
        items of its group that match the same words (a term and a pattern on one
        phrase) count once, the strongest.
        """
        by_group: dict[int, list[Hit]] = {}
        for hit in hits:
            found = by_group.get(hit.group)
            if found is None:
                by_group[hit.group] = [hit]
            else:
                found.append(hit)
        sums = {
            g: found[0].weight if len(found) == 1 else _distinct_sum(found)
            for g, found in by_group.items()
        }
        groups = self.groups
        out: dict[int, float] = {}
        for g, w in sums.items():
            factor = groups[g].weight
            if factor:
                out[g] = factor * min(w, 1.0)
        return out

    def needed_contexts(self, fired: dict[int, float], threshold: float | None) -> set[int]:
        """Return the context groups worth computing: those of combinations that could hold."""
        total = sum(fired.values())
        needed: set[int] = set()
        for combo in self.combos:
            if total + combo.bonus < (combo.floor if threshold is None else threshold):
                continue
            if not _holds(combo.text_need, combo.unless, fired):
                continue
            needed.update(combo.contexts)
            needed.update(self.bonus)
        return needed

    def verdict(self, fired: dict[int, float], threshold: float | None) -> Verdict | None:
        """Return the strongest combination that holds, if any."""
        total = sum(fired.values())
        positive = sum(1 for value in fired.values() if value > 0)
        best: Combo | None = None
        plot = False
        for combo in self.combos:
            if total < (combo.score if threshold is None else threshold) and (
                threshold is not None or not self._strong(combo, fired, total)
            ):
                continue
            if positive < combo.groups or not _holds(combo.need, combo.unless, fired):
                continue
            plot = plot or combo.plot
            if best is None or combo.severity > best.severity:
                best = combo
        return None if best is None else Verdict(best, total, plot)

    def _strong(self, combo: Combo, fired: dict[int, float], total: float) -> bool:
        """Tell whether the groups a combination names fired at full strength, nothing against.

        A short message with two strong signals ("coke 50 balles") then holds the
        combination on the groups it names, without the optional ones a longer message has.
        """
        if total < combo.floor or not combo.need:
            return False
        groups = self.groups
        strong: set[int] = set()
        for alternatives in combo.need:
            found = False
            for group, least in alternatives:
                value = fired.get(group)
                weight = groups[group].weight
                if value is not None and weight >= STRONG and value >= max(least, weight - 1e-9):
                    strong.add(group)
                    found = True
            if not found:
                return False
        if len(strong) < len(combo.need):
            return False
        return all(value >= 0 for value in fired.values())


def _distinct_sum(hits: list[Hit]) -> float:
    """Sum the weights of a group's items: an item once, a pattern's overlaps once.

    Hits overlapping a pattern's are one piece of evidence, worth the strongest; words
    overlapping words add up (a pack writes "i coach" to add to "coach"). An item seen
    again elsewhere adds nothing. Hits on raw and on normalized offsets never overlap.
    """
    ordered = sorted(hits, key=lambda h: (h.raw, h.start, -h.end))
    counted: set[str] = set()
    total = 0.0
    cluster: list[Hit] = []
    end = -1
    raw = False
    for hit in [*ordered, None]:
        if hit is not None and cluster and hit.raw == raw and hit.start < end:
            cluster.append(hit)
            end = max(end, hit.end)
            continue
        if cluster:
            fresh = {h.item: h.weight for h in cluster if h.item not in counted}
            if fresh:
                patterned = any(h.pattern for h in cluster)
                total += max(fresh.values()) if patterned else sum(fresh.values())
            counted.update(h.item for h in cluster)
        if hit is not None:
            cluster, end, raw = [hit], hit.end, hit.raw
    return total


def _holds(
    need: tuple[tuple[tuple[int, float], ...], ...],
    unless: tuple[int, ...],
    fired: dict[int, float],
) -> bool:
    """Tell whether every need entry has a fired alternative and no veto fired."""
    for group in unless:
        if group in fired:
            return False
    for alternatives in need:
        for group, least in alternatives:
            value = fired.get(group)
            if value is not None and value >= least:
                break
        else:
            return False
    return True
