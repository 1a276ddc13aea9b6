"""What the members say: insults the example config removes, and everyday messages."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from bench.throughput import reference
from bot.app import build_engine, build_services
from bot.config import load_config_text
from bot.events import Member, MessageCreated
from bot.registry import Registry

# Insults aimed at someone, FR and EN: the example config's hate-harassment rule removes them
# (delete, warn, report; no timeout, so the member can keep posting).
VIOLATING = [
    "t'es qu'un connard",
    "ferme ta gueule espèce de connard",
    "you are a worthless piece of shit",
    "go kill yourself you idiot",
    "t'es vraiment une grosse merde",
    "shut up you stupid bitch",
    "espèce de sale con, dégage",
    "you're a pathetic loser",
]
OPENERS = [
    "Salut tout le monde,",
    "Hello everyone,",
    "Bonjour,",
    "Hi,",
    "Coucou,",
    "Quick question:",
    "Petite question :",
    "Good morning,",
    "Re,",
    "Hey folks,",
    "Bonsoir,",
    "Yo,",
    "Dites,",
    "Just wondering,",
    "Au fait,",
    "By the way,",
    "Alors,",
    "So,",
    "Bon,",
    "Well,",
]
TOPICS = [
    "quelqu'un a vu le match hier soir ?",
    "what time is the meetup on Saturday?",
    "le nouveau patch du jeu est sorti.",
    "I finally finished that book, loved it.",
    "il pleut encore ici, comme d'hab.",
    "does anyone have a good pasta recipe?",
    "je cherche un bon film pour ce soir.",
    "the train was late again this morning.",
    "vous avez des conseils pour apprendre la guitare ?",
    "my cat knocked the plant over again.",
    "on se retrouve à la bibliothèque demain ?",
    "who's up for a game later tonight?",
    "j'ai testé le café du coin, pas mal du tout.",
    "the sunset was amazing yesterday.",
    "merci pour l'aide sur le devoir de maths !",
    "I'm learning Python, any tips for beginners?",
    "le concert était génial, trop content.",
    "has anyone tried the new bakery downtown?",
    "je révise pour le bac, c'est long.",
    "thanks for sharing the playlist, great picks.",
]


def benign(rng: random.Random, n: int) -> str:
    """Return everyday message `n`: one of 400, made unique by a word no rule reacts to."""
    # Unique, or at a few messages a second three members soon post the same one within a
    # minute, and the copy-paste raid rule rightly removes it.
    return f"{rng.choice(OPENERS)} {rng.choice(TOPICS)} {reference(n)}"


async def check_texts(config_text: str, registry: Registry, env: dict[str, str]) -> None:
    """Fail early unless every violating sample fires and no benign combination does."""
    config = load_config_text(config_text, registry, file="bench.yaml", env=env)
    community = next(iter(config.communities))
    engine = build_engine(config, registry, build_services(config))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    samples = [(text, True) for text in VIOLATING]
    combinations = [f"{o} {t}" for o in OPENERS for t in TOPICS]
    samples += [(f"{text} {reference(n)}", False) for n, text in enumerate(combinations)]
    wrong = []
    for i, (text, bad) in enumerate(samples):
        event = MessageCreated(
            community=community,
            room="!check:localhost",
            ts=start + timedelta(minutes=i),
            member=Member(id=f"@check{i}:localhost"),
            message_id=f"check{i}",
            text=text,
        )
        plan = await engine.handle(event)
        if bool(plan.hits) != bad:
            wrong.append(text)
    if wrong:
        raise SystemExit(f"samples not classified as intended by the example config: {wrong}")
