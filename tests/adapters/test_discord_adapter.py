"""The adapter contract on Discord: each neutral action makes the right HTTP calls.

The same `Call` objects the executor stores are run against the recording FakeAdapter and the
Discord adapter; the Discord side runs discord.py's real models over a fake HTTP layer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.adapters.base import Forbidden, NotFound, RateLimited, Unavailable
from bot.adapters.capabilities import CAPABILITIES
from bot.adapters.discordbot import DiscordAdapter
from bot.adapters.discordbot.actions import LOCKED
from bot.adapters.fake import FakeAdapter
from bot.calls import (
    CALLS,
    BanCall,
    Call,
    DeleteCall,
    DmCall,
    EditReportCall,
    KickCall,
    MessageCall,
    ReportCall,
    TimeoutCall,
    UnbanCall,
    UntimeoutCall,
    WarnCall,
)
from bot.moderation.reports import ReportCard
from tests.support.discord_fake import Running, http_error, running_vigie

C = "entraide"


@pytest.fixture
async def vigie(
    registry: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Running]:
    async with running_vigie(registry, tmp_path, monkeypatch, with_bot=False) as running:
        yield running


def _guild(v: Running) -> discord.Guild:
    guild = v.adapter.client.get_guild(v.world.guild.id)
    assert guild is not None
    return guild


def test_capabilities_match_the_table() -> None:
    assert DiscordAdapter.platform == "discord"
    assert CAPABILITIES["discord"] >= {
        "delete",
        "bulk_delete",
        "timeout",
        "kick",
        "ban",
        "unban",
        "slowmode",
        "lockdown",
        "report",
        "buttons",
        "warn",
    }


def _calls(v: Running) -> list[tuple[Call, str, str]]:
    w = v.world
    general, mod = w.general["id"], w.mod_channel["id"]
    alice, bob = w.alice["id"], w.bob["id"]
    message = v.fake.message_payload(w.general, w.alice, "to delete")["id"]
    report = v.fake.message_payload(w.mod_channel, v.fake.bot, "")["id"]
    until = datetime.now(UTC) + timedelta(hours=1)
    card = _card(v).to_dict()
    messages = "/channels/{channel_id}/messages"
    return [
        (
            DeleteCall(community=C, room=general, message_id=message, reason="spam"),
            "DELETE",
            messages + "/{message_id}",
        ),
        (
            WarnCall(community=C, room=general, user_id=alice, reason="be nice"),
            "POST",
            "/users/@me/channels",
        ),
        (
            TimeoutCall(community=C, user_id=alice, until=until, reason="calm down"),
            "PATCH",
            "/guilds/{guild_id}/members/{user_id}",
        ),
        (
            UntimeoutCall(community=C, user_id=alice, reason="ok"),
            "PATCH",
            "/guilds/{guild_id}/members/{user_id}",
        ),
        (
            KickCall(community=C, user_id=alice, reason="out"),
            "DELETE",
            "/guilds/{guild_id}/members/{user_id}",
        ),
        (
            BanCall(community=C, user_id=bob, reason="scam", clean_seconds=86400),
            "PUT",
            "/guilds/{guild_id}/bans/{user_id}",
        ),
        (
            UnbanCall(community=C, user_id=bob, reason="appeal"),
            "DELETE",
            "/guilds/{guild_id}/bans/{user_id}",
        ),
        (ReportCall(community=C, channel=mod, card=card), "POST", messages),
        (
            EditReportCall(community=C, channel=mod, message_id=report, card=card),
            "PATCH",
            messages + "/{message_id}",
        ),
        (DmCall(community=C, user_id=bob, text="decision"), "POST", messages),
        (MessageCall(community=C, room=mod, text="status"), "POST", messages),
    ]


async def test_the_calls_the_fake_adapter_records_make_the_discord_requests(vigie: Running) -> None:
    fake_adapter = FakeAdapter("discord")
    calls = _calls(vigie)
    assert {type(call) for call, _, _ in calls} == set(CALLS.values())  # none left out
    for call, method, path in calls:
        await call.run(fake_adapter)
        before = len(vigie.fake.requests)
        await call.run(vigie.adapter)
        await vigie.fake.settle()
        made = vigie.fake.requests[before:]
        assert any(r.method == method and r.path == path for r in made), (call.kind, made)
        assert fake_adapter.calls[-1].kind == call.kind
    # The audit log says why, for every sanction.
    ban = vigie.fake.of("PUT", "/guilds/{guild_id}/bans/{user_id}")[0]
    assert ban.reason == "scam"
    assert ban.query == {"delete_message_seconds": 86400}


async def test_delete_sends_the_reason_and_a_gone_message_is_not_found(vigie: Running) -> None:
    w = vigie.world
    message = vigie.fake.post(w.general, w.alice, "hello")
    await vigie.fake.settle()
    await vigie.adapter.delete_message(C, w.general["id"], str(message), "spam")
    (request,) = vigie.fake.of("DELETE", "/channels/{channel_id}/messages/{message_id}")
    assert request.reason == "spam"
    with pytest.raises(NotFound):
        await vigie.adapter.delete_message(C, w.general["id"], str(message), "again")


async def test_bulk_delete_uses_the_bulk_route_for_recent_messages_only(vigie: Running) -> None:
    w = vigie.world
    recent = [str(vigie.fake.post(w.general, w.alice, f"m{i}")) for i in range(3)]
    old = vigie.fake.message_payload(
        w.general, w.alice, "old", when=datetime.now(UTC) - timedelta(days=20)
    )["id"]
    await vigie.fake.settle()
    await vigie.adapter.delete_messages(C, w.general["id"], [*recent, old], "raid")
    (bulk,) = vigie.fake.of("POST", "/channels/{channel_id}/messages/bulk-delete")
    assert sorted(bulk.json["messages"]) == sorted(int(m) for m in recent)
    (single,) = vigie.fake.of("DELETE", "/channels/{channel_id}/messages/{message_id}")
    assert single.params["message_id"] == old


async def test_timeout_is_native_and_capped_at_28_days(vigie: Running) -> None:
    w = vigie.world
    await vigie.adapter.timeout(C, w.alice["id"], datetime.now(UTC) + timedelta(days=60), "x")
    await vigie.fake.settle()
    (request,) = vigie.fake.of("PATCH", "/guilds/{guild_id}/members/{user_id}")
    until = datetime.fromisoformat(request.json["communication_disabled_until"])
    assert timedelta(days=27) < until - datetime.now(UTC) <= timedelta(days=28)
    # discord.py's cache saw the member update, as it would from the gateway.
    member = _guild(vigie).get_member(int(w.alice["id"]))
    assert member is not None
    assert member.is_timed_out()
    await vigie.adapter.untimeout(C, w.alice["id"], "over")
    await vigie.fake.settle()
    assert vigie.fake.of("PATCH", "/guilds/{guild_id}/members/{user_id}")[-1].json == {
        "communication_disabled_until": None
    }
    assert not member.is_timed_out()


async def test_kick_and_ban_leave_the_state_as_discord_would(vigie: Running) -> None:
    w = vigie.world
    guild = _guild(vigie)
    await vigie.adapter.kick(C, w.alice["id"], "bye")
    await vigie.adapter.ban(C, w.bob["id"], "scam", clean_seconds=30 * 86400)
    await vigie.fake.settle()
    assert guild.get_member(int(w.alice["id"])) is None
    assert guild.get_member(int(w.bob["id"])) is None
    ban = vigie.fake.of("PUT", "/guilds/{guild_id}/bans/{user_id}")[0]
    assert ban.query == {"delete_message_seconds": 7 * 86400}  # Discord's maximum
    with pytest.raises(NotFound):
        await vigie.adapter.kick(C, w.alice["id"], "not here any more")
    await vigie.adapter.unban(C, w.bob["id"], "appeal")
    with pytest.raises(NotFound):
        await vigie.adapter.unban(C, w.bob["id"], "twice")


async def test_ban_works_on_someone_who_already_left(vigie: Running) -> None:
    stranger = vigie.fake.user("Stranger")
    await vigie.adapter.ban(C, stranger["id"], "raid account", 0)
    assert (
        vigie.fake.of("PUT", "/guilds/{guild_id}/bans/{user_id}")[0].params["user_id"]
        == (stranger["id"])
    )


async def test_slowmode_is_set_capped_and_seen_by_the_cache(vigie: Running) -> None:
    w = vigie.world
    await vigie.adapter.set_slowmode(C, w.general["id"], 10 * 3600)
    await vigie.fake.settle()
    (request,) = vigie.fake.of("PATCH", "/channels/{channel_id}")
    assert request.json == {"rate_limit_per_user": 6 * 3600}
    channel = _guild(vigie).get_channel(int(w.general["id"]))
    assert isinstance(channel, discord.TextChannel)
    assert channel.slowmode_delay == 6 * 3600


async def test_lockdown_denies_everyone_keeps_moderators_and_is_undone(vigie: Running) -> None:
    w = vigie.world
    guild = _guild(vigie)
    channel = guild.get_channel(int(w.general["id"]))
    assert isinstance(channel, discord.TextChannel)
    await vigie.adapter.lockdown(C, [w.general["id"]], True, "raid")
    await vigie.fake.settle()
    everyone = channel.overwrites_for(guild.default_role)
    assert all(getattr(everyone, name) is False for name in LOCKED)
    modos = discord.utils.get(guild.roles, name="Modos")
    assert modos is not None
    assert channel.overwrites_for(modos).send_messages is True
    alice, moderator = (
        guild.get_member(int(w.alice["id"])),
        guild.get_member(int(w.moderator["id"])),
    )
    assert alice is not None
    assert moderator is not None
    assert channel.permissions_for(alice).send_messages is False
    assert channel.permissions_for(moderator).send_messages is True

    await vigie.adapter.lockdown(C, [w.general["id"]], False, "over")
    await vigie.fake.settle()
    # Neither overwrite existed before: both are gone again.
    assert channel.overwrites == {}
    assert channel.permissions_for(alice).send_messages is True


async def test_lockdown_restores_what_was_there_before(vigie: Running) -> None:
    w = vigie.world
    guild = _guild(vigie)
    channel = guild.get_channel(int(w.general["id"]))
    assert isinstance(channel, discord.TextChannel)
    await channel.set_permissions(guild.default_role, add_reactions=False, embed_links=True)
    await vigie.fake.settle()
    await vigie.adapter.lockdown(C, [w.general["id"]], True, "raid")
    await vigie.adapter.lockdown(C, [w.general["id"]], True, "raid, again")  # idempotent
    await vigie.fake.settle()
    await vigie.adapter.lockdown(C, [w.general["id"]], False, "over")
    await vigie.fake.settle()
    everyone = channel.overwrites_for(guild.default_role)
    assert everyone.add_reactions is False
    assert everyone.embed_links is True
    assert everyone.send_messages is None


def _card(v: Running, **changes: Any) -> ReportCard:
    w = v.world
    fields: dict[str, Any] = {
        "community": C,
        "room": w.general["id"],
        "member_id": w.alice["id"],
        "member_name": "Alice",
        "case_number": 7,
        "excerpt": "@everyone achète ici <@123> **gras**",
        "spans": ((10, 16),),
        "rules": ("drugs",),
        "categories": ("drugs",),
        "severity": "high",
        "summaries": ("sale",),
        "actions": ("delete",),
        "pings": (),
    }
    return ReportCard(**(fields | changes))


async def test_a_report_is_an_embed_with_buttons_and_pings_only_the_on_call_role(
    vigie: Running,
) -> None:
    w = vigie.world
    on_call = w.roles["Astreinte"]["id"]
    card = _card(vigie, pings=(on_call, "Admin"))
    message_id = await vigie.adapter.send_report(C, w.mod_channel["id"], card)
    request = vigie.fake.of("POST", "/channels/{channel_id}/messages")[-1]
    assert request.params["channel_id"] == w.mod_channel["id"]
    assert request.json["allowed_mentions"] == {"parse": [], "roles": [int(on_call)]}
    assert request.json["content"].startswith(f"<@&{on_call}>")
    (embed,) = request.json["embeds"]
    assert embed["title"] == "Case #7 · drugs · severity high"
    # The quoted excerpt can neither ping nor format; the matched span is in bold.
    assert "@\u200beveryone" in embed["description"]
    assert "<\u200b@123>" in embed["description"]
    assert "**ici <@**" not in embed["description"]
    assert "\\*\\*gras\\*\\*" in embed["description"]
    buttons = request.json["components"][0]["components"]
    assert [b["custom_id"] for b in buttons] == [
        "vigie:ban:7",
        "vigie:timeout:7",
        "vigie:delete:7",
        "vigie:dismiss:7",
    ]
    assert message_id in {str(m) for m in vigie.fake.messages}


async def test_a_report_without_on_call_pings_nobody(vigie: Running) -> None:
    w = vigie.world
    await vigie.adapter.send_report(C, w.mod_channel["id"], _card(vigie))
    request = vigie.fake.of("POST", "/channels/{channel_id}/messages")[-1]
    assert request.json["allowed_mentions"] == {"parse": []}
    assert "content" not in request.json or not request.json["content"]


async def test_edit_report_replaces_the_embed_and_drops_the_buttons_once_handled(
    vigie: Running,
) -> None:
    w = vigie.world
    message_id = await vigie.adapter.send_report(C, w.mod_channel["id"], _card(vigie))
    handled = _card(vigie, status="Handled by Modeste: ban, case #8")
    await vigie.adapter.edit_report(C, w.mod_channel["id"], message_id, handled)
    (edit,) = vigie.fake.of("PATCH", "/channels/{channel_id}/messages/{message_id}")
    assert edit.json["components"] == []
    assert edit.json["embeds"][0]["fields"][-1]["value"] == "Handled by Modeste: ban, case #8"


async def test_send_message_and_dm(vigie: Running) -> None:
    w = vigie.world
    await vigie.adapter.send_message(C, w.general["id"], "@everyone calm")
    request = vigie.fake.of("POST", "/channels/{channel_id}/messages")[-1]
    assert request.json["allowed_mentions"] == {"parse": []}
    assert await vigie.adapter.send_dm(C, w.alice["id"], "hello") is not None
    vigie.fake.dms_closed.add(int(w.bob["id"]))
    assert await vigie.adapter.send_dm(C, w.bob["id"], "hello") is None


async def test_warn_falls_back_to_the_channel_when_dms_are_closed(vigie: Running) -> None:
    w = vigie.world
    vigie.fake.dms_closed.add(int(w.bob["id"]))
    await vigie.adapter.warn(C, w.general["id"], w.bob["id"], "no insults")
    request = vigie.fake.of("POST", "/channels/{channel_id}/messages")[-1]
    assert request.params["channel_id"] == w.general["id"]
    assert request.json["allowed_mentions"] == {"parse": [], "users": [int(w.bob["id"])]}


async def test_router_facing_lookups(vigie: Running) -> None:
    w = vigie.world
    member = await vigie.adapter.resolve_member(C, w.moderator["id"])
    assert member is not None
    assert member.roles == {w.roles["Modos"]["id"]}  # ids only: a name can be copied
    assert member.account_created is not None
    assert await vigie.adapter.resolve_member(C, "123") is None
    assert await vigie.adapter.rank_of(C, w.alice["id"]) == 0
    assert await vigie.adapter.rank_of(C, w.moderator["id"]) == 10
    assert await vigie.adapter.rank_of(C, w.owner["id"]) > await vigie.adapter.rank_of(
        C, w.admin["id"]
    )
    assert await vigie.adapter.bot_user_id(C) == vigie.fake.bot["id"]
    for text in ("one", "two"):
        vigie.fake.post(w.general, w.alice, text)
    await vigie.fake.settle()
    history = await vigie.adapter.fetch_history(C, w.general["id"], 10)
    assert [m.text for m in history] == ["two", "one"]


@pytest.mark.parametrize(
    ("error", "expected", "retry_after"),
    [
        (discord.RateLimited(120.0), RateLimited, 120.0),
        (http_error(429, 0, "You are being rate limited."), RateLimited, None),
        (http_error(403, 50013, "Missing Permissions"), Forbidden, None),
        (http_error(404, 10007, "Unknown Member"), NotFound, None),
        (http_error(503, 0, "Service Unavailable"), Unavailable, None),
    ],
)
async def test_discord_errors_become_typed_platform_errors(
    vigie: Running, error: Exception, expected: type[Exception], retry_after: float | None
) -> None:
    w = vigie.world
    vigie.fake.fail_next("PUT", "/guilds/{guild_id}/bans/{user_id}", error)
    with pytest.raises(expected) as raised:
        await vigie.adapter.ban(C, w.bob["id"], "scam", 0)
    assert getattr(raised.value, "retry_after", None) == retry_after


# Role hierarchy: the bot never tries what Discord would refuse, and says why.

BAN_ROUTE = ("PUT", "/guilds/{guild_id}/bans/{user_id}")


async def test_the_bot_refuses_members_at_or_above_its_top_role(vigie: Running) -> None:
    w = vigie.world
    with pytest.raises(Forbidden, match=r"'Admin' \(position 30\) is not below Vigie's top role"):
        await vigie.adapter.ban(C, w.admin["id"], "no", 0)
    with pytest.raises(Forbidden, match="they own the server"):
        await vigie.adapter.kick(C, w.owner["id"], "no")
    with pytest.raises(Forbidden):
        await vigie.adapter.timeout(C, w.admin["id"], datetime.now(UTC) + timedelta(hours=1), "")
    assert vigie.fake.of(*BAN_ROUTE) == []
    assert vigie.fake.of("DELETE", "/guilds/{guild_id}/members/{user_id}") == []
    assert vigie.fake.of("PATCH", "/guilds/{guild_id}/members/{user_id}") == []


async def test_a_moderator_cannot_act_on_a_peer_or_a_superior(vigie: Running) -> None:
    """The router's rank check, on the ranks the Discord adapter gives (role positions)."""
    from bot.moderation.errors import Refused
    from bot.moderation.permissions import check_target

    w = vigie.world
    mod = await vigie.adapter.resolve_member(C, w.moderator["id"])
    assert mod is not None
    with pytest.raises(Refused, match=r"their rank \(10\) is not below yours \(10\)"):
        await check_target(vigie.adapter, C, mod, w.peer["id"], "ban")
    with pytest.raises(Refused, match=r"their rank \(30\)"):
        await check_target(vigie.adapter, C, mod, w.admin["id"], "ban")
    with pytest.raises(Refused, match="my own account"):
        await check_target(vigie.adapter, C, mod, vigie.fake.bot["id"], "ban")
    await check_target(vigie.adapter, C, mod, w.alice["id"], "ban")  # below: allowed
