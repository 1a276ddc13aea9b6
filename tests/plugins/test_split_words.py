"""Words split across two messages of one author; the sentences are written for these tests."""

from __future__ import annotations

import pytest

from plugins.packs.lexicon import Scanner
from plugins.packs.seams import Said, seam_hits
from tests.support.messages import T0
from tests.support.packchat import pack_chat


async def pair(chat, first: str, second: str, *, user: str = "alice", seconds: float = 5):
    """Post two messages by one author; return the match of the second."""
    await chat.say(first, user=user, seconds=60)
    return await chat.say(second, user=user, seconds=seconds)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("t'as de la c", "oke pour ce soir, 50 balles le g"),
        ("dispo w", "eed 10€ le g"),
        ("got some w", "eed, $20 a g, dm me"),
        ("selling co", "ke 60 a gram"),
    ],
)
async def test_a_drug_word_split_across_two_messages_is_found(registry, library, first, second):
    alone = pack_chat("drugs", registry, library)
    assert await alone.say(first) is None
    assert await alone.say(second, user="bob") is None
    chat = pack_chat("drugs", registry, library)
    match = await pair(chat, first, second)
    assert match is not None
    assert "drugs.product" in match.signals
    # The span is in the second message, from its start to the end of the split word.
    assert match.spans[0].start == 0
    assert match.spans[0].text == second[: match.spans[0].end]
    # The first message, where the word began, is named as related.
    assert [r.message_id for r in match.related] == [f"m{chat.ids - 1}"]
    assert first in match.related[0].excerpt


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("t'as de la c", "oke pour ce soir, 50 balles le g"),
        ("got some w", "eed, $20 a g, dm me"),
    ],
)
async def test_no_join_when_the_first_message_is_old_or_by_someone_else(
    registry, library, first, second
):
    chat = pack_chat("drugs", registry, library)
    assert await pair(chat, first, second, seconds=45) is None
    await chat.say(first, user="alice", seconds=60)
    assert await chat.say(second, user="bob", seconds=5) is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Everyday pairs whose join spells a pack word: one weak word never fires.
        ("on y va", "mec"),
        ("t'as vu la c", "oupe hier ?"),
        ("c'est quoi ce sn", "ack ?"),
        ("we", "ed sheeran tonight?"),
        ("lol ok", "see you at the match"),
        ("i'm at the sh", "op, 5 min"),
        ("t'es où", "je suis au taf"),
        ("ça coûte 20 balles", "la place de ciné"),
        # These joins do spell pack words ("ce soir", "tonight", "snap", "t'es seule", "weed").
        ("on se voit ce", "soir ?"),
        ("we could meet up to", "night at the cinema"),
        ("my sn", "ap is broken lol"),
        ("t'es", "seule à la soirée ?"),
        ("the w", "eed killer worked on my garden"),
    ],
)
async def test_everyday_pairs_do_not_fire(registry, library, first, second):
    for pack in ("drugs", "sexual_services", "luring", "child_safety"):
        chat = pack_chat(pack, registry, library)
        assert await pair(chat, first, second) is None, pack


async def test_long_messages_on_both_sides_are_not_joined(registry, library):
    chat = pack_chat("drugs", registry, library)
    first = "je te raconte pas la soirée d'hier, on a bu du co"
    second = "ke zéro toute la nuit et on a mangé des pizzas, 10 balles le g de parmesan"
    assert await pair(chat, first, second) is None


@pytest.mark.parametrize(
    ("first", "second", "word"),
    [
        ("we could meet up to", "night at the cinema", "tonight"),
        ("t'es", "seule à la soirée ?", "t'es seule"),
    ],
)
def test_the_twins_are_real_their_join_spells_a_pack_word(library, first, second, word):
    for pack in ("luring", "child_safety"):
        library.get(pack, None)
    library.scanner.prepare()
    found = seam_hits(library.scanner, Said.of(T0, "m1", first), second)
    assert word in [h.item for hits in found.values() for h in hits]


def test_a_scanner_no_pack_was_added_to_finds_nothing():
    assert seam_hits(Scanner(), Said.of(T0, "m1", "dispo w"), "eed 10€ le g") == {}
