from datetime import timedelta

from bot.actions import Ban, Delete, Effect, Hit, Kick, Report, Timeout, Warn, merge
from bot.categories import Category
from bot.rules import Match
from tests.support.messages import make_message

EVENT = make_message()
MATCH = Match(category=Category.SPAM, summary="s")


def hit(*actions, dry_run=False, rule="r"):
    return Hit(rule=rule, match=MATCH, actions=tuple(actions), dry_run=dry_run)


def test_harshest_punishment_wins():
    plan = merge(EVENT, [hit(Warn()), hit(Kick()), hit(Timeout(duration=timedelta(hours=1)))])
    assert isinstance(plan.punishment, Kick)


def test_longer_timeout_wins_and_permanent_ban_beats_temporary():
    short, long_ = Timeout(duration=timedelta(minutes=5)), Timeout(duration=timedelta(days=1))
    assert merge(EVENT, [hit(long_), hit(short)]).punishment == long_
    temporary, permanent = Ban(duration=timedelta(days=7)), Ban()
    assert merge(EVENT, [hit(temporary), hit(permanent)]).punishment == permanent


def test_delete_once_and_one_report_with_all_pings():
    plan = merge(
        EVENT,
        [hit(Delete(), Report(pings=frozenset({"on_call"}))), hit(Delete(), Report())],
    )
    assert plan.delete is True
    assert plan.report == Report(pings=frozenset({"on_call"}))


def test_effects_are_deduplicated_and_dry_runs_do_not_act():
    clean = Effect(name="clean", params=(("within", "10s"),))
    plan = merge(EVENT, [hit(clean), hit(clean), hit(Ban(), dry_run=True, rule="d")])
    assert plan.effects == (clean,)
    assert plan.punishment is None
    assert [h.rule for h in plan.dry_hits] == ["d"]


def test_empty_plan_does_not_act():
    assert not merge(EVENT, []).acts
