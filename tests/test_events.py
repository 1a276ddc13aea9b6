"""Neutral events: an edit is built from the message it changes."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta

from bot.events import Attachment, MessageCreated, MessageEdited
from tests.support.messages import T0, make_message


def test_an_edit_keeps_every_field_of_the_message_and_dates_it_at_the_edit():
    message = make_message(
        "new text",
        attachments=(Attachment(filename="a.png", sha256="00"),),
        mentions=("u2",),
        role_mentions=("r1",),
        mentions_everyone=True,
        reply_to="m0",
        thread="t1",
        link="https://example.org/m",
    )
    later = T0 + timedelta(minutes=3)
    edited = MessageEdited.of(message, "old text", ts=later)
    for field in fields(MessageCreated):
        expected = later if field.name == "ts" else getattr(message, field.name)
        assert getattr(edited, field.name) == expected, field.name
    assert edited.previous_text == "old text"
    assert MessageEdited.of(message, None).ts == message.ts
