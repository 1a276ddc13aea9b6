import pytest

from tests.support.messages import make_message

RULES = """\
communities:
  demo:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    moderators: {users: [mod], power_level: 50}
    on_call: "@oncall"
    rules:
      insults:
        triggers: [{words: [connard]}]
        conditions: {exclude_rooms: [debate], exempt_roles: [trusted]}
        actions: [delete, warn, report]
      welcome-bots:
        triggers: [any_message]
        conditions: {rooms: [bots-only], affects_bots: true}
        actions: [report]
      burst:
        triggers: [{words: [spam]}]
        cooldown: 1m
        actions: [delete]
      repeat:
        triggers: [{words: [arnaque]}]
        actions: [delete]
        escalate:
          - {after: 2, within: 1h, then: [{timeout: 10m}]}
          - {after: 3, within: 1h, then: [ban]}
      doubted:
        triggers: [{words: [pigeon]}]
        unless: [{words: [voyageur]}, {words: [ramier]}]
        actions: [report]
      watch:
        dry_run: true
        triggers: [{words: [bizarre]}]
        actions: [ban]
    overrides:
      - rooms: [annonces]
        rules: {insults: {enabled: false}}
      - users: [carol]
        rules: {insults: {actions: [report]}}
"""


@pytest.fixture
async def bot(testbot):
    return await testbot(RULES)


async def test_trigger_fires_and_actions_follow(bot):
    plan, outcome = await bot.say("t'es un connard")
    assert [h.rule for h in plan.hits] == ["insults"]
    assert bot.pop_kinds() == ["delete", "warn", "report"]
    assert outcome.case_number == 1


async def test_a_match_is_held_back_when_an_unless_trigger_matches_too(bot):
    plan, _ = await bot.say("un pigeon sur le balcon")
    assert [h.rule for h in plan.hits] == ["doubted"]
    for text in ["un pigeon voyageur", "un pigeon ramier"]:
        bot.pop()
        plan, outcome = await bot.say(text)
        assert not plan.hits, text
        # Kept aside with what held it back, for `vigie explain`; nothing is done.
        (held,) = plan.held
        assert held.rule == "doubted"
        assert held.held_by is not None
        assert not plan.acts
        assert outcome is None
    bot.pop()
    plan, _ = await bot.say("voyageur seul")
    assert not plan.hits
    assert not plan.held


async def test_clean_message_does_nothing(bot):
    plan, outcome = await bot.say("bonsoir tout le monde")
    assert not plan.hits
    assert outcome is None
    assert bot.pop() == []


async def test_conditions_scope_rooms_roles_and_bots(bot):
    assert not (await bot.say("connard", room="debate"))[0].hits
    assert not (await bot.say("connard", roles=frozenset({"trusted"})))[0].hits
    assert not (await bot.say("hello", user="helper-bot", is_bot=True))[0].hits
    plan, _ = await bot.say("hello", user="helper-bot", room="bots-only", is_bot=True)
    assert [h.rule for h in plan.hits] == ["welcome-bots"]


async def test_moderators_are_never_acted_on(bot):
    assert not (await bot.say("connard", user="mod"))[0].hits
    assert not (await bot.say("connard", user="someone", power_level=50))[0].hits
    assert (await bot.say("connard", user="someone", power_level=10))[0].hits


async def test_the_context_for_an_event_is_the_one_its_rules_saw(bot):
    await bot.say("bonjour", user="someone", power_level=50)
    event = bot.message("bonjour", "someone")
    ctx = bot.bot.engine.context_for(event)
    assert ctx.is_moderator
    assert ctx.member.power_level == 50
    stranger = bot.bot.engine.context_for(bot.message("bonjour", "new"))
    assert not stranger.is_moderator


async def test_overrides_by_room_and_user(bot):
    assert not (await bot.say("connard", room="annonces"))[0].hits
    await bot.say("connard", user="carol")
    assert bot.pop_kinds() == ["report"]


async def test_cooldown_fires_once_per_member_per_window(bot):
    assert (await bot.say("spam"))[0].hits
    assert not (await bot.say("spam"))[0].hits
    assert (await bot.say("spam", user="bob"))[0].hits
    bot.tick(61)
    assert (await bot.say("spam"))[0].hits


async def test_escalation_adds_the_step_reached(bot):
    first, _ = await bot.say("arnaque")
    second, _ = await bot.say("arnaque")
    third, _ = await bot.say("arnaque")
    assert first.punishment is None
    assert second.punishment.kind == "timeout"
    assert third.punishment.kind == "ban"
    bot.tick(3700)
    fourth, _ = await bot.say("arnaque")
    assert fourth.punishment is None


async def test_dry_run_rule_reports_nothing_and_acts_not(bot):
    plan, outcome = await bot.say("c'est bizarre")
    assert plan.hits == ()
    assert [h.rule for h in plan.dry_hits] == ["watch"]
    assert outcome is None
    assert bot.pop() == []


async def test_one_report_per_event_even_when_several_rules_fire(bot):
    plan, _ = await bot.say("connard arnaque")
    assert {h.rule for h in plan.hits} == {"insults", "repeat"}
    assert bot.pop_kinds() == ["delete", "warn", "report"]


async def test_events_of_unknown_communities_are_ignored(bot):
    event = make_message(
        "connard", community="elsewhere", ts=bot.tick(), member="x", message_id="z"
    )
    plan, outcome = await bot.bot.handle(event)
    assert not plan.hits
    assert outcome is None
