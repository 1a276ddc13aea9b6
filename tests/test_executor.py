import asyncio
from datetime import timedelta

from bot.adapters.base import Forbidden, NotFound, RateLimited
from bot.cluster.claims import MemoryClaims, due_key

RULES = """\
communities:
  demo:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    on_call: "@oncall"
    rules:
      insults:
        triggers: [{words: [connard]}]
        actions: [delete, {timeout: 1h}, report]
      grooming-words:
        category: child_safety
        triggers: [{words: ["notre secret"]}]
        actions: [report]
"""


async def test_case_and_evidence_are_written_before_acting(testbot):
    bot = await testbot(RULES)
    _, outcome = await bot.say("espèce de connard")
    storage = bot.bot.executor._storage
    case = await storage.get_case("demo", outcome.case_number)
    assert case.action == "timeout"
    assert case.rule == "insults"
    assert case.expires_at - case.created_at == timedelta(hours=1)
    (record,) = await storage.evidence(community="demo")
    assert record.payload["text"] == "espèce de connard"
    assert record.payload["matches"][0]["rule"] == "insults"
    assert (await storage.verify_evidence()).ok


async def test_report_carries_case_number_spans_and_defused_quotes(testbot):
    bot = await testbot(RULES)
    await bot.say("@everyone ce connard")
    (card,) = bot.adapter.reports
    assert card.case_number == 1
    assert card.rules == ("insults",)
    assert card.highlighted() == "@\u200beveryone ce »connard«"
    assert card.actions == ("delete", "timeout")
    assert card.pings == ()


async def test_urgent_categories_ping_on_call(testbot):
    bot = await testbot(RULES)
    await bot.say("ce sera notre secret")
    (card,) = bot.adapter.reports
    assert card.pings == ("@oncall",)


async def test_failed_call_is_retried_with_backoff_until_done(testbot):
    bot = await testbot(RULES)
    bot.adapter.fail_next("delete", RateLimited("slow down", retry_after=5))
    _, outcome = await bot.say("connard")
    assert outcome.pending == ("delete",)
    assert outcome.done == ("timeout", "report")
    executor = bot.bot.executor
    assert await executor.run_due() == 0  # not due yet: the platform asked for 5 s
    bot.bot.clock.set(bot.tick(6))
    assert await executor.run_due() == 1
    assert [c.kind for c in bot.adapter.of("delete")] == ["delete"]
    assert await executor._storage.pending_actions() == []


async def test_a_due_call_claimed_by_another_process_is_left_to_it(testbot):
    bot = await testbot(RULES)
    bot.adapter.fail_next("delete", RateLimited("slow down", retry_after=5))
    await bot.say("connard")
    executor = bot.bot.executor
    executor.claims = MemoryClaims()
    (row,) = await executor._storage.pending_actions()
    assert await executor.claims.claim(due_key(row.id, row.attempts), timedelta(minutes=1))
    bot.bot.clock.set(bot.tick(6))
    assert await executor.run_due() == 0
    assert bot.adapter.of("delete") == []
    bot.bot.clock.set(bot.tick(6 + 120))
    executor.claims = MemoryClaims()  # the other process's claim lapsed with it
    assert await executor.run_due() == 1
    assert [c.kind for c in bot.adapter.of("delete")] == ["delete"]


async def test_unretryable_failure_is_given_up_with_its_reason(testbot):
    bot = await testbot(RULES)
    bot.adapter.fail_next("timeout", Forbidden("missing permission"))
    _, outcome = await bot.say("connard")
    assert outcome.given_up == ("timeout",)
    (row,) = await bot.bot.executor._storage.pending_actions(status="given_up")
    assert row.last_error == "missing permission"


async def test_gone_target_counts_as_done(testbot):
    bot = await testbot(RULES)
    bot.adapter.fail_next("delete", NotFound("already deleted"))
    _, outcome = await bot.say("connard")
    assert outcome.done == ("delete", "timeout", "report")


async def test_same_event_twice_is_handled_once(testbot):
    bot = await testbot(RULES)
    plan, outcome = await bot.say("connard")
    again = await bot.bot.executor.execute(plan)
    assert outcome is not None
    assert again is None
    assert bot.pop_kinds() == ["delete", "timeout", "report"]


async def test_pending_calls_resume_after_a_restart(registry, tmp_path):
    import logging

    from bot.adapters.fake import FakeAdapter
    from bot.app import open_bot
    from bot.clock import ManualClock
    from bot.config import validate_source
    from bot.yamlsource import parse_yaml
    from tests.support.messages import make_message
    from tests.support.testbot import START

    config = validate_source(parse_yaml(RULES, "t.yaml"), registry, env={})
    url = f"sqlite:///{tmp_path / 'vigie.db'}"
    log = logging.getLogger("test")
    first = FakeAdapter()
    first.fail_next("delete", RateLimited("down", retry_after=1))
    event = make_message("connard", community="demo", ts=START, message_id="m1")
    async with open_bot(config, registry, first, storage_url=url, clock=ManualClock(START)) as bot:
        _, outcome = await bot.handle(event)
        assert outcome is not None
        assert outcome.pending == ("delete",)
    # The process stops before the retry; the next one finds the call pending and does it.
    second = FakeAdapter()
    later = ManualClock(START + timedelta(seconds=5))
    async with open_bot(config, registry, second, storage_url=url, clock=later, logger=log) as bot:
        assert [c.kind for c in second.calls] == ["delete"]
        plan, again = await bot.handle(event)
        assert plan.hits
        assert again is None
    assert [c.kind for c in second.calls] == ["delete"]


LADDER = RULES.replace(
    "    rules:\n",
    "    ladders:\n      - {count: timeout, after: 2, within: 30d, then: ban}\n    rules:\n",
)


async def test_live_runs_return_once_the_message_is_deleted(testbot):
    bot = await testbot(RULES)
    executor = bot.bot.executor
    executor.background = True
    held = asyncio.Event()
    timeout = bot.adapter.timeout

    async def slow_timeout(*args, **kwargs):
        await held.wait()
        await timeout(*args, **kwargs)

    bot.adapter.timeout = slow_timeout
    _, outcome = await bot.say("connard")
    # The event is done: deleted, evidence journaled; sanction, case and report follow.
    assert outcome is None
    assert bot.pop_kinds() == ["delete"]
    (entry,) = await executor.journal.unwritten()
    assert entry.body["evidence"]["text"] == "connard"
    assert await executor.storage.list_cases("demo") == []
    held.set()
    assert await executor.settle()
    assert bot.pop_kinds() == ["timeout", "report"]
    (case,) = await executor.storage.list_cases("demo")
    assert case.action == "timeout"
    assert await executor.journal.unwritten() == []


async def test_one_members_slow_sanction_holds_up_no_one_else(testbot):
    bot = await testbot(LADDER)
    executor = bot.bot.executor
    executor.background = True
    held = asyncio.Event()
    timeout = bot.adapter.timeout

    async def alice_waits(community, user_id, until, reason):
        if user_id == "alice":
            await held.wait()
        await timeout(community, user_id, until, reason)

    bot.adapter.timeout = alice_waits
    await bot.say("connard", user="alice")
    await bot.say("connard", user="alice")
    await bot.say("connard", user="bob")
    await asyncio.sleep(0.1)
    # Every message is gone, and bob's case is done while alice's lane waits.
    assert [c.kind for c in bot.adapter.of("delete")] == ["delete"] * 3
    assert [c.user_id for c in await executor.storage.list_cases("demo")] == ["bob"]
    held.set()
    assert await executor.settle()
    cases = await executor.storage.list_cases("demo", user_id="alice")
    # The ladder saw alice's first case before deciding on her second: a ban.
    assert sorted(c.action for c in cases) == ["ban", "timeout"]
    assert (await executor.storage.verify_evidence()).ok
