"""Hostile commands: whatever members or moderators type, the router answers and never raises."""

from __future__ import annotations

import asyncio
import logging
import re
from contextlib import AsyncExitStack, suppress

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.moderation import parsing
from bot.moderation.api import Reply
from bot.moderation.commands import SPECS
from bot.moderation.errors import UsageError
from bot.moderation.reports import ReportCard, defuse_mentions
from tests.support.modconfig import RULES
from tests.support.testbot import open_testbot

FAST = settings(
    max_examples=150,
    deadline=3000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)

# Ways to ping many people at once: none may reach a reply or a report unbroken.
_PINGS = ("@everyone", "@here", "@room", "@channel", "<@&123456>", "<@123456>", "<@!123456>")
_PING_RE = re.compile(r"@(everyone|here|room|channel)|<@[!&]?\d|<#\d", re.IGNORECASE)
_TRACE = re.compile(r"Traceback|File \"|line \d+, in ")

_NAMES = sorted({name for spec in SPECS for name in (spec.name, *spec.aliases)})
_WORDS = st.sampled_from(
    [
        *_NAMES,
        *_PINGS,
        "alice",
        "bob",
        "mod",
        "mod2",
        "vigie-bot",
        "@alice",
        "https://matrix.to/#/@alice",
        "https://matrix.to/#/!room:x/$ev",
        "<@>",
        "#1",
        "#0",
        "#999999999",
        "#99999999999999",
        "1",
        "0",
        "-1",
        "²",
        "٣",
        "1" * 5000,
        "10m",
        "1h30m",
        "0s",
        "99999999999999999w",
        "1" * 80 + "d",
        "--clean",
        "--clean=1d",
        "--room",
        "--user",
        "--regex",
        "--regex=(a+)+$",
        "--regex=(a)\\1",
        "--regex=((",
        "--since",
        "--since=99999999999999w",
        "--anon",
        "--category",
        "--category=drugs",
        "--all",
        "--reason",
        "--",
        "--=",
        '"',
        "'",
        '"quoted words"',
        "'\"'\"'",
        "«",
        "»",
        "“",
        "t'es",
        "\u202e",
        "\u200b",
        "e\u0301\u0301\u0301",
        "👨‍👩‍👧",
        "\x00",
        "\n",
        "\t",
        "%s",
        "{0}",
        "${HOME}",
    ]
)
_command_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=8).map(" ".join),
    st.tuples(
        st.sampled_from(["!vigie ", "!vigie", "vigie: ", "!VIGIE ", "!vigie  "]),
        st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=8).map(" ".join),
    ).map("".join),
)


@pytest.fixture(scope="module")
def driven(registry, tmp_path_factory):
    """One bot on its own loop, shared by every example (state piles up, as in a real room)."""
    loop = asyncio.new_event_loop()
    stack = AsyncExitStack()
    factory = loop.run_until_complete(
        stack.enter_async_context(open_testbot(registry, tmp_path_factory.mktemp("hostile")))
    )
    bot = loop.run_until_complete(factory(RULES))
    bot.member("mod", 50, display_name="Modo @everyone")
    bot.member("mod2", 50)
    bot.member("alice", 0, display_name="@room <@&42>")
    bot.member("bob", 0)
    bot.member("vigie-bot", 100)
    loop.run_until_complete(bot.say("t'es un connard", user="alice"))
    loop.run_until_complete(bot.say("beuh ce soir", user="bob"))
    yield loop, bot
    loop.run_until_complete(stack.aclose())
    loop.close()


def _check(reply: object, caplog: pytest.LogCaptureFixture) -> None:
    assert reply is None or isinstance(reply, Reply)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors[0].getMessage()
    if reply is None:
        return
    assert isinstance(reply.text, str)
    assert not _TRACE.search(reply.text), reply.text
    assert "internal error" not in reply.text, reply.text
    assert not _PING_RE.search(reply.text), reply.text
    if reply.card is not None:
        assert not _PING_RE.search(reply.card.render_text())


@FAST
@given(
    text=_command_text,
    user=st.sampled_from(["mod", "alice", "stranger", "mod2"]),
    room=st.sampled_from([None, "general", "elsewhere"]),
    reply=st.booleans(),
)
def test_any_text_from_anyone_gets_a_reply_or_none(driven, caplog, *, text, user, room, reply):
    loop, bot = driven
    caplog.clear()
    options = {}
    if reply:
        options = {"reply_to": "m1", "reply_to_author": "alice", "reply_to_text": text}
    with caplog.at_level(logging.DEBUG):
        answer = loop.run_until_complete(bot.command(text, user=user, room=room, **options))
    _check(answer, caplog)


@FAST
@given(
    name=st.sampled_from(_NAMES),
    args=st.lists(st.one_of(_WORDS, st.text(max_size=10)), max_size=6),
    user=st.sampled_from(["mod", "alice"]),
)
def test_any_slash_command_arguments_get_a_reply(driven, caplog, name, args, user):
    """Slash commands arrive split: the same handlers, without the text parser in front."""
    loop, bot = driven
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        answer = loop.run_until_complete(
            bot.command("", user=user, prefixed=False, args=(name, *args))
        )
    _check(answer, caplog)
    assert answer is not None


@FAST
@given(st.text(max_size=300))
def test_parser_pieces_raise_only_usage_errors(text):
    assert all(isinstance(word, str) for word in parsing.words(text))
    parsing.strip_prefix(text, parsing.prefixes("matrix", None))
    parsing.member_ref(text)
    parsing.looks_like_duration(text)
    for parse in (
        parsing.duration,
        parsing.case_number,
        lambda t: parsing.count(t, maximum=100),
        lambda t: parsing.split_flags(parsing.words(t), {"clean": True, "anon": False}),
    ):
        with suppress(UsageError):
            parse(text)


@pytest.mark.parametrize("token", ["99999999999999999w", "1" * 80 + "s", "1" * 5000 + "m"])
def test_absurd_durations_are_usage_errors(token):
    with pytest.raises(UsageError):
        parsing.duration(token)


@pytest.mark.parametrize("token", ["²", "٣", "1" * 5000])
def test_counts_are_ascii_digits(token):
    with pytest.raises(UsageError):
        parsing.count(token, maximum=100)


@pytest.mark.parametrize(
    "command",
    [
        "!vigie ban alice 99999999999999999w spam",
        "!vigie timeout alice 99999999999999999w",
        "!vigie clean ² --user alice",
        "!vigie clean 10 --since 99999999999999w",
        "!vigie ban alice --clean 99999999999999999w",
        "!vigie slowmode 99999999999999999w",
    ],
)
async def test_absurd_numbers_are_answered_as_usage(testbot, command):
    bot = await testbot(RULES)
    bot.member("mod", 50)
    bot.member("alice", 0)
    reply = await bot.command(command)
    assert reply is not None
    assert not reply.ok
    assert reply.kind == "usage", reply.text


# ---- pings through quoted content -------------------------------------------------------

_hostile_quote = st.lists(
    st.one_of(st.sampled_from([*_PINGS, "@EVERYONE", "@everyone_", "@here1"]), st.text(max_size=9)),
    max_size=6,
).map(" ".join)


@settings(max_examples=100, deadline=None, database=None)
@given(_hostile_quote)
def test_defused_text_cannot_ping(text):
    assert not _PING_RE.search(defuse_mentions(text))


@settings(max_examples=60, deadline=None, database=None)
@given(
    excerpt=_hostile_quote,
    name=_hostile_quote,
    status=st.one_of(st.none(), _hostile_quote),
    spans=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=4),
)
def test_report_cards_never_ping_through_quoted_content(excerpt, name, status, spans):
    card = ReportCard(
        community="demo",
        room="general",
        member_id="@alice:x",
        member_name=name,
        excerpt=excerpt,
        spans=tuple(spans),
        summaries=(excerpt,),
        group_count=2,
        group_cases=(1, 2),
        group_lines=(excerpt,),
        status=status,
        user_report=3,
        extra={"reported_by": name},
    )
    text = card.render_text()
    assert not _PING_RE.search(text), text


@pytest.mark.parametrize("ping", ["@everyone", "@room", "<@&123456>", "@here2"])
async def test_replies_never_ping_through_reasons_names_or_quoted_messages(testbot, ping):
    bot = await testbot(RULES)
    bot.member("mod", 50, display_name=f"Modo {ping}")
    bot.member("alice", 0, display_name=f"Alice {ping}")
    await bot.say(f"t'es un connard {ping}", user="alice")
    for command in (
        f"!vigie warn alice stop it {ping}",
        f"!vigie note alice {ping} again",
        f"!vigie reason #1 {ping}",
        "!vigie case 1",
        "!vigie cases alice",
        f"!vigie kick {ping}",
        f"!vigie {ping}",
        f"!vigie help {ping}",
    ):
        reply = await bot.command(command)
        assert reply is not None
        assert not _PING_RE.search(reply.text), (command, reply.text)
    report = await bot.command(
        f"!vigie report {ping}",
        user="bob",
        room="general",
        reply_to="m1",
        reply_to_author="alice",
        reply_to_text=f"quoted {ping}",
    )
    assert report is not None
    assert not _PING_RE.search(report.text)
    posted = [c.args["text"] for c in bot.pop() if c.kind == "message"]
    posted += [card.render_text() for card in bot.adapter.reports]
    assert posted
    for text in posted:
        assert not _PING_RE.search(text), text
