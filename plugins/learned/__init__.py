"""The learned signal: a model trained on labelled example corpora, as a second opinion."""

from __future__ import annotations

from bot.registry import Registry
from plugins.learned.trigger import (
    Learned,
    LearnedObserver,
    LearnedOptions,
    Unlikely,
    UnlikelyOptions,
)


def setup(registry: Registry) -> None:
    """Register the `learned` trigger, its doubting twin `unlikely`, and the thread's observer."""
    registry.add_trigger(
        "learned",
        LearnedOptions,
        Learned,
        "A model trained on the labelled corpora of config/examples/ (reports, never alone acts).",
    )
    registry.add_trigger(
        "unlikely",
        UnlikelyOptions,
        Unlikely,
        "The model finds the message unlikely of a category (for a rule's unless list).",
    )
    registry.add_observer("learned", LearnedObserver)
