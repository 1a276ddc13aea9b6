"""The per-event context: what rules derive from one message is computed once."""

from bot.context import Context
from tests.support.messages import context_of, make_message


def _context(text: str) -> Context:
    return context_of(make_message(text))


def test_once_computes_each_key_once_per_context() -> None:
    calls: list[str] = []

    def compute(value: str | None) -> str | None:
        calls.append("called")
        return value

    ctx = _context("hello")
    assert ctx.once(("a", 1), lambda: compute("x")) == "x"
    assert ctx.once(("a", 1), lambda: compute("y")) == "x"
    # None is a result like any other: it is kept, not computed again.
    assert ctx.once(("a", 2), lambda: compute(None)) is None
    assert ctx.once(("a", 2), lambda: compute("z")) is None
    assert len(calls) == 2
    # A new event's context starts afresh.
    assert _context("hello").once(("a", 1), lambda: compute("w")) == "w"
    assert len(calls) == 3
