"""Permissions and abuse on Discord, through discord.py over the recording fake and the real router.

A non-moderator never gets a moderator command run, whatever the way in; a moderator never
acts on someone ranked at or above them; nothing Vigie posts pings anyone but the on-call role
(or the member a public warning names).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import ConfigError, load_config_text
from bot.storage import Storage
from tests.support.discord_fake import APP_ID, Request, Running, World, build_world, running_vigie

C = "entraide"
EPHEMERAL = 64
MESSAGES = ("POST", "/channels/{channel_id}/messages")
#: Every route a sanction or a deletion reaches Discord by.
SANCTIONS = {
    ("PUT", "/guilds/{guild_id}/bans/{user_id}"),
    ("DELETE", "/guilds/{guild_id}/members/{user_id}"),
    ("PATCH", "/guilds/{guild_id}/members/{user_id}"),
    ("DELETE", "/channels/{channel_id}/messages/{message_id}"),
    ("POST", "/channels/{channel_id}/messages/bulk-delete"),
    ("PUT", "/channels/{channel_id}/permissions/{target}"),
    ("PATCH", "/channels/{channel_id}"),
}
REFUSED = "you may not use `ban` here: it is for moderators"


@pytest.fixture
async def vigie(
    registry: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Running]:
    async with running_vigie(registry, tmp_path, monkeypatch) as running:
        yield running


def _storage(v: Running) -> Storage:
    return v.bot.executor._storage


def _sanctions(v: Running) -> list[Request]:
    return [r for r in v.fake.requests if (r.method, r.path) in SANCTIONS]


def _said(v: Running, channel: dict[str, Any]) -> list[str]:
    return [
        r.json.get("content") or ""
        for r in v.fake.of(*MESSAGES)
        if r.params["channel_id"] == channel["id"]
    ]


async def _nothing_done(v: Running) -> None:
    assert _sanctions(v) == []
    assert await _storage(v).list_cases(C) == []


# 1. A non-moderator never runs a moderator command


async def test_a_prefix_command_from_a_member_is_refused(vigie: Running) -> None:
    w, fake = vigie.world, vigie.fake
    fake.post(w.mod_channel, w.alice, f"!ban <@{w.bob['id']}> spam")
    fake.post(w.general, w.alice, f"!kick <@{w.bob['id']}>")
    await fake.settle()
    await _nothing_done(vigie)
    assert _said(vigie, w.mod_channel) == [REFUSED]
    assert _said(vigie, w.general) == ["you may not use `kick` here: it is for moderators"]


async def test_a_slash_command_from_a_member_is_refused_privately(vigie: Running) -> None:
    w, fake = vigie.world, vigie.fake
    fake.slash(w.guild, w.mod_channel, w.alice, "ban", user=w.bob, reason="spam")
    fake.slash(w.guild, w.general, w.alice, "vigie", command=f"timeout <@{w.bob['id']}> 1h")
    await fake.settle()
    await _nothing_done(vigie)
    ban, timeout = (r["data"] for r in fake.interaction_responses)
    assert ban["content"] == REFUSED
    assert "you may not use `timeout`" in timeout["content"]
    assert ban["flags"] & EPHEMERAL
    assert timeout["flags"] & EPHEMERAL


async def test_a_report_button_pressed_by_a_member_does_nothing(vigie: Running) -> None:
    w, fake = vigie.world, vigie.fake
    fake.post(w.general, w.bob, "connard")
    await fake.settle()
    report = max(m for m, p in fake.messages.items() if p["channel_id"] == w.mod_channel["id"])
    before = len(_sanctions(vigie))  # the automatic deletion
    for action in ("ban", "timeout", "delete", "dismiss"):
        fake.press(w.guild, w.alice, report, f"vigie:{action}:1")
    await fake.settle()
    assert len(_sanctions(vigie)) == before
    answers = [r["data"] for r in fake.interaction_responses]
    assert len(answers) == 4
    assert all("it is for moderators" in a["content"] for a in answers)
    assert all(a["flags"] & EPHEMERAL for a in answers)
    assert [c.action for c in await _storage(vigie).list_cases(C)] == ["delete"]


async def test_editing_a_message_into_a_command_runs_nothing(vigie: Running) -> None:
    w, fake = vigie.world, vigie.fake
    for author in (w.alice, w.moderator):  # edits never run commands, whoever edits
        message = fake.post(w.mod_channel, author, "bonjour")
        await fake.settle()
        edited = dict(fake.messages[message]) | {
            "content": f"!ban <@{w.bob['id']}> spam",
            "edited_timestamp": fake.messages[message]["timestamp"],
        }
        fake.gateway("MESSAGE_UPDATE", edited)
    await fake.settle()
    await _nothing_done(vigie)
    assert _said(vigie, w.mod_channel) == []


async def test_replying_to_a_moderator_does_not_lend_their_rights(vigie: Running) -> None:
    w, fake = vigie.world, vigie.fake
    order = fake.message_payload(w.mod_channel, w.moderator, "Bob spams again")
    fake.gateway("MESSAGE_CREATE", order)
    reference = {"message_id": order["id"], "channel_id": order["channel_id"]}
    fake.post(
        w.mod_channel,
        w.alice,
        f"!ban <@{w.bob['id']}> as said above",
        message_reference=reference | {"guild_id": str(w.guild.id)},
        referenced_message=order,
        type=19,
    )
    await fake.settle()
    await _nothing_done(vigie)
    assert _said(vigie, w.mod_channel) == [REFUSED]


async def test_a_thread_of_the_mod_channel_gives_no_rights(vigie: Running) -> None:
    w, fake = vigie.world, vigie.fake
    thread = fake.thread(w.guild, w.mod_channel, "incident")
    fake.post(thread, w.alice, f"!ban <@{w.bob['id']}> spam")
    fake.post(thread, w.alice, f"ban <@{w.bob['id']}> spam")  # no prefix: not a command there
    await fake.settle()
    await _nothing_done(vigie)
    assert _said(vigie, thread) == [REFUSED]


async def test_a_moderators_name_or_nickname_gives_no_rights(vigie: Running) -> None:
    w, fake = vigie.world, vigie.fake
    # Alice calls herself "Modeste" everywhere a name shows: global name and nickname.
    w.alice["global_name"] = w.moderator["global_name"]
    w.alice["username"] = w.moderator["username"]
    member = w.guild.members[int(w.alice["id"])]
    member["nick"] = w.moderator["global_name"]
    fake.gateway("GUILD_MEMBER_UPDATE", member | {"guild_id": str(w.guild.id)})
    fake.post(w.mod_channel, w.alice, f"!ban <@{w.bob['id']}> spam")
    fake.slash(w.guild, w.mod_channel, w.alice, "kick", user=w.bob)
    await fake.settle()
    await _nothing_done(vigie)
    assert _said(vigie, w.mod_channel) == [REFUSED]
    assert "it is for moderators" in fake.interaction_responses[-1]["data"]["content"]


async def test_a_role_named_like_the_moderators_role_gives_no_rights(vigie: Running) -> None:
    w, fake = vigie.world, vigie.fake
    copy = fake.role(w.guild, "Modos", position=11)  # same name, higher even, other id
    fake.gateway("GUILD_ROLE_CREATE", {"guild_id": str(w.guild.id), "role": copy})
    member = w.guild.members[int(w.alice["id"])]
    member["roles"] = [copy["id"]]
    fake.gateway("GUILD_MEMBER_UPDATE", member | {"guild_id": str(w.guild.id)})
    fake.post(w.mod_channel, w.alice, f"!ban <@{w.bob['id']}> spam")
    fake.slash(w.guild, w.mod_channel, w.alice, "ban", user=w.bob)
    await fake.settle()
    await _nothing_done(vigie)
    assert _said(vigie, w.mod_channel) == [REFUSED]
    assert fake.interaction_responses[-1]["data"]["content"] == REFUSED


async def test_a_webhook_posing_as_a_moderator_runs_nothing(vigie: Running) -> None:
    w, fake = vigie.world, vigie.fake
    hook = str(fake.snowflake())
    for author in (
        # What Discord sends: the webhook's own id, any name and avatar it likes.
        dict(w.moderator) | {"id": hook, "bot": True},
        # Worse than Discord ever sends: the moderator's very id, no bot flag.
        dict(w.moderator) | {"bot": False},
    ):
        payload = fake.message_payload(
            w.mod_channel, author, f"!ban <@{w.bob['id']}> spam", webhook_id=hook
        )
        payload.pop("member", None)
        fake.gateway("MESSAGE_CREATE", payload)
    await fake.settle()
    await _nothing_done(vigie)
    assert _said(vigie, w.mod_channel) == []


async def test_a_direct_message_from_a_member_is_refused_and_a_moderators_is_judged_by_role(
    vigie: Running,
) -> None:
    w, fake = vigie.world, vigie.fake
    dm = fake.dm_channel(w.alice)
    fake.gateway("MESSAGE_CREATE", fake.message_payload(dm, w.alice, f"!ban <@{w.bob['id']}> spam"))
    await fake.settle()
    await _nothing_done(vigie)
    assert _said(vigie, dm) == [REFUSED]
    # The same way works for a moderator: their roles come from the guild, not the DM.
    mod_dm = fake.dm_channel(w.moderator)
    fake.gateway(
        "MESSAGE_CREATE", fake.message_payload(mod_dm, w.moderator, f"!warn <@{w.bob['id']}> calm")
    )
    await fake.settle()
    (answer,) = _said(vigie, mod_dm)
    assert "warned" in answer.lower(), answer
    assert [c.action for c in await _storage(vigie).list_cases(C)] == ["warn"]


def test_discord_roles_and_members_named_by_name_are_refused(registry: Any) -> None:
    world = build_world()
    from bot.adapters.discordbot import DiscordAdapter

    modos = world.roles["Modos"]["id"]
    text = world.config_text("x.db").replace(
        f'moderators: {{roles: ["{modos}"]}}',
        "moderators: {roles: [Modos], users: [Modeste]}\n    permissions: {ban: {roles: [Admin]}}",
    )
    text = text.replace(f'on_call: "{world.roles["Astreinte"]["id"]}"', 'on_call: "@Astreinte"')
    config = load_config_text(text, registry, file="vigie.yaml", env={"VIGIE_DISCORD_TOKEN": "t"})
    with pytest.raises(ConfigError) as refused:
        DiscordAdapter(config)
    keys = [p.path for p in refused.value.problems]
    assert keys == [
        "communities.entraide.moderators.roles.0",
        "communities.entraide.moderators.users.0",
        "communities.entraide.permissions.ban.roles.0",
        "communities.entraide.on_call",
    ]
    assert all(p.line for p in refused.value.problems)
    assert "Copy Role ID" in str(refused.value)


def test_ids_written_with_other_digits_are_refused_not_crashed_on(registry: Any) -> None:
    # isdigit() is true of "²", which int() refuses: a config error with its key, not a crash.
    world = build_world()
    from bot.adapters.discordbot import DiscordAdapter

    modos = world.roles["Modos"]["id"]
    text = world.config_text("x.db").replace(
        f'moderators: {{roles: ["{modos}"]}}', 'moderators: {roles: ["²"]}'
    )
    config = load_config_text(text, registry, file="vigie.yaml", env={"VIGIE_DISCORD_TOKEN": "t"})
    with pytest.raises(ConfigError) as refused:
        DiscordAdapter(config)
    assert [p.path for p in refused.value.problems] == ["communities.entraide.moderators.roles.0"]


# 2. No action on a member ranked at or above the moderator, the bot or the owner


def _refusals(v: Running, channel: dict[str, Any]) -> list[str]:
    return [s for s in _said(v, channel) if s]


async def test_a_moderator_cannot_act_on_peers_superiors_the_owner_or_the_bot(
    vigie: Running,
) -> None:
    w, fake = vigie.world, vigie.fake
    targets = {"peer": w.peer, "admin": w.admin, "owner": w.owner, "bot": fake.bot}
    for verb in ("ban", "kick", "warn", "timeout", "mute"):
        for user in targets.values():
            duration = " 1h" if verb in ("timeout", "mute") else ""
            fake.post(w.mod_channel, w.moderator, f"!{verb} <@{user['id']}>{duration} reason")
    fake.slash(w.guild, w.mod_channel, w.moderator, "kick", user=w.owner)
    await fake.settle()
    await _nothing_done(vigie)
    said = _refusals(vigie, w.mod_channel)
    assert len(said) == 20
    words = {"ban": "ban", "kick": "kick", "warn": "warn", "timeout": "mute", "mute": "mute"}
    for index, verb in enumerate(words.values()):
        peer, admin, owner, bot = said[index * 4 : index * 4 + 4]
        assert peer == f"you cannot {verb} {w.peer['id']}: their rank (10) is not below yours (10)"
        assert admin.endswith("their rank (30) is not below yours (10)"), admin
        assert owner.startswith(f"you cannot {verb} {w.owner['id']}: their rank"), owner
        assert bot == f"I will not {verb} my own account"
    assert not any("Traceback" in s or "internal error" in s for s in said)
    kick = fake.interaction_responses[-1]["data"]
    assert kick["content"].startswith(f"you cannot kick {w.owner['id']}: their rank")
    assert kick["flags"] & EPHEMERAL


@pytest.mark.parametrize(
    ("button", "refusal"),
    [
        ("vigie:ban", "you cannot ban {peer}"),
        ("vigie:delete", "you cannot delete the messages of {peer}"),
    ],
)
async def test_report_buttons_are_rank_checked_too(
    vigie: Running, button: str, refusal: str
) -> None:
    w, fake = vigie.world, vigie.fake
    # A member reports the peer moderator's message: the card's buttons target the peer.
    message = fake.post(w.general, w.peer, "viens en DM je vends")
    await fake.settle()
    from bot.adapters.discordbot.interactions import REPORT_MENU

    fake.message_menu(w.guild, w.alice, message, REPORT_MENU)
    await fake.settle()
    report = max(m for m, p in fake.messages.items() if p["channel_id"] == w.mod_channel["id"])
    custom_ids = [b["custom_id"] for b in fake.messages[report]["components"][0]["components"]]
    fake.press(w.guild, w.moderator, report, next(c for c in custom_ids if c.startswith(button)))
    await fake.settle()
    assert _sanctions(vigie) == []
    answer = fake.interaction_responses[-1]["data"]
    expected = refusal.format(peer=w.peer["id"]) + ": their rank (10) is not below yours (10)"
    assert answer["content"].startswith(expected), answer["content"]
    assert answer["flags"] & EPHEMERAL


async def test_above_the_bot_the_platform_refusal_is_told_plainly(
    registry: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = build_world()
    # Admins moderate too; a "Senior" role sits between Admin (30) and Vigie (20).
    senior = world.fake.role(world.guild, "Senior", position=25)
    world.fake.member(world.guild, world.fake.user("Sénior"), senior)
    carol = next(u for u in world.fake.users.values() if u["global_name"] == "Sénior")
    original = World.config_text

    def config_text(self: World, db: str, rules: str = "      {}\n") -> str:
        text = original(self, db, rules)
        modos = self.roles["Modos"]["id"]
        return text.replace(f'["{modos}"]', f'["{modos}", "{self.roles["Admin"]["id"]}"]')

    monkeypatch.setattr(World, "config_text", config_text)
    async with running_vigie(registry, tmp_path, monkeypatch, world=world) as v:
        fake = v.fake
        said: list[str] = []
        for command in (
            f"!ban <@{carol['id']}> spam",
            f"!kick <@{world.owner['id']}>",
            f"!timeout <@{APP_ID}> 1h",
        ):
            fake.post(world.mod_channel, world.admin, command)
            await fake.settle()
            said += _refusals(v, world.mod_channel)[len(said) :]
        assert [(r.method, r.path) for r in _sanctions(v)] == []
        senior_said, owner_said, bot_said = said
        assert senior_said.startswith(f"Case #1: Sénior ({carol['id']}) not banned (spam).")
        assert "Vigie's top role 'Vigie' (position 20)" in senior_said
        assert "move Vigie's role higher" in senior_said
        assert owner_said.startswith(f"you cannot kick {world.owner['id']}: their rank")
        assert bot_said == "I will not mute my own account"
        for text in (senior_said, owner_said, bot_said):
            assert "Traceback" not in text
            assert "internal error" not in text


# 3. Nothing Vigie posts pings anyone but the on-call role


URGENT_RULES = """\
      grooming:
        category: child_safety
        triggers: [{words: [rdvseul]}]
        actions: [delete, warn, report]
      ambush:
        category: luring
        triggers: [{words: [guetapens]}]
        actions: [delete, {report: {ping: on_call}}]
      insults:
        triggers: [{words: [connard]}]
        actions: [delete, warn, {report: {ping: "<@&MODOS>"}}]
"""


def _outgoing(v: Running) -> list[tuple[Request, dict[str, Any]]]:
    """Return every request that posts or edits text, with its message body."""
    found = []
    for request in v.fake.requests:
        body = request.json
        if not isinstance(body, dict):
            continue
        if request.path.endswith("/callback"):
            body = body.get("data") or {}
        if "content" in body or "embeds" in body:
            found.append((request, body))
    return found


async def test_quoted_mentions_never_ping_and_only_on_call_is_paged(
    registry: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = build_world()
    modos, on_call = world.roles["Modos"]["id"], world.roles["Astreinte"]["id"]
    rules = URGENT_RULES.replace("MODOS", modos)
    hostile = f"@everyone @here <@&{modos}> <@{world.bob['id']}> <@!{world.admin['id']}>"
    async with running_vigie(registry, tmp_path, monkeypatch, rules=rules, world=world) as v:
        w, fake = v.world, v.fake
        fake.dms_closed.add(int(w.alice["id"]))  # warnings fall back to the channel
        for word in ("rdvseul", "guetapens", "connard"):
            fake.post(w.general, w.alice, f"{hostile} {word} {hostile}")
            await fake.settle()
        fake.post(w.mod_channel, w.moderator, f"!warn {hostile}")
        fake.post(w.mod_channel, w.moderator, f"!note <@{w.bob['id']}> {hostile}")
        fake.slash(w.guild, w.mod_channel, w.moderator, "vigie", command=hostile)
        quoted = fake.post(w.general, w.alice, f"{hostile} rien de grave")
        await fake.settle()
        fake.message_menu(w.guild, w.bob, quoted, "Report message")
        await fake.settle()
        report = max(m for m, p in fake.messages.items() if p["channel_id"] == w.mod_channel["id"])
        fake.press(w.guild, w.moderator, report, "vigie:dismiss")  # the report is edited
        await v.adapter.send_message(C, w.general["id"], hostile)
        await fake.settle()
        assert fake.of("PATCH", "/channels/{channel_id}/messages/{message_id}")

        outgoing = _outgoing(v)
        reports = [b for r, b in outgoing if r.params.get("channel_id") == w.mod_channel["id"]]
        assert len(outgoing) >= 10
        for request, body in outgoing:
            allowed = body.get("allowed_mentions")
            assert allowed is not None, f"{request} sets no allowed_mentions"
            assert allowed.get("parse") == [], f"{request} lets {allowed} ping"
            assert allowed.get("roles", []) in ([], [int(on_call)]), request
            users = allowed.get("users", [])
            # Only a warning posted in the channel names (and pings) its member: Alice.
            assert users in ([], [int(w.alice["id"])]), request
            if users:
                assert body["content"].startswith(f"<@{w.alice['id']}>, you were warned")
        paged = [b for b in reports if b.get("allowed_mentions", {}).get("roles")]
        # The child_safety and luring reports page on-call; the insult's own ping does not.
        assert len(paged) == 2
        assert all(b["content"] == f"<@&{on_call}> urgent report" for b in paged)
        insult = [b for b in reports if "connard" in str(b.get("embeds"))]
        assert insult
        assert all(b["allowed_mentions"] == {"parse": []} for b in insult)


# 4. An unlisted guild is left


async def test_a_guild_not_in_the_config_is_left_and_logged(
    registry: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, "vigie.discord")
    async with running_vigie(registry, tmp_path, monkeypatch, connect=True) as v:
        fake = v.fake
        stranger = fake.user("Stranger")
        other = fake.guild("Raiders", owner=stranger)
        fake.member(other, fake.bot)
        fake.connect_guild(other, joined=True)
        await fake.settle()
        assert fake.left == [other.id]
        assert v.adapter.client.get_guild(other.id) is None
        assert v.adapter.client.get_guild(v.world.guild.id) is not None
        posted = {r.params["channel_id"] for r in fake.of(*MESSAGES)}
        assert not posted & {str(c) for c in other.channels}
    (record,) = [r for r in caplog.records if "no community configures it" in r.getMessage()]
    assert str(other.id) in record.getMessage()
    assert stranger["id"] in record.getMessage()


def test_vigie_run_refuses_a_role_given_by_name_with_its_line(
    registry: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot import cli

    world = build_world()
    modos = world.roles["Modos"]["id"]
    config = tmp_path / "vigie.yaml"
    text = world.config_text(str(tmp_path / "vigie.db")).replace(f'"{modos}"', "Modos")
    config.write_text(text)
    monkeypatch.setenv("VIGIE_DISCORD_TOKEN", "fake-token")
    code = cli.main(["run", "--config", str(config)])
    err = capsys.readouterr().err
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "moderators:" in row)
    assert code == 2
    assert f"vigie.yaml:{line}" in err
    assert "communities.entraide.moderators.roles.0" in err
    assert "Traceback" not in err


def test_vigie_check_config_refuses_what_run_refuses_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot import cli

    world = build_world()
    modos = world.roles["Modos"]["id"]
    config = tmp_path / "vigie.yaml"
    text = world.config_text(str(tmp_path / "vigie.db")).replace(f'"{modos}"', "Modos")
    config.write_text(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "moderators:" in row)
    assert cli.main(["check-config", str(config)]) == 2
    err = capsys.readouterr().err
    assert f"vigie.yaml:{line}: communities.entraide.moderators.roles.0" in err
    assert "Copy Role ID" in err
    assert "Traceback" not in err
    config.write_text(world.config_text(str(tmp_path / "vigie.db")))  # ids: accepted
    assert cli.main(["check-config", str(config)]) == 0
    assert "valid" in capsys.readouterr().out


async def test_a_copied_nickname_never_picks_the_target(vigie: Running) -> None:
    w, fake = vigie.world, vigie.fake
    # Alice takes Bob's display name as her nickname; names resolve by unique username only.
    member = w.guild.members[int(w.alice["id"])]
    member["nick"] = w.bob["global_name"]
    fake.gateway("GUILD_MEMBER_UPDATE", member | {"guild_id": str(w.guild.id)})
    fake.post(w.mod_channel, w.moderator, f"!warn {w.bob['global_name']} calm down")
    await fake.settle()
    member["nick"] = "Zorro"
    fake.gateway("GUILD_MEMBER_UPDATE", member | {"guild_id": str(w.guild.id)})
    fake.post(w.mod_channel, w.moderator, "!warn Zorro calm down")  # a nickname only
    await fake.settle()
    (case,) = await _storage(vigie).list_cases(C)
    assert (case.action, case.user_id) == ("warn", w.bob["id"])
    assert "unknown member 'Zorro'" in _said(vigie, w.mod_channel)[-1]


async def test_an_unlisted_guild_found_at_start_is_named_in_the_log(
    vigie: Running, caplog: pytest.LogCaptureFixture
) -> None:
    fake = vigie.fake
    other = fake.guild("Offline invite")
    fake.member(other, fake.bot)
    fake.connect_guild(other)  # already there at start: no guild join event
    await fake.settle()
    caplog.set_level(logging.WARNING, "vigie.discord")
    await vigie.adapter.gateway.on_ready()
    (record,) = [r for r in caplog.records if "no community configures" in r.getMessage()]
    assert str(other.id) in record.getMessage()
