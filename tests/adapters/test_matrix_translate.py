"""The nio -> neutral translation of the Matrix adapter, without a server."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from nio import Event as NioEvent
from nio import MatrixRoom, PowerLevels, RoomMemberEvent

from bot.adapters.base import Forbidden, NotFound, RateLimited, Unavailable
from bot.adapters.matrix import power
from bot.adapters.matrix.actions import server_acl_content
from bot.adapters.matrix.errors import error_of
from bot.adapters.matrix.render import report_content
from bot.adapters.matrix.translate import Place, translate
from bot.events import (
    MemberJoined,
    MemberLeft,
    MessageCreated,
    MessageDeleted,
    MessageEdited,
    ProfileChanged,
    ReactionAdded,
)
from bot.moderation.reports import ReportCard

ROOM = "!room:example.org"
PLACE = Place("entraide", "#general:example.org", ROOM)
TS = 1_777_000_000_000


def nio_event(event_type: str, content: dict[str, Any], **extra: Any) -> NioEvent:
    source = {
        "type": event_type,
        "event_id": extra.pop("event_id", "$ev"),
        "sender": extra.pop("sender", "@lina:example.org"),
        "origin_server_ts": TS,
        "content": content,
        **extra,
    }
    return NioEvent.parse_event(source)


def room_with(users: dict[str, int] | None = None) -> MatrixRoom:
    room = MatrixRoom(ROOM, "@vigie:example.org")
    room.add_member("@lina:example.org", "Lina", None)
    room.power_levels = PowerLevels(users=users or {"@mod:example.org": 50})
    return room


def test_text_message_carries_text_link_mentions_and_member_facts():
    event = nio_event(
        "m.room.message",
        {
            "msgtype": "m.text",
            "body": "salut @room",
            "m.mentions": {"user_ids": ["@tom:example.org"], "room": True},
            "m.relates_to": {"m.in_reply_to": {"event_id": "$parent"}},
        },
    )
    result = translate(event, PLACE, room_with({"@lina:example.org": 10}))
    assert result is not None
    message = result.event
    assert type(message) is MessageCreated
    assert message.community == "entraide"
    assert message.room == "#general:example.org"
    assert message.ts == datetime.fromtimestamp(TS / 1000, tz=UTC)
    assert message.text == "salut @room"
    assert message.mentions == ("@tom:example.org",)
    assert message.mentions_everyone
    assert message.reply_to == "$parent"
    assert message.link == f"https://matrix.to/#/{ROOM}/$ev"
    assert message.member.display_name == "Lina"
    assert message.member.power_level == 10
    assert result.media == ()


def test_legacy_room_ping_without_intentional_mentions_counts_as_everyone():
    event = nio_event("m.room.message", {"msgtype": "m.text", "body": "@room venez voir"})
    result = translate(event, PLACE, room_with())
    assert result is not None
    assert isinstance(result.event, MessageCreated)
    assert result.event.mentions_everyone


def test_notice_and_emote_are_messages_too():
    for msgtype in ("m.notice", "m.emote"):
        event = nio_event("m.room.message", {"msgtype": msgtype, "body": "deal dispo"})
        result = translate(event, PLACE, room_with())
        assert result is not None
        assert isinstance(result.event, MessageCreated)
        assert result.event.text == "deal dispo"


def test_edit_targets_the_original_message_with_the_new_text():
    event = nio_event(
        "m.room.message",
        {
            "msgtype": "m.text",
            "body": "* texte corrigé",
            "m.new_content": {"msgtype": "m.text", "body": "texte corrigé"},
            "m.relates_to": {"rel_type": "m.replace", "event_id": "$original"},
        },
        event_id="$edit",
    )
    result = translate(event, PLACE, room_with())
    assert result is not None
    assert isinstance(result.event, MessageCreated)
    assert isinstance(result.event, MessageEdited)
    assert result.event.message_id == "$original"
    assert result.event.text == "texte corrigé"


def test_edit_without_new_content_uses_the_fallback_without_its_star():
    event = nio_event(
        "m.room.message",
        {
            "msgtype": "m.text",
            "body": "* autre texte",
            "m.relates_to": {"rel_type": "m.replace", "event_id": "$original"},
        },
    )
    result = translate(event, PLACE, room_with())
    assert result is not None
    assert isinstance(result.event, MessageCreated)
    assert result.event.text == "autre texte"


def test_image_is_a_message_with_an_attachment_to_hash():
    event = nio_event(
        "m.room.message",
        {
            "msgtype": "m.image",
            "body": "photo.jpg",
            "url": "mxc://example.org/abc",
            "info": {"mimetype": "image/jpeg", "size": 1234},
        },
    )
    result = translate(event, PLACE, room_with())
    assert result is not None
    assert isinstance(result.event, MessageCreated)
    assert result.event.text == ""  # the body is only the file name
    (media,) = result.media
    assert media.mxc == "mxc://example.org/abc"
    assert media.attachment.filename == "photo.jpg"
    assert media.attachment.content_type == "image/jpeg"
    assert media.attachment.size == 1234
    assert result.event.attachments == (media.attachment,)


def test_caption_of_a_file_is_scanned_as_text():
    event = nio_event(
        "m.room.message",
        {
            "msgtype": "m.file",
            "body": "tarifs en DM",
            "filename": "menu.pdf",
            "url": "mxc://example.org/def",
        },
    )
    result = translate(event, PLACE, room_with())
    assert result is not None
    assert isinstance(result.event, MessageCreated)
    assert result.event.text == "tarifs en DM"
    assert result.media[0].attachment.filename == "menu.pdf"


def member_event(membership: str, prev: dict | None, **extra: Any) -> RoomMemberEvent:
    unsigned = {"prev_content": prev} if prev is not None else {}
    event = nio_event(
        "m.room.member",
        {"membership": membership, **extra.pop("content", {})},
        state_key=extra.pop("state_key", "@lina:example.org"),
        unsigned=unsigned,
        **extra,
    )
    assert isinstance(event, RoomMemberEvent)
    return event


def test_join_rename_leave_kick_and_ban():
    joined = translate(
        member_event("join", None, content={"displayname": "Lina"}), PLACE, room_with()
    )
    assert joined is not None
    assert isinstance(joined.event, MemberJoined)
    assert joined.event.member.display_name == "Lina"

    renamed = translate(
        member_event(
            "join", {"membership": "join", "displayname": "Lina"}, content={"displayname": "L1na"}
        ),
        PLACE,
        room_with(),
    )
    assert renamed is not None
    assert isinstance(renamed.event, ProfileChanged)
    assert renamed.event.previous_display_name == "Lina"
    assert renamed.event.member.display_name == "L1na"

    left = translate(member_event("leave", {"membership": "join"}), PLACE, room_with())
    assert left is not None
    assert isinstance(left.event, MemberLeft)
    assert isinstance(left.event, MemberLeft)
    assert left.event.kicked_by is None
    assert left.event.banned_by is None

    kicked = translate(
        member_event(
            "leave", {"membership": "join"}, sender="@mod:example.org", content={"reason": "spam"}
        ),
        PLACE,
        room_with(),
    )
    assert kicked is not None
    assert isinstance(kicked.event, MemberLeft)
    assert kicked.event.kicked_by == "@mod:example.org"
    assert kicked.event.reason == "spam"
    assert kicked.event.member.id == "@lina:example.org"

    banned = translate(
        member_event("ban", {"membership": "join"}, sender="@mod:example.org"),
        PLACE,
        room_with(),
    )
    assert banned is not None
    assert isinstance(banned.event, MemberLeft)
    assert banned.event.banned_by == "@mod:example.org"


def test_unchanged_join_invite_and_unban_say_nothing():
    same = member_event("join", {"membership": "join", "displayname": "Lina"})
    same.content["displayname"] = "Lina"
    assert translate(same, PLACE, room_with()) is None
    assert translate(member_event("invite", None), PLACE, room_with()) is None
    assert translate(member_event("leave", {"membership": "ban"}), PLACE, room_with()) is None


def test_reaction_and_redaction():
    reaction = nio_event(
        "m.reaction",
        {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$msg", "key": "👍"}},
    )
    result = translate(reaction, PLACE, room_with())
    assert result is not None
    assert isinstance(result.event, ReactionAdded)
    assert (result.event.message_id, result.event.emoji) == ("$msg", "👍")

    redaction = nio_event("m.room.redaction", {}, redacts="$msg")
    result = translate(redaction, PLACE, room_with())
    assert result is not None
    assert isinstance(result.event, MessageDeleted)
    assert result.event.message_id == "$msg"


def test_state_events_and_unknown_types_are_ignored():
    assert translate(nio_event("m.room.topic", {"topic": "x"}, state_key=""), PLACE, None) is None
    assert translate(nio_event("org.example.custom", {}), PLACE, None) is None


def test_creator_of_a_version_12_room_outranks_everyone():
    create = {"sender": "@owner:example.org", "content": {"room_version": "12"}}
    creators = power.creators_of(create)
    event = nio_event(
        "m.room.message", {"msgtype": "m.text", "body": "hi"}, sender="@owner:example.org"
    )
    result = translate(event, PLACE, room_with(), creators)
    assert result is not None
    assert result.event.member.power_level == power.CREATOR_LEVEL
    assert power.creators_of({"sender": "@a:b", "content": {"room_version": "10"}}) == frozenset()


@pytest.mark.parametrize(
    ("body", "status", "expected", "retry"),
    [
        (
            {"errcode": "M_LIMIT_EXCEEDED", "error": "slow", "retry_after_ms": 1500},
            429,
            RateLimited,
            1.5,
        ),
        ({"errcode": "M_FORBIDDEN", "error": "no"}, 403, Forbidden, None),
        ({"errcode": "M_NOT_FOUND", "error": "gone"}, 404, NotFound, None),
        ({"errcode": "M_UNKNOWN", "error": "boom"}, 500, Unavailable, None),
    ],
)
def test_matrix_errors_become_typed_platform_errors(body, status, expected, retry):
    from nio import ErrorResponse

    response = ErrorResponse.from_dict(body)

    class Transport:
        pass

    response.transport_response = Transport()
    response.transport_response.status = status
    error = error_of(response, "redact")
    assert type(error) is expected
    assert error.retry_after == retry


def test_mute_puts_the_member_below_the_message_level_and_restores_it():
    content = {"users": {"@vigie:x": 100, "@lina:x": 10}, "events_default": 0}
    muted = power.muted(content, "@vigie:x", "@lina:x")
    assert muted["users"]["@lina:x"] == -1
    assert power.user_level(muted, "@lina:x") < power.message_level(muted)
    assert power.restored(muted, "@lina:x", 10)["users"]["@lina:x"] == 10
    assert "@lina:x" not in power.restored(muted, "@lina:x", None)["users"]
    with pytest.raises(power.CannotChange):
        power.muted({"users": {"@vigie:x": 50, "@mod:x": 50}}, "@vigie:x", "@mod:x")


def test_missing_abilities_name_what_the_bot_cannot_do():
    lacks = power.missing_abilities({"users": {"@vigie:x": 50}}, "@vigie:x")
    assert [lack.ability for lack in lacks] == []
    lacks = power.missing_abilities({"users": {}, "ban": 50, "redact": 50}, "@vigie:x")
    assert {lack.ability for lack in lacks} >= {"delete messages", "ban"}
    assert str(lacks[0]).endswith("(needs 50, I have 0)")


def test_server_acl_never_denies_our_own_server_and_allows_the_rest():
    deny = ["evil.example", "*", "example.*", "example.org", "*.example.org"]
    content = server_acl_content(deny, "example.org")
    assert content == {
        "allow": ["*"],
        "deny": ["*.example.org", "evil.example"],
        "allow_ip_literals": False,
    }


def test_report_html_escapes_and_defuses_the_quoted_text():
    card = ReportCard(
        community="entraide",
        room="#general:example.org",
        member_id="@lina:example.org",
        member_name="<b>Lina</b>",
        case_number=7,
        excerpt="<script>x</script> @room connard",
        spans=((25, 32),),
        rules=("insults",),
        categories=("hate_harassment",),
        actions=("delete",),
        pings=("@astreinte:example.org",),
    )
    content = report_content(card)
    html_body = content["formatted_body"]
    assert "<script>" not in html_body
    assert "&lt;script&gt;" in html_body
    assert "&lt;b&gt;Lina&lt;/b&gt;" in html_body
    assert "@\u200broom" in html_body
    assert "@\u200broom" in content["body"]
    assert "<b>connard</b>" in html_body  # the matched span is highlighted
    assert content["m.mentions"] == {"user_ids": ["@astreinte:example.org"]}
    assert content["format"] == "org.matrix.custom.html"
