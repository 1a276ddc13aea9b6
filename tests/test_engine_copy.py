"""The engine's copy of an event with its member's known facts equals dataclasses.replace."""

from __future__ import annotations

import dataclasses
import typing
from datetime import UTC, datetime

import pytest

from bot import events
from bot.engine import _with_member

T0 = datetime(2026, 3, 1, tzinfo=UTC)
KNOWN = events.Member(id="u1", display_name="Zoé", account_created=T0, roles=frozenset({"r"}))
# A value of each required field type, so every event class can be built.
SAMPLES: dict[object, typing.Any] = {str: "x", datetime: T0, events.Member: events.Member(id="u1")}

EVENT_CLASSES = [
    kind
    for kind in vars(events).values()
    if isinstance(kind, type) and issubclass(kind, events.Event) and kind is not events.Event
]


def build(kind: type[events.Event]) -> events.Event:
    hints = typing.get_type_hints(kind)
    required = {
        f.name: SAMPLES[hints[f.name]]
        for f in dataclasses.fields(kind)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    return kind(**required)


@pytest.mark.parametrize("kind", EVENT_CLASSES, ids=lambda k: k.__name__)
def test_copy_with_member_equals_replace(kind: type[events.Event]) -> None:
    event = build(kind)
    copy = _with_member(event, KNOWN)
    assert type(copy) is kind
    assert copy == dataclasses.replace(event, member=KNOWN)
    assert copy.member is KNOWN
    assert event.member == events.Member(id="u1")  # the original is left as it was


def test_every_event_class_is_covered() -> None:
    assert {k.__name__ for k in EVENT_CLASSES} >= {"MessageCreated", "MemberJoined", "ReportFiled"}
