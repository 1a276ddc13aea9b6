"""Hostile events: malformed streams and Matrix content, maximal messages, Unicode tricks."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nio import Event as NioEvent
from nio import MatrixRoom, PowerLevels

from bot.adapters.matrix.translate import Place, Translated, translate
from bot.events import Attachment, Event, Member, MessageCreated
from bot.replay import ReplayError, event_from, parse_events
from tests.support.bundled import bundled
from tests.support.messages import make_message

FAST = settings(
    max_examples=200, deadline=1000, suppress_health_check=[HealthCheck.too_slow], database=None
)

_json = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=20),
        st.sampled_from(["2026-03-01T18:00:00Z", "2026-03-01T18:00:00", "m", "$ev", "mxc://x/y"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)

# ---- replay -------------------------------------------------------------------------------

_REPLAY_KEYS = [
    "type",
    "id",
    "ts",
    "room",
    "user",
    "text",
    "display_name",
    "bot",
    "roles",
    "power_level",
    "account_created",
    "avatar",
    "attachments",
    "mentions",
    "role_mentions",
    "mentions_everyone",
    "reply_to",
    "previous_text",
    "banned_by",
    "emoji",
    "reason",
]
_replay_object = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["message", "edit", "join", "leave", "profile", "reaction"]),
        "ts": st.sampled_from(["2026-03-01T18:00:00Z", "2026-03-01T18:00:00", "now"]),
        "room": st.sampled_from(["general", 3]),
        "user": st.sampled_from(["lina", 42]),
        "id": st.sampled_from(["m-1", 7]),
    },
    optional={
        key: _json for key in _REPLAY_KEYS if key not in {"type", "ts", "room", "user", "id"}
    },
)


def _well_typed(event: Event) -> None:
    assert isinstance(event.room, str)
    assert event.ts.tzinfo is not None
    member = event.member
    assert isinstance(member.id, str)
    assert member.display_name is None or isinstance(member.display_name, str)
    assert isinstance(member.is_bot, bool)
    assert all(isinstance(role, str) for role in member.roles)
    assert member.power_level is None or type(member.power_level) is int
    assert member.has_avatar is None or isinstance(member.has_avatar, bool)
    if isinstance(event, MessageCreated):
        assert isinstance(event.text, str)
        assert isinstance(event.message_id, str)
        assert all(isinstance(m, str) for m in event.mentions)
        assert all(isinstance(m, str) for m in event.role_mentions)
        assert isinstance(event.mentions_everyone, bool)
        assert event.reply_to is None or isinstance(event.reply_to, str)
        for attachment in event.attachments:
            assert isinstance(attachment, Attachment)
            assert isinstance(attachment.filename, str)
            assert attachment.size is None or type(attachment.size) is int


@FAST
@given(st.one_of(_replay_object, st.dictionaries(st.text(max_size=8), _json, max_size=8)))
def test_any_stream_object_gives_a_typed_event_none_or_a_replay_error(data):
    try:
        event = event_from(data, "demo")
    except ReplayError:
        return
    if event is not None:
        _well_typed(event)


@settings(FAST, max_examples=100)
@given(st.lists(st.one_of(st.text(max_size=40), _json.map(json.dumps)), max_size=5))
def test_any_stream_lines_give_events_or_a_replay_error_naming_the_line(lines):
    try:
        list(parse_events(lines, "demo", "s.jsonl"))
    except ReplayError as exc:
        error = str(exc)
    else:
        return
    assert error.startswith("s.jsonl:")


@pytest.mark.parametrize(
    "data",
    [
        {"type": "message", "id": "m", "ts": "2026-03-01T18:00:00Z", "room": "g", "user": "u",
         "attachments": ["x"]},
        {"type": "message", "id": "m", "ts": "2026-03-01T18:00:00Z", "room": "g", "user": "u",
         "roles": [["a"]]},
        {"type": "message", "id": "m", "ts": "2026-03-01T18:00:00Z", "room": "g", "user": "u",
         "power_level": "100"},
        {"type": "message", "id": "m", "ts": "2026-03-01T18:00:00Z", "room": "g", "user": "u",
         "mentions": "everyone"},
        {"type": "reaction", "id": "m", "ts": "2026-03-01T18:00:00Z", "room": "g", "user": "u"},
        {"type": "message", "ts": "2026-03-01T18:00:00Z", "room": "g", "user": "u"},
        {"type": "join", "ts": 5, "room": "g", "user": "u"},
    ],
    ids=["attachment", "roles", "power-level", "mentions", "no-emoji", "no-id", "ts-number"],
)  # fmt: skip
def test_malformed_fields_are_replay_errors(data):
    with pytest.raises(ReplayError):
        event_from(data, "demo")


def test_a_time_without_a_zone_is_read_as_utc():
    event = event_from({"type": "join", "ts": "2026-03-01T18:00:00", "room": "g", "user": "u"}, "d")
    assert event is not None
    assert event.ts == datetime(2026, 3, 1, 18, tzinfo=UTC)


# ---- Matrix --------------------------------------------------------------------------------

ROOM_ID = "!room:example.org"
PLACE = Place("entraide", "#general:example.org", ROOM_ID)


def _room() -> MatrixRoom:
    room = MatrixRoom(ROOM_ID, "@vigie:example.org")
    room.add_member("@lina:example.org", "Lina", None)
    room.power_levels = PowerLevels(users={"@mod:example.org": 50})
    return room


_CONTENT_KEYS = [
    "msgtype",
    "body",
    "format",
    "formatted_body",
    "url",
    "info",
    "filename",
    "m.relates_to",
    "m.new_content",
    "m.mentions",
    "membership",
    "displayname",
    "avatar_url",
    "reason",
    "key",
]
# Values shaped almost right: the wrong type where a mapping or a string is expected.
_odd: st.SearchStrategy[Any] = st.one_of(
    _json,
    st.sampled_from(["x", "$ev", 5, True, None, [], ["$ev"], {}]),
    st.dictionaries(
        st.sampled_from(["rel_type", "event_id", "m.in_reply_to", "body", "msgtype", "room",
                         "user_ids", "size", "mimetype", "displayname"]),
        st.one_of(st.sampled_from(["m.replace", "m.thread", "$ev", "m.text", 1, True]), _json),
        max_size=4,
    ),
)  # fmt: skip
_content = st.one_of(
    st.dictionaries(st.sampled_from(_CONTENT_KEYS), _json, max_size=6),
    st.fixed_dictionaries(
        {"msgtype": st.sampled_from(["m.text", "m.image"]), "body": st.text(max_size=10)},
        optional={key: _odd for key in _CONTENT_KEYS if key not in {"msgtype", "body"}},
    ),
    st.fixed_dictionaries(
        {
            "msgtype": st.sampled_from(["m.text", "m.image", "m.file", "m.notice", "m.emote"]),
            "body": st.text(max_size=30),
        },
        optional={key: _json for key in _CONTENT_KEYS if key not in {"msgtype", "body"}},
    ),
    st.fixed_dictionaries(
        {
            "membership": st.sampled_from(["join", "leave", "ban", "invite", "knock"]),
        },
        optional={key: _json for key in _CONTENT_KEYS if key != "membership"},
    ),
)


@settings(FAST, max_examples=200)
@given(
    event_type=st.sampled_from(
        ["m.room.message", "m.room.member", "m.reaction", "m.room.redaction", "m.sticker", "x.y"]
    ),
    content=_content,
    # nio itself raises on a prev_content that is not a mapping (reported upstream-side).
    unsigned=st.fixed_dictionaries(
        {}, optional={"prev_content": st.dictionaries(st.sampled_from(_CONTENT_KEYS), _odd)}
    ),
    extra=st.dictionaries(st.sampled_from(["state_key", "redacts"]), _json, max_size=2),
    with_room=st.booleans(),
)
def test_any_matrix_content_gives_a_neutral_event_or_none(
    event_type, content, unsigned, extra, with_room
):
    source: dict[str, Any] = {
        "type": event_type,
        "event_id": "$ev",
        "sender": "@lina:example.org",
        "origin_server_ts": 1_777_000_000_000,
        "content": content,
        "unsigned": unsigned,
        **extra,
    }
    if event_type == "m.room.member":
        source.setdefault("state_key", "@lina:example.org")
    event = NioEvent.parse_event(source)
    result = translate(event, PLACE, _room() if with_room else None)
    assert result is None or isinstance(result, Translated)
    if result is not None:
        _well_typed(result.event)
        for media in result.media:
            assert isinstance(media.mxc, str)


@pytest.mark.parametrize(
    "content",
    [
        {"msgtype": "m.text", "body": "x", "m.relates_to": "s"},
        {"msgtype": "m.text", "body": "x", "m.relates_to": {"m.in_reply_to": "$ev"}},
        {"msgtype": "m.text", "body": "x", "m.new_content": "s",
         "m.relates_to": {"rel_type": "m.replace", "event_id": "$e"}},
        {"msgtype": "m.text", "body": "x", "m.new_content": {"body": ["a"]},
         "m.relates_to": {"rel_type": "m.replace", "event_id": "$e"}},
        {"msgtype": "m.text", "body": "x", "m.relates_to": {"rel_type": "m.thread", "event_id": 5}},
        {"msgtype": "m.image", "body": "x", "url": "mxc://a/b", "filename": 5, "info": "i"},
        {"msgtype": "m.text", "body": "\ud800 lone surrogate"},
    ],
    ids=["relates-str", "reply-str", "new-content-str", "new-body-list", "thread-int",
         "media-types", "surrogate"],
)  # fmt: skip
def test_malformed_matrix_content_is_read_safely(content):
    event = NioEvent.parse_event(
        {
            "type": "m.room.message",
            "event_id": "$ev",
            "sender": "@lina:example.org",
            "origin_server_ts": 1_777_000_000_000,
            "content": content,
        }
    )
    result = translate(event, PLACE, _room())
    assert result is not None
    assert isinstance(result.event, MessageCreated)
    _well_typed(result.event)
    result.event.text.encode("utf-8")  # no lone surrogate left


@pytest.mark.parametrize(
    ("content", "prev"),
    [({"membership": "join", "displayname": 5}, None),
     ({"membership": "leave", "reason": ["x"]}, {"membership": "join", "displayname": ["x"]})],
    ids=["name-int", "reason-list"],
)  # fmt: skip
def test_malformed_membership_content_is_read_safely(content, prev):
    source = {
        "type": "m.room.member",
        "event_id": "$ev",
        "sender": "@lina:example.org",
        "state_key": "@lina:example.org",
        "origin_server_ts": 1_777_000_000_000,
        "content": content,
        "unsigned": {} if prev is None else {"prev_content": prev},
    }
    result = translate(NioEvent.parse_event(source), PLACE, _room())
    if result is not None:
        _well_typed(result.event)


# ---- maximal messages and Unicode through the engine with the bundled config --------------


@pytest.fixture(scope="module")
def engine(registry):
    found = bundled(registry)
    handler, community = found.engine, found.community
    # The first message builds lazy tables (packs, confusables): not what is measured here.
    asyncio.run(handler.handle(_message(community, "salut, de la beuh à 20€ ? 👍", 59)))
    return handler, community


def _message(community: str, text: str, n: int = 0) -> MessageCreated:
    return make_message(
        text,
        community=community,
        room="#general:example.org",
        ts=datetime(2026, 3, 1, 18, 0, n, tzinfo=UTC),
        member=Member(id=f"@member{n}:example.org", display_name="M"),
        message_id=f"$m{n}",
    )


def _maximal(size: int) -> list[str]:
    unit_fr = "salut, tu veux de la beuh 20€ le g, livraison snap, viens seule ce soir. "
    tricky = (
        "c\u200bo\u0301k\u202ee 👨‍👩‍👧 \uff23\uff2f\uff2b\uff25 0613245678 https://bit.ly/x @room "
    )
    return [
        (unit_fr * (size // len(unit_fr) + 1))[:size],
        (tricky * (size // len(tricky) + 1))[:size],
        "a" * size,
        ("a\u0301" * size)[:size],
        ("\u202e\u2066" * size)[:size],
        ("🏳️‍🌈" * size)[:size],
        (" " * (size - 1)) + "x",
    ]


@pytest.mark.parametrize(
    ("size", "bound"), [(4_000, 2.0), (65_536, 10.0)], ids=["discord", "matrix"]
)
async def test_maximal_messages_go_through_the_whole_engine_in_bounded_time(engine, size, bound):
    handler, community = engine
    for n, text in enumerate(_maximal(size)):
        started = time.perf_counter()
        await handler.handle(_message(community, text, n))
        elapsed = time.perf_counter() - started
        assert elapsed < bound, (n, elapsed)


def test_a_64_kib_matrix_body_is_translated_whole():
    body = "x" * 65_536
    event = NioEvent.parse_event(
        {
            "type": "m.room.message",
            "event_id": "$big",
            "sender": "@lina:example.org",
            "origin_server_ts": 1_777_000_000_000,
            "content": {"msgtype": "m.text", "body": body},
        }
    )
    result = translate(event, PLACE, _room())
    assert result is not None
    assert isinstance(result.event, MessageCreated)
    assert result.event.text == body


_EDGES = [
    "\u202eenoyreve@ \u202c",  # RTL override
    "\u2067\u2066\u2069\u2069\u202b\u202a",  # bidi isolates, unbalanced
    "e" + "\u0301" * 500,  # a tower of combining marks (zalgo)
    "\u0338" * 1000,  # combining marks with nothing to combine with
    "👨‍👩‍👧‍👦🏳️‍🌈🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # ZWJ, tags
    "👍🏽" * 200 + "\ufe0f" * 200,  # skin tones and lone variation selectors
    "\x00\x01\x7f\u0085\u2028\u2029",
    "\U0010ffff\ufffe\uffff",
]


@pytest.mark.parametrize(
    "text",
    [
        *_EDGES,
        "\ud800 lone surrogate",
    ],
    ids=["rtl", "isolates", "zalgo", "lone-marks", "zwj-tags", "skin-vs", "controls",
         "noncharacters", "surrogate"],
)  # fmt: skip
async def test_unicode_edge_cases_through_the_engine(engine, text):
    handler, community = engine
    started = time.perf_counter()
    await handler.handle(_message(community, text))
    assert time.perf_counter() - started < 1.0


async def test_unicode_edge_cases_through_explain(capsys):
    from bot.cli import main

    assert await asyncio.to_thread(main, ["explain", " ".join(_EDGES)]) == 0
    assert "raw:" in capsys.readouterr().out


@pytest.mark.parametrize(
    "text",
    [
        "t'es un con\u202enard",  # an RTL override inside the word
        "t'es un c\u0301o\u0308nnard",  # combining marks on its letters
        "t'es un co\u200dnn\u200ba\u2060rd",  # joiners and zero-width spaces
        "t'es un \uff43\uff4f\uff4e\uff4e\uff41\uff52\uff44",  # fullwidth
    ],
    ids=["rtl", "combining", "zero-width", "fullwidth"],
)
async def test_unicode_disguises_do_not_hide_a_word_from_a_rule(testbot, text):
    bot = await testbot(
        "communities:\n  demo:\n    platform: matrix\n    rooms: ['*']\n"
        "    mod_channel: mods\n    rules:\n"
        "      insults:\n        triggers: [{words: [connard]}]\n        actions: [report]\n"
    )
    plan, _ = await bot.say(text)
    assert [hit.rule for hit in plan.hits] == ["insults"]
