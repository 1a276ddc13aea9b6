"""A part of the Matrix adapter that stands alone: the recent texts kept for edits."""

from __future__ import annotations

from datetime import UTC, datetime

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
