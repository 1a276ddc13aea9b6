"""Hostile input on Discord: raw gateway message payloads, maximal messages, maximal reports.

Payloads go through discord.py's own gateway parser, then the adapter's translation into
neutral events (tests/support/discord_fake/). Discord itself writes the structure of a
payload; members choose its text (content, names, nicknames, file names, embeds through
links or webhooks) and its counts (mentions, attachments, embeds). The strategies below keep
Discord's structure and let everything else run wild: unknown message types and keys, absent
optional fields, unknown roles, channels and replies.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.adapters.discordbot import translate
from bot.events import Event, MemberJoined, MessageCreated, MessageEdited
from bot.moderation.reports import ReportCard
from tests.support.discord_fake import (
    MAX_EMBED_TOTAL,
    Running,
    check_message_body,
    running_vigie,
)

C = "entraide"
MESSAGES = ("POST", "/channels/{channel_id}/messages")
EXAMPLES = settings(
    max_examples=150,
    deadline=None,  # timed inside, per payload, against BOUND
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
#: What translating one payload may take, at most: far above the ~1 ms it costs, so that a
#: scheduling hiccup of this loaded 2-core machine does not fail it, yet a payload that made
#: the translation blow up (quadratic in mentions or attachments, say) would.
BOUND = 2.0

_snowflake = st.integers(min_value=1, max_value=2**63 - 1).map(str)
_text = st.text(max_size=40)
_hostile = st.sampled_from(
    [
        "@everyone",
        "@here",
        "<@&1>",
        "<@!2>",
        "<#3>",
        "\u202e",
        "\u0301" * 50,
        "👩‍👩‍👧‍👦",
        "\x00",
        "```",
    ]
)
_content = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(_hostile, _text), max_size=30).map("".join),
    st.integers(min_value=0, max_value=4000).map(lambda n: ("@everyone " * 400)[:n]),
    st.just("a" * 4000),
)
_iso = st.datetimes(
    min_value=datetime(2015, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(datetime.isoformat)
#: Discord always sends these user keys (global_name and avatar may be null).
_user = st.fixed_dictionaries(
    {
        "id": _snowflake,
        "username": _text,
        "discriminator": st.sampled_from(["0", "0001"]),
        "global_name": st.none() | _text,
        "avatar": st.none() | st.text("0123456789abcdef", min_size=32, max_size=32),
    },
    optional={
        "bot": st.booleans(),
        "public_flags": st.integers(min_value=0, max_value=2**31),
    },
)
_attachment = st.fixed_dictionaries(
    {
        "id": _snowflake,
        "filename": st.text(min_size=1, max_size=200),
        "size": st.integers(min_value=0, max_value=2**40),
        "url": st.just("https://cdn.discordapp.com/attachments/1/x"),
        "proxy_url": st.just("https://media.discordapp.net/attachments/1/x"),
    },
    optional={
        "content_type": st.none() | _text,
        "width": st.none() | st.integers(min_value=0, max_value=2**16),
        "height": st.none() | st.integers(min_value=0, max_value=2**16),
        "description": _text,
        "ephemeral": st.booleans(),
        "duration_secs": st.floats(min_value=0, max_value=1e6),
        "flags": st.integers(min_value=0, max_value=2**16),
    },
)
_field = st.fixed_dictionaries(
    {"name": st.text(max_size=256), "value": st.text(max_size=1024)},
    optional={"inline": st.booleans()},
)
_embed = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(
            ["rich", "image", "video", "gifv", "article", "link", "poll_result"]
        )
        | _text,
        "title": st.text(max_size=256),
        "description": st.text(max_size=4096),
        "url": _text,
        "timestamp": _iso,
        "color": st.integers(min_value=0, max_value=0xFFFFFF),
        "fields": st.lists(_field, max_size=25),
        "footer": st.fixed_dictionaries({"text": st.text(max_size=2048)}),
        "author": st.fixed_dictionaries({"name": st.text(max_size=256)}),
    },
)
_component = st.fixed_dictionaries(
    {
        "type": st.just(1),
        "components": st.lists(
            st.one_of(
                st.fixed_dictionaries(
                    {"type": st.just(2), "style": st.integers(1, 5), "label": _text},
                    optional={"custom_id": _text, "url": _text},
                ),
                st.fixed_dictionaries({"type": st.integers(200, 255)}),  # a kind not known yet
            ),
            max_size=5,
        ),
    }
)
_unknown_keys = st.dictionaries(
    st.text(min_size=1, max_size=10).map(lambda k: f"x_{k}"),
    st.recursive(
        st.none() | st.booleans() | st.integers() | _text,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
        max_leaves=10,
    ),
    max_size=3,
)
#: Known message types, and some Discord may add later.
_types = st.sampled_from([0, 6, 7, 8, 18, 19, 20, 21, 23, 24, 46, 63, 255])


@st.composite
def _payloads(draw: st.DrawFn, world: Any) -> dict[str, Any]:
    """A MESSAGE_CREATE payload of the configured guild, hostile where members have a say."""
    fake = world.fake
    channel = draw(
        st.sampled_from([world.general, world.mod_channel, {"id": draw(_snowflake)}])
    ) | {"guild_id": str(world.guild.id)}
    if draw(st.booleans()):
        author, member = world.alice, dict(world.guild.members[int(world.alice["id"])])
    else:
        author, member = draw(_user), None  # someone the guild does not know (any more)
    payload: dict[str, Any] = {
        "id": str(fake.snowflake()),
        "channel_id": channel["id"],
        "guild_id": str(world.guild.id),
        "author": author,
        "content": draw(_content),
        "timestamp": draw(_iso),
        "edited_timestamp": None,
        "tts": draw(st.booleans()),
        "mention_everyone": draw(st.booleans()),
        "mentions": draw(st.lists(_user, max_size=20)),
        "mention_roles": draw(st.lists(_snowflake, max_size=20)),
        "attachments": draw(st.lists(_attachment, max_size=12)),
        "embeds": draw(st.lists(_embed, max_size=10)),
        "pinned": draw(st.booleans()),
        "type": draw(_types),
        "flags": draw(st.integers(min_value=0, max_value=2**31)),
    }
    if member is not None:
        member.pop("user", None)
        member["nick"] = draw(st.none() | _text)
        member["roles"] = member["roles"] + draw(st.lists(_snowflake, max_size=5))
        payload["member"] = member
    if draw(st.booleans()):
        payload["message_reference"] = {
            "message_id": draw(_snowflake),
            "channel_id": draw(_snowflake),
            "guild_id": str(world.guild.id),
        } | draw(st.fixed_dictionaries({}, optional={"type": st.sampled_from([0, 1, 7])}))
        payload["referenced_message"] = None
    if draw(st.booleans()):
        payload["components"] = draw(st.lists(_component, max_size=5))
    if draw(st.booleans()):
        payload["sticker_items"] = draw(
            st.lists(
                st.fixed_dictionaries(
                    {"id": _snowflake, "name": _text, "format_type": st.integers(1, 9)}
                ),
                max_size=3,
            )
        )
    if draw(st.booleans()):
        payload["webhook_id"] = draw(_snowflake)
    payload.update(draw(_unknown_keys))
    return payload


def _well_typed(event: Event, payload: dict[str, Any]) -> None:
    assert event.community == C
    assert event.room == payload["channel_id"]
    assert isinstance(event.member.id, str)
    assert event.member.id == payload["author"]["id"]
    assert all(r.isdigit() for r in event.member.roles)
    assert isinstance(event, MessageCreated)
    assert event.text == payload["content"]
    assert event.message_id == payload["id"]
    assert len(event.attachments) == len(payload["attachments"])
    assert all(a.size is not None and a.size >= 0 for a in event.attachments)
    assert all(m.isdigit() for m in event.mentions)
    assert event.ts.tzinfo is not None


@pytest.fixture
async def events(
    registry: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Running]:
    async with running_vigie(registry, tmp_path, monkeypatch, with_bot=False) as running:
        yield running


async def test_any_gateway_message_payload_translates_to_a_neutral_event(
    events: Running, caplog: pytest.LogCaptureFixture
) -> None:
    world, fake = events.world, events.fake
    state = events.adapter.client._connection
    fed: list[str] = []
    costs: list[float] = []

    @EXAMPLES
    @given(payload=_payloads(world), edit=st.booleans())
    def translate_one(payload: dict[str, Any], edit: bool) -> None:
        started = time.perf_counter()
        channel, _ = state._get_guild_channel(payload)
        message = discord.Message(state=state, channel=channel, data=payload)  # type: ignore[arg-type]
        attachments = tuple(translate.attachment_of(a) for a in message.attachments)
        created = translate.message_created(message, C, attachments)
        _well_typed(created, payload)
        edited = translate.message_edited(message, C, "before", attachments)
        assert isinstance(edited, MessageEdited)
        assert edited.text == created.text
        costs.append(time.perf_counter() - started)
        assert costs[-1] < BOUND
        # And the whole way in, through discord.py's parser and the adapter's handlers.
        fake.gateway("MESSAGE_CREATE", payload)
        if edit:
            now = datetime.now(UTC).isoformat()
            fake.gateway("MESSAGE_UPDATE", payload | {"edited_timestamp": now, "content": "x"})
        fed.append(payload["id"])

    caplog.set_level(logging.WARNING, "vigie.discord")
    translate_one()
    started = time.perf_counter()
    await fake.settle(limit=120)
    elapsed = time.perf_counter() - started
    failures = [r.getMessage() for r in caplog.records if "failed" in r.getMessage()]
    assert failures == []
    created = {e.message_id for e in events.events if isinstance(e, MessageCreated)}
    assert set(fed) <= created  # every payload became an event: none lost to an error
    assert elapsed < BOUND * max(len(fed), 1)
    costs.sort()
    assert costs[len(costs) // 2] < 0.05  # the median payload


@st.composite
def _member_payloads(draw: st.DrawFn, guild_id: int) -> dict[str, Any]:
    """A GUILD_MEMBER_ADD / UPDATE payload: any names, avatar, unknown roles, odd dates."""
    return {
        "guild_id": str(guild_id),
        "user": draw(_user),
        "nick": draw(st.none() | st.text(max_size=64)),
        "avatar": draw(st.none() | st.text("0123456789abcdef", min_size=32, max_size=32)),
        "roles": draw(st.lists(_snowflake, max_size=30)),
        "joined_at": draw(st.none() | _iso),
        "premium_since": draw(st.none() | _iso),
        "communication_disabled_until": draw(st.none() | _iso),
        "deaf": False,
        "mute": False,
        "flags": draw(st.integers(min_value=0, max_value=2**16)),
        "pending": draw(st.booleans()),
    } | draw(_unknown_keys)


async def test_any_member_payload_translates_to_neutral_events(
    events: Running, caplog: pytest.LogCaptureFixture
) -> None:
    world, fake = events.world, events.fake
    joined: list[str] = []

    @EXAMPLES
    @given(payload=_member_payloads(world.guild.id), renamed=st.text(max_size=64))
    def feed(payload: dict[str, Any], renamed: str) -> None:
        fake.gateway("GUILD_MEMBER_ADD", payload)
        fake.gateway("GUILD_MEMBER_UPDATE", payload | {"nick": renamed or None})
        joined.append(payload["user"]["id"])

    caplog.set_level(logging.WARNING, "vigie.discord")
    feed()
    await fake.settle(limit=120)
    assert [r.getMessage() for r in caplog.records if "failed" in r.getMessage()] == []
    seen = {e.member.id for e in events.events if isinstance(e, MemberJoined)}
    assert set(joined) <= seen
    for event in events.events:
        assert all(r.isdigit() for r in event.member.roles)


# Maximal messages, end to end


def _maximal_payload(running: Running) -> dict[str, Any]:
    """A 4,000-character message (Nitro's limit) with 10 attachments, 10 embeds, 100 mentions."""
    w, fake = running.world, running.fake
    mentions = " ".join(
        f"<@{w.bob['id']}> <@&{w.roles['Modos']['id']}> @everyone" for _ in range(60)
    )
    content = (mentions + " \u202eevil\u202c ́" * 400)[: 4000 - len(" connard")] + " connard"
    assert len(content) == 4000
    small = [
        fake.attachment(f"p{i}.png", b"\x89PNG" + bytes([i]) * 64, "image/png") for i in range(8)
    ]
    huge = fake.attachment("big.mp4", b"x", "video/mp4") | {"size": 500 * 1024 * 1024}
    odd = fake.attachment("\u202egnp.exe", b"MZ" * 10, "application/x-msdownload")
    embed = {"type": "rich", "title": "t" * 256, "description": "d" * 300}
    return fake.message_payload(
        w.general,
        w.alice,
        content,
        attachments=[*small, huge, odd],
        embeds=[embed] * 10,
        mentions=[w.bob] * 100,
        mention_roles=[w.roles["Modos"]["id"]] * 100,
        mention_everyone=True,
    )


async def test_a_maximal_message_is_moderated_whole_in_bounded_time(
    registry: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_vigie(registry, tmp_path, monkeypatch) as running:
        w, fake = running.world, running.fake
        payload = _maximal_payload(running)
        started = time.perf_counter()
        fake.gateway("MESSAGE_CREATE", payload)
        await fake.settle()
        elapsed = time.perf_counter() - started
        (deleted,) = fake.of("DELETE", "/channels/{channel_id}/messages/{message_id}")
        assert deleted.params["message_id"] == payload["id"]
        (report,) = [r for r in fake.of(*MESSAGES) if r.params["channel_id"] == w.mod_channel["id"]]
        check_message_body(report.json)  # within Discord's limits, or it would be lost
        assert "**connard**" in report.json["embeds"][0]["description"]
        assert report.json["allowed_mentions"]["parse"] == []
        downloads = [r.url for r in fake.requests if r.path == "cdn"]
        assert len(downloads) == 9  # all but the 500 MiB video
        assert elapsed < 5.0


def _largest_card(room: str, member: str) -> ReportCard:
    long = "@everyone " + "é́" * 3000
    return ReportCard(
        community=C,
        room=room,
        member_id=member,
        member_name="N" * 300 + "@here",
        case_number=999_999,
        link="https://discord.com/channels/1/2/3",
        excerpt=long * 2,
        spans=((0, 9), (100, 4000)),
        rules=tuple(f"rule-{i}-" + "r" * 50 for i in range(40)),
        categories=("child_safety", "luring", "scam", "hate_harassment"),
        severity="critical",
        signals=tuple("s" * 80 for _ in range(40)),
        summaries=tuple(long[:500] for _ in range(10)),
        actions=("delete", "timeout 28d", "report"),
        history=tuple(f"#{n} ban (rule) 2026-01-01 " + "h" * 60 for n in range(20)),
        group_count=50,
        group_cases=tuple(range(50)),
        group_lines=tuple(long[:200] for _ in range(20)),
        status="Handled by " + long[:1500],
        user_report=7,
        extra={"reported_by": long[:500]},
    )


async def test_the_largest_report_card_fits_discords_embed_limits(events: Running) -> None:
    w, fake = events.world, events.fake
    card = _largest_card(w.general["id"], w.alice["id"])
    message_id = await events.adapter.send_report(C, w.mod_channel["id"], card)
    await events.adapter.edit_report(C, w.mod_channel["id"], message_id, card)
    post = fake.of(*MESSAGES)[-1]
    (embed,) = post.json["embeds"]
    assert len(discord.Embed.from_dict(embed)) <= MAX_EMBED_TOTAL
    assert embed["description"].startswith("**User report #7**")
    names = [f["name"] for f in embed["fields"]]
    assert names[-1] == "Status"  # shortened, never dropped
    assert "Handled by" in embed["fields"][-1]["value"]
