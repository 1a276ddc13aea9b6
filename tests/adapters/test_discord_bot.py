"""Vigie on discord.py: gateway events in, moderation out, through the real Bot and models.

The client is the adapter's real AutoShardedClient; only the network is fake (see
tests/support/discord_fake/): gateway payloads go through discord.py's own parsers, REST
calls through its HTTP client down to `request`, and interactions through its CommandTree and
view store.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.adapters.discordbot import DiscordAdapter, vigie_intents
from bot.adapters.discordbot.interactions import REPORT_ACK, REPORT_MENU
from bot.config import ConfigError, load_config_text
from bot.events import (
    MemberJoined,
    MemberLeft,
    MessageCreated,
    MessageDeleted,
    MessageEdited,
    ProfileChanged,
    ReactionAdded,
    ReportFiled,
)
from bot.moderation.api import Invocation, Press, Reply
from bot.storage import Storage
from tests.support.discord_fake import (
    Running,
    build_world,
    install_everywhere,
    refuse_privileged_intents,
    running_vigie,
)

C = "entraide"
EPHEMERAL = 64
MESSAGES = ("POST", "/channels/{channel_id}/messages")
CALLBACK = ("POST", "/interactions/{webhook_id}/{webhook_token}/callback")


class RecordingRouter:
    """Stands for the CommandRouter where a test checks only what the adapter hands it."""

    def __init__(self, reply: Reply | None = None) -> None:
        self.invocations: list[Invocation] = []
        self.presses: list[Press] = []
        self.reply = reply or Reply(text="done")

    async def handle(self, invocation: Invocation) -> Reply | None:
        self.invocations.append(invocation)
        return self.reply

    async def press(self, press: Press) -> Reply | None:
        self.presses.append(press)
        return self.reply


@pytest.fixture
async def vigie(
    registry: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Running]:
    async with running_vigie(registry, tmp_path, monkeypatch) as running:
        yield running


@pytest.fixture
async def events(
    registry: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Running]:
    async with running_vigie(registry, tmp_path, monkeypatch, with_bot=False) as running:
        yield running


def _storage(v: Running) -> Storage:
    return v.bot.executor._storage


# A violating message, end to end


async def test_a_violating_message_is_deleted_and_reported_with_buttons(vigie: Running) -> None:
    w, fake = vigie.world, vigie.fake
    message = fake.post(w.general, w.alice, "t'es vraiment un connard")
    fake.post(w.general, w.bob, "bonjour à tous")
    await fake.settle()

    (deleted,) = fake.of("DELETE", "/channels/{channel_id}/messages/{message_id}")
    assert deleted.params == {"channel_id": w.general["id"], "message_id": str(message)}
    assert deleted.reason == "listed word: connard"
    (report,) = [r for r in fake.of(*MESSAGES) if r.params["channel_id"] == w.mod_channel["id"]]
    (embed,) = report.json["embeds"]
    assert embed["title"].startswith("Case #1 · hate_harassment")
    assert "**connard**" in embed["description"]
    custom_ids = [b["custom_id"] for b in report.json["components"][0]["components"]]
    assert custom_ids == ["vigie:ban:1", "vigie:timeout:1", "vigie:delete:1", "vigie:dismiss:1"]
    # Only the configured on-call role can be pinged by a report.
    assert report.json["allowed_mentions"] == {
        "parse": [],
        "roles": [int(w.roles["Astreinte"]["id"])],
    }
    (case,) = await _storage(vigie).list_cases(C)
    assert (case.number, case.action, case.user_id) == (1, "delete", w.alice["id"])
    assert case.message_id == str(message)


async def test_a_rate_limited_delete_stays_pending_and_is_retried(vigie: Running) -> None:
    w, fake = vigie.world, vigie.fake
    route = ("DELETE", "/channels/{channel_id}/messages/{message_id}")
    fake.fail_next(*route, discord.RateLimited(45.0))
    fake.post(w.general, w.alice, "connard")
    await fake.settle()
    assert len(fake.of(*route)) == 1
    storage = _storage(vigie)
    (pending,) = await storage.pending_actions(C)
    assert pending.kind == "delete"
    clock = vigie.bot.clock
    clock.set(clock.now() + timedelta(seconds=46))
    assert await vigie.bot.executor.run_due() == 1
    assert len(fake.of(*route)) == 2
    assert await storage.pending_actions(C) == []


# Gateway events become neutral events


async def test_messages_edits_deletes_carry_what_the_rules_need(events: Running) -> None:
    w, fake = events.world, events.fake
    picture = b"\x89PNG fake picture"
    attachment = fake.attachment("photo.png", picture, "image/png")
    message = fake.post(
        w.general, w.alice, "regarde <@123>", attachments=[attachment], mentions=[w.bob]
    )
    await fake.settle()
    created = events.events[-1]
    assert isinstance(created, MessageCreated)
    assert created.community == C
    assert created.room == w.general["id"]
    assert created.member.display_name == "Alice"
    assert created.mentions == (w.bob["id"],)
    assert created.link == f"https://discord.com/channels/{w.guild.id}/{w.general['id']}/{message}"
    (hashed,) = created.attachments
    assert hashed.sha256 == hashlib.sha256(picture).hexdigest()
    assert (hashed.filename, hashed.size) == ("photo.png", len(picture))

    edited = dict(fake.messages[message]) | {
        "content": "regarde ailleurs",
        "edited_timestamp": datetime.now(UTC).isoformat(),
    }
    fake.gateway("MESSAGE_UPDATE", edited)
    # An unfurled link is an update without an edit: it is not scanned again.
    fake.gateway("MESSAGE_UPDATE", dict(edited) | {"edited_timestamp": None})
    fake.gateway(
        "MESSAGE_DELETE",
        {"id": str(message), "channel_id": w.general["id"], "guild_id": str(w.guild.id)},
    )
    await fake.settle()
    edit, deletion = events.events[-2:]
    assert isinstance(edit, MessageEdited)
    assert (edit.previous_text, edit.text) == ("regarde <@123>", "regarde ailleurs")
    assert isinstance(deletion, MessageDeleted)
    assert deletion.member.id == w.alice["id"]


async def test_members_joining_leaving_changing_and_reacting(events: Running) -> None:
    w, fake = events.world, events.fake
    young = fake.user("Newbie")
    young["id"] = str(discord.utils.time_snowflake(datetime.now(UTC) - timedelta(hours=2)))
    fake.users[int(young["id"])] = young
    member = fake.member(w.guild, young, joined=datetime.now(UTC))
    fake.gateway("GUILD_MEMBER_ADD", member | {"guild_id": str(w.guild.id)})
    fake.gateway("GUILD_MEMBER_UPDATE", member | {"guild_id": str(w.guild.id), "nick": "N3wb"})
    fake.gateway(
        "MESSAGE_REACTION_ADD",
        {
            "user_id": young["id"],
            "channel_id": w.general["id"],
            "message_id": "42",
            "guild_id": str(w.guild.id),
            "emoji": {"id": None, "name": "🍆"},
            "type": 0,
            "member": member,
            "burst": False,
        },
    )
    fake.gateway("GUILD_MEMBER_REMOVE", {"guild_id": str(w.guild.id), "user": young})
    await fake.settle()
    joined, changed, reaction, left = events.events[-4:]
    assert isinstance(joined, MemberJoined)
    assert joined.member.account_created is not None
    assert datetime.now(UTC) - joined.member.account_created < timedelta(hours=3)
    assert joined.member.has_avatar is False
    assert isinstance(changed, ProfileChanged)
    assert (changed.previous_display_name, changed.member.display_name) == ("Newbie", "N3wb")
    assert isinstance(reaction, ReactionAdded)
    assert (reaction.emoji, reaction.message_id) == ("🍆", "42")
    assert isinstance(left, MemberLeft)
    assert left.member.id == young["id"]


async def test_a_ban_made_in_discords_menu_names_who_banned(events: Running) -> None:
    w, fake = events.world, events.fake
    fake.gateway(
        "GUILD_AUDIT_LOG_ENTRY_CREATE",
        {
            "guild_id": str(w.guild.id),
            "id": str(fake.snowflake()),
            "action_type": 22,
            "target_id": w.bob["id"],
            "user_id": w.moderator["id"],
            "reason": "scam",
            "changes": [],
            "options": None,
        },
    )
    await fake.settle()
    left = events.events[-1]
    assert isinstance(left, MemberLeft)
    assert (left.member.id, left.banned_by, left.reason) == (w.bob["id"], w.moderator["id"], "scam")


# Moderators: slash commands, buttons and text commands, onto the router


async def test_slash_commands_become_router_invocations(events: Running) -> None:
    w, fake = events.world, events.fake
    router = RecordingRouter(Reply(text="Case #3: banned Bob"))
    events.adapter.router = router
    fake.slash(
        w.guild,
        w.mod_channel,
        w.moderator,
        "ban",
        user=w.bob,
        duration="7d",
        clean="1d",
        reason="arnaque à l'entraide",
    )
    await fake.settle()
    (invocation,) = router.invocations
    assert invocation.text == f"ban <@{w.bob['id']}> 7d --clean 1d 'arnaque à l'\"'\"'entraide'"
    assert invocation.prefixed is False
    assert invocation.room == w.mod_channel["id"]
    assert invocation.author.id == w.moderator["id"]
    assert invocation.author.roles == {w.roles["Modos"]["id"]}
    (answer,) = fake.interaction_responses
    assert answer["type"] == 4
    assert answer["data"]["content"] == "Case #3: banned Bob"
    assert answer["data"]["allowed_mentions"] == {"parse": []}


async def test_text_commands_in_the_mod_channel_reach_the_router(events: Running) -> None:
    w, fake = events.world, events.fake
    router = RecordingRouter(Reply(text="Warned", ephemeral=False))
    events.adapter.router = router
    fake.post(w.mod_channel, w.moderator, f"!warn <@{w.alice['id']}> calme-toi")
    fake.post(w.general, w.alice, "just chatting")
    await fake.settle()
    (invocation,) = router.invocations
    assert invocation.prefixed is True
    assert invocation.text.startswith("!warn")
    answer = fake.of(*MESSAGES)[-1]
    assert answer.json["content"] == "Warned"
    assert str(answer.json["message_reference"]["message_id"]) == invocation.message_id


async def test_a_button_press_becomes_a_press_and_answers_ephemerally(events: Running) -> None:
    w, fake = events.world, events.fake
    router = RecordingRouter(Reply(text="Banned (case #9)"))
    events.adapter.router = router
    report = await events.adapter.send_report(C, w.mod_channel["id"], _card(w))
    fake.press(w.guild, w.moderator, int(report), "vigie:ban:4")
    await fake.settle()
    (press,) = router.presses
    assert (press.action, press.message_id, press.channel) == ("ban", report, w.mod_channel["id"])
    assert press.author.id == w.moderator["id"]
    (answer,) = fake.interaction_responses
    assert answer["data"]["flags"] & EPHEMERAL


async def test_report_buttons_survive_a_restart(
    registry: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = build_world()
    async with running_vigie(registry, tmp_path, monkeypatch, with_bot=False, world=world) as v:
        await v.adapter.send_report(C, world.mod_channel["id"], _card(world))
        report_id = max(world.fake.messages)
    # A new process: a new client, nothing in memory but what start registers.
    async with running_vigie(registry, tmp_path, monkeypatch, with_bot=False, world=world) as v:
        router = RecordingRouter()
        v.adapter.router = router
        world.fake.press(world.guild, world.moderator, report_id, "vigie:dismiss:4")
        await world.fake.settle()
        assert [(p.action, p.message_id) for p in router.presses] == [("dismiss", str(report_id))]


def _card(world: Any) -> Any:
    from bot.moderation.reports import ReportCard

    return ReportCard(
        community=C,
        room=world.general["id"],
        member_id=world.alice["id"],
        case_number=4,
        rules=("x",),
        categories=("spam",),
    )


async def test_with_the_real_router_a_slash_ban_and_a_button_timeout_record_cases(
    vigie: Running,
) -> None:
    assert vigie.adapter.router is vigie.bot.router
    w, fake = vigie.world, vigie.fake
    storage = _storage(vigie)
    fake.slash(w.guild, w.mod_channel, w.moderator, "ban", user=w.bob, reason="scam")
    await fake.settle()
    assert fake.of("PUT", "/guilds/{guild_id}/bans/{user_id}")[0].params["user_id"] == w.bob["id"]
    assert [c.action for c in await storage.list_cases(C, user_id=w.bob["id"])] == ["ban"]
    # A peer cannot be banned: refused, nothing sent to Discord.
    fake.slash(w.guild, w.mod_channel, w.moderator, "ban", user=w.peer, reason="no")
    await fake.settle()
    assert len(fake.of("PUT", "/guilds/{guild_id}/bans/{user_id}")) == 1
    refusal = fake.interaction_responses[-1]["data"]
    assert "their rank (10) is not below yours (10)" in refusal["content"]
    assert refusal["flags"] & EPHEMERAL  # only the moderator sees the refusal
    # A report, then its Timeout button.
    fake.post(w.general, w.alice, "connard")
    await fake.settle()
    report = max(m for m, p in fake.messages.items() if p["channel_id"] == w.mod_channel["id"])
    fake.press(w.guild, w.moderator, report, "vigie:timeout:2")
    await fake.settle()
    assert fake.of("PATCH", "/guilds/{guild_id}/members/{user_id}")
    actions = [c.action for c in await storage.list_cases(C, user_id=w.alice["id"])]
    assert "timeout" in actions
    pressed = fake.interaction_responses[-1]["data"]
    assert pressed["flags"] & EPHEMERAL
    assert "muted for 1h" in pressed["content"]
    # The report now says who handled it, and has no buttons left.
    (edit,) = fake.of("PATCH", "/channels/{channel_id}/messages/{message_id}")
    assert edit.params["message_id"] == str(report)
    assert edit.json["components"] == []


# Members: the "Report message" context menu


async def test_report_message_acknowledges_ephemerally_and_files_a_report(events: Running) -> None:
    w, fake = events.world, events.fake
    message = fake.post(w.general, w.bob, "viens en DM je vends")
    await fake.settle()
    fake.message_menu(w.guild, w.alice, message, REPORT_MENU)
    await fake.settle()
    (ack,) = fake.interaction_responses
    assert ack["data"]["content"] == REPORT_ACK
    assert ack["data"]["flags"] & EPHEMERAL
    report = events.events[-1]
    assert isinstance(report, ReportFiled)
    assert (report.member.id, report.reported_member and report.reported_member.id) == (
        w.alice["id"],
        w.bob["id"],
    )
    assert (report.message_id, report.text) == (str(message), "viens en DM je vends")


async def test_with_the_real_bot_a_member_report_reaches_the_mod_channel(vigie: Running) -> None:
    w, fake = vigie.world, vigie.fake
    message = fake.post(w.general, w.bob, "viens en DM, je vends de la beuh")
    await fake.settle()
    fake.message_menu(w.guild, w.alice, message, REPORT_MENU)
    await fake.settle()
    assert fake.interaction_responses[0]["data"]["flags"] & EPHEMERAL
    to_mods = [r for r in fake.of(*MESSAGES) if r.params["channel_id"] == w.mod_channel["id"]]
    (report,) = to_mods
    embed = report.json["embeds"][0]
    assert "User report" in embed["description"]
    assert "beuh" in embed["description"]


# Discord's AutoMod


async def test_automod_executions_become_one_platform_case(
    registry: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = await Storage.open(f"sqlite:///{tmp_path / 'automod.db'}")
    try:
        async with running_vigie(
            registry, tmp_path, monkeypatch, with_bot=False, storage=storage
        ) as v:
            w, fake = v.world, v.fake
            base = {
                "guild_id": str(w.guild.id),
                "rule_id": "777",
                "rule_trigger_type": 1,
                "user_id": w.alice["id"],
                "channel_id": w.general["id"],
                "content": "buy weed here",
                "matched_keyword": "weed",
                "matched_content": "weed",
            }
            fake.gateway(
                "AUTO_MODERATION_ACTION_EXECUTION", base | {"action": {"type": 1, "metadata": {}}}
            )
            fake.gateway(
                "AUTO_MODERATION_ACTION_EXECUTION",
                base | {"action": {"type": 3, "metadata": {"duration_seconds": 600}}},
            )
            await fake.settle()
            (case,) = await storage.list_cases(C)
            assert (case.kind, case.action, case.user_id) == ("platform", "delete", w.alice["id"])
            assert case.rule == "automod:777"
            assert "weed" in (case.reason or "")
            history = await storage.case_events(C, case.number)
            assert any("muted the member for 600s" in e.text for e in history)
            assert v.events == []  # not an engine event: AutoMod acted already
    finally:
        await storage.close()


# Joining a server


async def test_joining_a_server_posts_a_setup_message_and_an_unlisted_one_is_left(
    registry: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_vigie(registry, tmp_path, monkeypatch, with_bot=False, connect=False) as v:
        w, fake = v.world, v.fake
        bot_role = w.roles["Vigie"]
        bot_role["permissions"] = str(
            discord.Permissions(send_messages=True, view_channel=True).value
        )
        fake.connect_guild(w.guild, joined=True)
        other = fake.guild("Unknown")
        fake.member(other, fake.bot)
        fake.connect_guild(other, joined=True)
        await fake.settle()
        said = {r.params["channel_id"]: r.json["content"] for r in fake.of(*MESSAGES)}
        welcome = said[w.general["id"]]
        assert fake.of(*MESSAGES)[0].json["allowed_mentions"] == {"parse": []}
        assert "community **entraide**" in welcome
        assert f"<#{w.mod_channel['id']}>" in welcome
        assert "manage_messages" in welcome  # the words rule deletes: that is missing
        # A guild no community configures is left at once, with nothing said there.
        assert fake.left == [other.id]
        assert not any(str(c) in said for c in other.channels)
        assert v.adapter.client.get_guild(other.id) is None


# Startup


async def test_missing_privileged_intents_say_which_switch(
    registry: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = refuse_privileged_intents(monkeypatch)
    async with running_vigie(registry, tmp_path, monkeypatch, with_bot=False, connect=False) as v:
        with pytest.raises(ConfigError) as raised:
            await v.adapter.start(v.adapter.outlet.sink)
    message = str(raised.value)
    assert "Bot → Privileged Gateway Intents → Message Content Intent / Server Members Intent" in (
        message
    )
    assert "platforms.discord" in message
    assert gateway.identified == [vigie_intents().value]
    assert vigie_intents().message_content
    assert vigie_intents().members


def test_vigie_run_exits_2_without_traceback_when_intents_are_missing(
    registry: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot import cli

    world = build_world()
    config = tmp_path / "vigie.yaml"
    config.write_text(world.config_text(str(tmp_path / "vigie.db"), "      {}\n"))
    monkeypatch.setenv("VIGIE_DISCORD_TOKEN", "fake-token")
    install_everywhere(world.fake, monkeypatch)
    refuse_privileged_intents(monkeypatch)
    code = cli.main(["run", "--config", str(config)])
    err = capsys.readouterr().err
    assert code == 2
    assert "Message Content Intent / Server Members Intent" in err
    assert "Traceback" not in err


# Sharding


def test_shards_come_from_the_config(registry: Any) -> None:
    world = build_world()
    text = world.config_text("x.db", "      {}\n").replace(
        'application_id: "', 'shard_ids: [1, 3]\n    shard_count: 4\n    application_id: "'
    )
    config = load_config_text(text, registry, env={"VIGIE_DISCORD_TOKEN": "t"})
    adapter = DiscordAdapter(config)
    assert isinstance(adapter.client, discord.AutoShardedClient)
    assert (adapter.client.shard_ids, adapter.client.shard_count) == ([1, 3], 4)
    mine = (world.guild.id >> 22) % 4 in (1, 3)
    assert adapter.directory.on_my_shards(world.guild.id) is mine

    alone = text.replace("    shard_count: 4\n", "")
    with pytest.raises(ConfigError, match="shard_count") as missing:
        DiscordAdapter(load_config_text(alone, registry, env={"VIGIE_DISCORD_TOKEN": "t"}))
    # The error names the line: of the key, or of the section it is missing from.
    assert missing.value.problems[0].line == alone.splitlines().index("  discord:") + 1
    outside = text.replace("shard_ids: [1, 3]", "shard_ids: [4]")
    with pytest.raises(ConfigError, match="from 0 to shard_count - 1") as wrong:
        DiscordAdapter(load_config_text(outside, registry, env={"VIGIE_DISCORD_TOKEN": "t"}))
    assert wrong.value.problems[0].line == outside.splitlines().index("    shard_count: 4") + 1
