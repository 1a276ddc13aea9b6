"""Drugs and scam packs leave a sex-work ad to its own pack, and still catch their own trade.

The sentences are written for these tests, not taken from any corpus.
"""

from datetime import timedelta

import pytest

from tests.support.packchat import pack_chat


async def _category(registry, library, pack: str, text: str) -> str | None:
    chat = pack_chat(pack, registry, library, step=timedelta(hours=3), fresh_members=True)
    match = await chat.say(text)
    return None if match is None else str(match.category)


CASES = [
    # A "menu" that unlocks a date or lists new girls is an escort's, not a dealer's.
    (
        "drugs",
        "subscribe for $10, at tier 3 you unlock a private date with me, dm for the menu",
        False,
    ),
    ("drugs", "new girls in town this week 🌶️ 2 for 1 on friday, text the agency line", False),
    ("drugs", "new strains in 🍃 2 for 1 on friday, dm for the menu", True),
    # A deposit for an hour of company is the sex-work pack's; a deposit for goods is a scam.
    ("scam", "yes baby 300 for 2 hours, deposit first by paysafecard 😘", False),
    ("scam", "iPhone 14 for 300, deposit first by paysafecard, i ship tomorrow", True),
]


@pytest.mark.parametrize(("pack", "text", "fires"), CASES)
async def test_each_trade_to_its_pack(registry, library, pack, text, fires):
    assert (await _category(registry, library, pack, text) == pack) is fires, text
