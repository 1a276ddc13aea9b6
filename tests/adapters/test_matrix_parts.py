"""Parts of the Matrix adapter that stand alone: recent texts and background work."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.adapters.matrix.background import Background
from bot.adapters.matrix.recent import RecentTexts
from bot.events import Member, MessageCreated, MessageEdited

WHEN = datetime(2026, 11, 30, tzinfo=UTC)
AUTHOR = Member(id="@ana:example.org")


def message(message_id: str, text: str) -> MessageCreated:
    return MessageCreated(
        community="c", room="#r", ts=WHEN, member=AUTHOR, message_id=message_id, text=text
    )


def edit(message_id: str, text: str) -> MessageEdited:
    return MessageEdited(
        community="c", room="#r", ts=WHEN, member=AUTHOR, message_id=message_id, text=text
    )


def test_an_edit_carries_the_text_it_replaced_and_its_event_is_kept_for_redaction():
    recent = RecentTexts()
    assert recent.remember(message("$m", "first"), "$m") == message("$m", "first")
    shown = recent.remember(edit("$m", "second"), "$e1")
    assert isinstance(shown, MessageEdited)
    assert shown.previous_text == "first"
    third = recent.remember(edit("$m", "third"), "$e2")
    assert isinstance(third, MessageEdited)
    assert third.previous_text == "second"
    assert recent.take_edits("$m") == ["$e1", "$e2"]
    assert recent.take_edits("$m") == []  # taken once: a second redaction has none to chase


def test_the_oldest_texts_and_their_edits_are_forgotten_past_the_size():
    recent = RecentTexts(size=2)
    recent.remember(message("$a", "a"), "$a")
    recent.remember(edit("$a", "a2"), "$ea")
    recent.remember(message("$b", "b"), "$b")
    recent.remember(message("$c", "c"), "$c")
    assert recent.take_edits("$a") == []
    late = recent.remember(edit("$a", "a3"), "$ea2")
    assert isinstance(late, MessageEdited)
    assert late.previous_text is None


async def test_closing_lets_background_work_finish_and_cancels_what_runs_too_long():
    background = Background()
    finished: list[str] = []

    async def quick() -> None:
        await asyncio.sleep(0.01)
        finished.append("quick")

    async def stuck() -> None:
        await asyncio.sleep(60)
        finished.append("stuck")

    background.spawn(quick())
    background.spawn(stuck(), name="stuck")
    started = asyncio.get_running_loop().time()
    await background.drain(within=0.2)
    assert asyncio.get_running_loop().time() - started < 5
    await asyncio.sleep(0)
    assert finished == ["quick"]
    assert not [t for t in asyncio.all_tasks() if t.get_name() == "stuck"]  # cancelled, gone
    await background.drain(within=0.2)  # nothing left in flight: returns at once
