"""The example config's flood rule, as shipped: the whole flood goes, the report lists it."""

from __future__ import annotations

import yaml

from bot.config import BUNDLED_CONFIG


def _shipped_flood() -> str:
    """Return a config whose only rule is the example config's flood rule, word for word."""
    example = yaml.safe_load(BUNDLED_CONFIG.read_text(encoding="utf-8"))
    (community,) = example["communities"].values()
    flood = community["rules"]["flood"]
    return yaml.safe_dump(
        {
            "communities": {
                "demo": {
                    "platform": "matrix",
                    "rooms": ["general", "random"],
                    "mod_channel": "mods",
                    "moderators": {"users": ["mod"]},
                    "rules": {"flood": flood},
                }
            }
        }
    )


async def test_a_burst_is_removed_whole_and_reported_with_its_earlier_messages(testbot):
    bot = await testbot(_shipped_flood())
    await bot.say("a message of bob's", user="bob")
    for n in range(5):
        plan, _ = await bot.say(f"flood {n}", room="general" if n % 2 else "random")
        assert not plan.hits
    plan, _ = await bot.say("flood 5")
    assert [hit.rule for hit in plan.hits] == ["flood"]
    deleted = {call.args["message_id"] for call in bot.pop() if call.kind == "delete"}
    assert deleted == {"m2", "m3", "m4", "m5", "m6", "m7"}  # alice's six; bob's stays
    (card,) = bot.adapter.reports
    assert [line.split(" ", 1)[0] for line in card.related] == ["m2", "m3", "m4", "m5", "m6"]
