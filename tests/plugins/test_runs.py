"""Offers typed in pieces by one author; the sentences are written for these tests."""

from __future__ import annotations

from datetime import timedelta

import pytest

from plugins.packs.runs import RUN_PIECES, continued, is_piece
from plugins.packs.seams import Said
from tests.support.messages import T0
from tests.support.packchat import PackChat, pack_chat

PIECES = [
    ("drugs", ["j'ai de la beuh", "10 le g", "dm moi"]),
    ("drugs", ["weed here", "10 a gram", "hmu on snap"]),
    ("drugs", ["frappe", "livraison 7/7", "20e le gramme"]),
    ("sexual_services", ["dispo ce soir", "100 la demi heure", "massage complet"]),
    ("luring", ["viens chez moi ce soir", "t'inquiete y aura personne", "dis rien a personne"]),
    ("luring", ["come to the park tonight", "behind the gym"]),
    ("scam", ["send me 0.1 eth", "i send back 0.2"]),
    ("scam", ["your account will be suspended", "verify here"]),
]

# Bursts of short messages with no harm in them: each piece alone is nothing either.
ORDINARY_BURSTS = [
    ["j'ai fumé un joint hier", "j'étais mort", "20 min après je dormais"],
    ["je vends ma switch", "150€", "dm moi si ça t'intéresse"],
    ["on se voit ce soir ?", "chez moi", "ramène les chips"],
    ["rdv au parc à 18h", "venez nombreux", "dm pour infos"],
    ["j'ai mal au dos", "besoin d'un massage", "60€ chez le kiné"],
    ["available tonight", "for a game of chess", "text me"],
    ["the weed in my garden is insane", "like 2 meters", "send help"],
    ["je livre des pizzas ce soir", "dispo jusqu'à minuit", "5€ la livraison"],
    ["heureusement qu'il y a le doliprane", "2 cachets", "et au lit"],
    ["on fait une soirée", "chez moi samedi", "venez à 20h", "ramenez à boire"],
    ["vends places concert", "40€ l'unité", "envoyez moi un mp"],
    ["come over tonight", "my parents are cooking", "bring your brother"],
    ["double your xp this weekend", "event starts at 6pm", "dont miss it"],
    # A member reporting an offer they were made, in pieces.
    ["un mec m'a proposé de la beuh", "10 le g en dm", "je l'ai signalé"],
]


async def burst(chat: PackChat, lines: list[str], *, seconds: float = 6, user: str = "alice"):
    """Post the lines one after the other by one author; return each line's match."""
    await chat.say("salut tout le monde", user="bob", seconds=120)
    return [await chat.say(line, user=user, seconds=seconds) for line in lines]


@pytest.mark.parametrize(("pack", "lines"), PIECES)
async def test_an_offer_in_pieces_is_found_on_the_piece_that_completes_it(
    registry, library, pack, lines
):
    for line in lines:  # no piece is enough by itself
        assert await pack_chat(pack, registry, library).say(line) is None
    chat = pack_chat(pack, registry, library)
    found = await burst(chat, lines)
    assert all(m is None for m in found[:-1])
    match = found[-1]
    assert match is not None
    assert str(match.category) == pack
    # The earlier pieces whose words count are named, so the moderator sees the offer.
    first = chat.ids - len(lines) + 1
    assert {r.message_id for r in match.related} <= {f"m{first + i}" for i in range(len(lines))}
    assert match.related
    # Only the message's own words are highlighted.
    assert all(span.end <= len(lines[-1]) for span in match.spans)


@pytest.mark.parametrize(("pack", "lines"), PIECES)
async def test_pieces_too_far_apart_or_by_two_members_are_no_offer(registry, library, pack, lines):
    slow = pack_chat(pack, registry, library)
    assert all(m is None for m in await burst(slow, lines, seconds=45))
    shared = pack_chat(pack, registry, library)
    await shared.say("salut", user="bob", seconds=120)
    for index, line in enumerate(lines):
        assert await shared.say(line, user=("alice", "carol")[index % 2], seconds=6) is None


@pytest.mark.parametrize("pack", ["drugs", "sexual_services", "luring", "scam"])
@pytest.mark.parametrize("lines", ORDINARY_BURSTS)
async def test_an_ordinary_burst_is_no_offer(registry, library, pack, lines):
    found = await burst(pack_chat(pack, registry, library), lines)
    assert found == [None] * len(lines)


async def test_a_long_message_is_no_piece(registry, library):
    chat = pack_chat("drugs", registry, library)
    long_line = "j'ai de la beuh dans mon jardin depuis que le voisin a planté ses trucs bizarres"
    assert await burst(chat, [long_line, "10 le g", "dm moi"]) == [None, None, None]


@pytest.mark.parametrize("warning", ["pas de drogue ici svp", "dernier avertissement"])
async def test_a_warning_among_the_pieces_counts_against_the_offer(registry, library, warning):
    lines = ["genre j'ai de la beuh", "10 le g", "dm moi"]
    assert (await burst(pack_chat("drugs", registry, library), lines))[-1] is not None
    chat = pack_chat("drugs", registry, library)
    assert await burst(chat, [warning, *lines]) == [None] * (len(lines) + 1)


def piece(seconds: float, name: str) -> Said:
    return Said.of(T0 + timedelta(seconds=seconds), name, name)


def test_a_run_holds_while_each_piece_follows_the_last_soon_enough():
    pieces = [piece(0, "a"), piece(50, "b"), piece(70, "c"), piece(90, "d")]
    kept = continued(pieces, T0 + timedelta(seconds=100))
    assert [p.message_id for p in kept] == ["b", "c", "d"][-(RUN_PIECES - 1) :]
    assert continued(pieces, T0 + timedelta(seconds=200)) == []


def test_a_long_message_ends_the_run():
    long_one = Said.of(T0 + timedelta(seconds=60), "long", "x" * 200)
    pieces = [piece(50, "b"), long_one, piece(70, "c")]
    assert [p.message_id for p in continued(pieces, T0 + timedelta(seconds=80))] == ["c"]
    assert not is_piece(long_one)
    assert is_piece(piece(0, "dispo ce soir"))
