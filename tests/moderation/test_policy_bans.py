"""Policy-list bans: a case per member and community, through the executor, once each."""

from __future__ import annotations

from bot.moderation.policy_bans import PolicyBan


def _ban(user: str = "bob", *, dry_run: bool = False, policy_list: str = "spam") -> PolicyBan:
    return PolicyBan(
        community="demo",
        user_id=user,
        policy_list=policy_list,
        list_id="!list:example.org",
        entity="@bob:*",
        reason="harcèlement",
        dry_run=dry_run,
    )


async def test_a_policy_ban_is_a_case_with_its_list_and_reason_and_is_carried_out(mbot):
    outcome = await mbot.bot.router.policy_ban(_ban())
    assert (outcome.status, outcome.case_number) == ("banned", 1)
    assert mbot.pop_kinds() == ["ban"]
    (case,) = await mbot.bot.executor.storage.list_cases("demo")
    assert (case.action, case.user_id, case.kind, case.active) == ("ban", "bob", "manual", True)
    assert case.reason == "policy list spam: harcèlement"
    (evidence,) = await mbot.bot.executor.storage.evidence("demo", case.id)
    assert evidence.payload["policy_list_id"] == "!list:example.org"
    assert evidence.payload["origin"] == "policy"


async def test_a_member_already_banned_gets_no_second_case_from_any_list(mbot):
    await mbot.bot.router.policy_ban(_ban())
    mbot.pop()
    again = await mbot.bot.router.policy_ban(_ban(policy_list="autre"))
    assert (again.status, again.case_number) == ("already", 1)
    assert mbot.pop_kinds() == []
    assert len(await mbot.bot.executor.storage.list_cases("demo")) == 1


async def test_a_dry_run_records_once_and_acts_not(mbot):
    first = await mbot.bot.router.policy_ban(_ban(dry_run=True))
    second = await mbot.bot.router.policy_ban(_ban(dry_run=True))
    assert (first.status, second.status) == ("would_ban", "already")
    assert mbot.pop_kinds() == []
    (case,) = await mbot.bot.executor.storage.list_cases("demo")
    assert (case.dry_run, case.active, case.rule) == (True, False, "policy:spam")
    # A dry run does not stand in the way of the real ban.
    live = await mbot.bot.router.policy_ban(_ban())
    assert live.status == "banned"
    assert mbot.pop_kinds() == ["ban"]


async def test_after_an_unban_the_list_bans_again_with_a_new_case(mbot):
    await mbot.bot.router.policy_ban(_ban())
    await mbot.command("!vigie unban bob erreur")
    again = await mbot.bot.router.policy_ban(_ban())
    assert again.status == "banned"
    assert [c.action for c in await mbot.bot.executor.storage.list_cases("demo")] == [
        "ban",
        "unban",
        "ban",
    ]
