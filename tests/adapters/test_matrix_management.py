"""Management-room text: what is addressed to the bot, and what is only quoted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.adapters.matrix.management import Said, addressed_text, without_reply_fallback
from bot.events import Member

BOT = "@vigie:example.org"


def _said(body: str, formatted: str | None = None) -> Said:
    return Said(
        community="c",
        room="!mods",
        author=Member(id="@mod:example.org"),
        body=body,
        formatted_body=formatted,
        event_id="$e",
        reply_to=None,
        ts=datetime(2026, 3, 1, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("!vigie ban @a:b spam", "!vigie ban @a:b spam"),
        ("Vigie Bot: ban @a:b", "!vigie ban @a:b"),
        ("vigie bot, help", "!vigie help"),
        ("VIGIE BOT:cases", "!vigie cases"),
        (f"{BOT}: help", "!vigie help"),
        # Talk about the bot, not to it.
        ("Vigie Bot est lente ce soir", "Vigie Bot est lente ce soir"),
        ("Vigie Bot:", "Vigie Bot:"),
    ],
)
def test_the_display_name_or_the_id_stands_for_the_prefix(body: str, expected: str):
    assert addressed_text(_said(body), BOT, "Vigie Bot", "!vigie") == expected


def test_a_pill_mention_stands_for_the_prefix():
    pill = f'<a href="https://matrix.to/#/{BOT}">Vigie Bot</a>: ban &lt;x&gt;'
    said = _said("Vigie Bot: ban <x>", pill)
    assert addressed_text(said, BOT, None, "!vigie") == "!vigie ban <x>"


def test_a_pill_of_someone_else_is_not_for_the_bot():
    pill = '<a href="https://matrix.to/#/@mod:example.org">mod</a>: ban @a:b'
    assert addressed_text(_said("mod: ban @a:b", pill), BOT, "Vigie", "!vigie") == "mod: ban @a:b"


def test_a_quoted_command_in_a_reply_fallback_is_dropped():
    body = "> <@mod:example.org> !vigie ban @a:b\n> second line\n\nje cite seulement"
    html = "<mx-reply><blockquote>!vigie ban @a:b</blockquote></mx-reply>je cite seulement"
    assert without_reply_fallback(body, html) == ("je cite seulement", "je cite seulement")
    said = _said(body, html)
    assert addressed_text(said, BOT, "Vigie", "!vigie") == "je cite seulement"


def test_a_reply_keeps_its_own_command():
    body = "> <@alice:example.org> connard\n\n!vigie warn @alice:example.org insulte"
    said = _said(body)
    assert addressed_text(said, BOT, "Vigie", "!vigie") == "!vigie warn @alice:example.org insulte"
