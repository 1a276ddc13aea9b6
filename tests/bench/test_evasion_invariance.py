"""Detection survives disguise: the dev corpus with every harmful message disguised.

Measured with the bundled config (bench/evasion_invariance.py, all ten tricks on the dev
corpus): 0.974 of the messages caught as written are still caught with separators between
letters, 0.989 to 1.0 with every other trick. The floor sits under that: a change to the
normalizer or the packs that stops undoing a trick fails here. Two tricks keep it short:
separators (the hardest) and leetspeak with an invisible character inside each word.
"""

import random

from bench.disguise import TRICKS, disguise
from bench.evasion_invariance import measure
from bot.config import BUNDLED_CONFIG, ROOT, load_config
from bot.registry import load_plugins

FLOOR = 0.95


def test_most_messages_caught_as_written_are_caught_disguised() -> None:
    registry = load_plugins()
    config = load_config(BUNDLED_CONFIG, registry, require_secrets=False)
    dev = ROOT / "config" / "examples" / "dev"
    kept = measure(config, registry, [dev], ["separators", "leet-invisible"])
    for trick, (still, total) in kept.items():
        assert total > 150, trick  # the dev corpus has that many harmful messages caught
        assert still / total >= FLOOR, (trick, still, total)


def test_every_trick_changes_words_and_is_seeded() -> None:
    text = "rendez-vous derriere la gare, viens seul et apporte le liquide"
    for trick in TRICKS:
        first = disguise(text, trick, random.Random(1))
        assert first != text, trick
        assert first == disguise(text, trick, random.Random(1)), trick
