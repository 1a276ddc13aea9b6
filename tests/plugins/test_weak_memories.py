"""Which earlier messages an author's thread remembers; sentences written for these tests."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.text import normalize
from plugins.packs.schema import Conversation
from tests.support.packchat import pack_chat

ATTACK = "you're a worthless loser, nobody wants you here"


def word_score(library, pack: str, text: str) -> float:
    found = library.get(pack, None)
    return sum(v for v in found.scorer.fired(found.text_hits(normalize(text))).values() if v > 0)


@pytest.mark.parametrize(("weak", "strong"), [("trash", "ur trash lol")])
async def test_a_bare_weak_word_is_not_attached_to_a_later_match(registry, library, weak, strong):
    least = library.get("hate_harassment", None).conversation.remember_score
    assert 0 < word_score(library, "hate_harassment", weak) < least
    assert word_score(library, "hate_harassment", strong) >= least
    chat = pack_chat("hate_harassment", registry, library)
    assert await chat.say(weak, user="troll") is None  # m1
    assert await chat.say(strong, user="troll") is None  # m2
    match = await chat.say(ATTACK, user="troll")
    assert match is not None
    assert [r.message_id for r in match.related] == ["m2"]


@pytest.mark.parametrize(
    ("weak", "strong", "lure"),
    [
        (
            "ce soir",
            "t'es seule ce soir ?",
            "viens chez moi ce soir, personne ne saura, viens seule",
        ),
        ("tonight", "you alone?", "come to the park tonight, come alone and tell no one"),
    ],
)
async def test_a_lone_time_word_is_not_a_move_of_a_lure(registry, library, weak, strong, lure):
    least = library.get("luring", None).conversation.remember_score
    assert 0 < word_score(library, "luring", weak) < least <= word_score(library, "luring", strong)
    chat = pack_chat("luring", registry, library)
    assert await chat.say(weak, user="lurer") is None  # m1
    assert await chat.say(strong, user="lurer") is None  # m2
    match = await chat.say(lure, user="lurer")
    assert match is not None
    assert [r.message_id for r in match.related] == ["m2"]


def test_remember_score_is_a_pack_setting_with_a_floor():
    assert Conversation().remember_score == 0.5
    assert Conversation.model_validate({"remember_score": 1.2}).remember_score == 1.2
    with pytest.raises(ValidationError):
        Conversation.model_validate({"remember_score": -1})
