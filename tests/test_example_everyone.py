"""The example config lets a member's plain announcement to @everyone be, not an advert."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.engine import Engine
from bot.events import Member
from bot.registry import Registry
from tests.support.bundled import bundled
from tests.support.messages import make_message

START = datetime(2026, 5, 2, 18, tzinfo=UTC)


@pytest.fixture(scope="module")
def engine(registry: Registry) -> tuple[Engine, str]:
    found = bundled(registry)
    return found.engine, found.community


async def _rules(engine: tuple[Engine, str], n: int, text: str, **mentions: Any) -> set[str]:
    """Return the rules a member's message fires, each message in a room of its own."""
    bot, community = engine
    event = make_message(
        text,
        community=community,
        room=f"room-{n}",
        ts=START + timedelta(minutes=10 * n),
        member=Member(id=f"member-{n}", account_created=START - timedelta(days=400)),
        message_id=f"m{n}",
        **mentions,
    )
    plan = await bot.handle(event)
    return {hit.rule for hit in plan.hits}


# Not every announcement: one ending "venez nombreux" can read as promotion to the model
# (0.48 to 0.63, over the 0.4 under which the rule lets it be).
ANNOUNCEMENTS = [
    "@everyone entraînement annulé ce soir à cause de la pluie, on se retrouve samedi",
    "@here reminder: the car park is closed on Sunday, we meet at the north gate at 10",
]


@pytest.mark.parametrize("n", range(len(ANNOUNCEMENTS)))
async def test_a_plain_announcement_to_everyone_is_let_be(engine, n: int) -> None:
    assert await _rules(engine, n, ANNOUNCEMENTS[n], mentions_everyone=True) == set()


PINGS: list[tuple[str, dict[str, object]]] = [
    ("@everyone 🎁 free gift cards for the first 50, claim now 👉 gifts-today.example.net", {}),
    ("abonnez-vous à ma chaîne, nouveau live ce soir 🔴🔴 @here", {}),
    # Too short for the model to judge: never held back.
    ("@here", {}),
    ("hey @mods", {"role_mentions": ("mods",), "mentions_everyone": False}),
]


@pytest.mark.parametrize("n", range(len(PINGS)))
async def test_an_advert_or_a_bare_ping_to_everyone_is_reported(engine, n: int) -> None:
    text, fields = PINGS[n]
    mentions: dict[str, object] = {"mentions_everyone": True, **fields}
    fired = await _rules(engine, 10 + n, text, **mentions)
    assert "everyone-mentions" in fired, fired
