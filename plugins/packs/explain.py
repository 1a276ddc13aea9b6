"""Explain a pack's match: the groups that fired, the combination, the words to highlight."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.rules import Match, Span

if TYPE_CHECKING:
    from bot.categories import Severity
    from bot.text import NormalizedText
    from plugins.packs.lexicon import Hit
    from plugins.packs.pack import Pack

__all__ = ["explain", "signals_seen"]


def explain(
    pack: Pack,
    view: NormalizedText,
    hits: list[Hit],
    fired: dict[int, float],
    *,
    combo: str,
    score: float,
    override: Severity | None = None,
) -> Match:
    """Return the match naming the groups that fired, under the combination's severity.

    ``override`` is the rule's own severity, when it sets one.
    """
    groups = pack.groups
    positive = sorted(g for g, value in fired.items() if value > 0)
    found = sorted(
        (hit.start, hit.end) if hit.raw else view.to_raw(hit.start, hit.end)
        for hit in hits
        if fired.get(hit.group, 0.0) > 0
    )
    spans: list[tuple[int, int]] = []
    for start, end in found:
        # Overlapping words ("viens" in "viens seul") make one highlighted span.
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    raw = view.raw
    names = " + ".join(groups[g].name.replace("_", " ") for g in positive)
    found_combo = next((c for c in pack.combos if c.name == combo), None)
    severity = pack.severity if found_combo is None else found_combo.severity
    return Match(
        category=pack.category,
        severity=override or severity,
        summary=f"{combo.replace('_', ' ')}: {names} (score {score:.1f})",
        spans=tuple(Span(a, b, raw[a:b]) for a, b in spans),
        signals=(*(groups[g].signal for g in positive), f"{pack.name}.combo.{combo}"),
        score=score,
    )


def signals_seen(pack: Pack, view: NormalizedText, hits: list[Hit], fired: dict[int, float]) -> str:
    """Return the groups a text reaches, with their weight and the words that reached them."""
    words: dict[int, list[str]] = {}
    for hit in sorted(hits, key=lambda h: h.start):
        said = (view.raw if hit.raw else view.text)[hit.start : hit.end]
        found = words.setdefault(hit.group, [])
        if said not in found:
            found.append(said)
    groups = pack.groups
    parts = [
        f"{groups[g].name} {value:+.1f} ({', '.join(repr(w) for w in words.get(g, ()))})"
        for g, value in sorted(fired.items(), key=lambda item: -item[1])
    ]
    total = sum(fired.values())
    return f"pack {pack.name}: {'; '.join(parts)}; words alone {total:.1f}"
