"""Platform calls: stored payloads written by earlier versions still load, and each call reaches
the adapter coroutine it names with its arguments in order."""

from __future__ import annotations

import inspect
import json
from datetime import datetime, timedelta, timezone

import pytest

from bot.adapters.base import Adapter
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
    call_from,
)
from bot.moderation.reports import ReportCard

CARD_TEXT = '{"community": "c", "room": "!r", "member_id": "@a", "case_number": 3}'
CARD = json.loads(CARD_TEXT)
UNTIL = datetime(2026, 11, 28, 21, 0, tzinfo=timezone(timedelta(hours=1)))

#: Rows of the pending-actions table and journal entries as earlier versions wrote them.
STORED = [
    (
        '["delete", {"community": "c", "room": "!r", "message_id": "$m", "reason": "spam"}]',
        DeleteCall(community="c", room="!r", message_id="$m", reason="spam"),
    ),
    (
        '["warn", {"community": "c", "room": "!r", "user_id": "@a", "reason": "calm"}]',
        WarnCall(community="c", room="!r", user_id="@a", reason="calm"),
    ),
    (
        '["timeout", {"community": "c", "user_id": "@a", "until": "2026-11-28T21:00:00+01:00",'
        ' "reason": "flood"}]',
        TimeoutCall(community="c", user_id="@a", until=UNTIL, reason="flood"),
    ),
    (
        '["untimeout", {"community": "c", "user_id": "@a", "reason": "ok"}]',
        UntimeoutCall(community="c", user_id="@a", reason="ok"),
    ),
    (
        '["kick", {"community": "c", "user_id": "@a", "reason": "out"}]',
        KickCall(community="c", user_id="@a", reason="out"),
    ),
    (
        '["ban", {"community": "c", "user_id": "@a", "reason": "scam", "clean_seconds": 86400}]',
        BanCall(community="c", user_id="@a", reason="scam", clean_seconds=86400),
    ),
    (
        '["unban", {"community": "c", "user_id": "@a", "reason": "appeal"}]',
        UnbanCall(community="c", user_id="@a", reason="appeal"),
    ),
    (
        '["report", {"community": "c", "channel": "!mods", "card": '
        + CARD_TEXT
        + ', "user_report_id": 7}]',
        ReportCall(community="c", channel="!mods", card=CARD, user_report_id=7),
    ),
    (
        '["report_edit", {"community": "c", "channel": "!mods", "message_id": "$r", "card": '
        + CARD_TEXT
        + "}]",
        EditReportCall(community="c", channel="!mods", message_id="$r", card=CARD),
    ),
    (
        '["dm", {"community": "c", "user_id": "@a", "text": "hi"}]',
        DmCall(community="c", user_id="@a", text="hi"),
    ),
    (
        '["message", {"community": "c", "room": "!mods", "text": "status"}]',
        MessageCall(community="c", room="!mods", text="status"),
    ),
]


def test_every_kind_of_call_is_covered_here() -> None:
    assert {type(call) for _, call in STORED} == set(CALLS.values())


@pytest.mark.parametrize(("stored", "expected"), STORED, ids=[c.kind for _, c in STORED])
def test_a_stored_call_loads_and_is_written_back_unchanged(stored: str, expected: Call) -> None:
    kind, payload = json.loads(stored)
    call = call_from(kind, payload)
    assert call == expected
    assert call.kind == kind
    assert call.payload() == payload  # same JSON form as before: old and new rows mix


def test_the_time_of_a_timeout_comes_back_as_a_time_with_its_offset() -> None:
    call = call_from("timeout", json.loads(STORED[2][0])[1])
    assert isinstance(call, TimeoutCall)
    assert call.until.utcoffset() == timedelta(hours=1)


def test_payloads_from_before_optional_fields_existed_still_load() -> None:
    ban = call_from("ban", {"community": "c", "user_id": "@a", "reason": "scam"})
    assert ban == BanCall(community="c", user_id="@a", reason="scam", clean_seconds=0)
    report = call_from("report", {"community": "c", "channel": "!mods", "card": CARD})
    assert report == ReportCall(community="c", channel="!mods", card=CARD, user_report_id=None)


@pytest.mark.parametrize("kind", sorted(CALLS))
def test_each_call_names_an_adapter_coroutine_taking_its_arguments(kind: str) -> None:
    call = next(c for _, c in STORED if c.kind == kind)
    method = getattr(Adapter, call.method)
    parameters = list(inspect.signature(method).parameters)[1:]  # past `self`
    assert len(parameters) == len(call.arguments())
    assert parameters[0] == "community"


async def test_each_call_reaches_the_adapter_with_its_values_in_order() -> None:
    adapter = FakeAdapter()
    for _, call in STORED:
        await call.run(adapter)
    recorded = {(r.kind, r.community): r.args for r in adapter.calls}
    assert recorded[("delete", "c")] == {"room": "!r", "message_id": "$m", "reason": "spam"}
    assert recorded[("warn", "c")] == {"room": "!r", "user_id": "@a", "reason": "calm"}
    assert recorded[("timeout", "c")] == {"user_id": "@a", "until": UNTIL, "reason": "flood"}
    assert recorded[("ban", "c")] == {"user_id": "@a", "reason": "scam", "clean": 86400}
    assert recorded[("report", "c")] == {"channel": "!mods", "case": 3}
    assert recorded[("report_edit", "c")] == {"channel": "!mods", "message_id": "$r"}
    assert adapter.edited["$r"] == ReportCard.from_dict(CARD)
    assert adapter.dms == [("c", "@a", "hi")]
    assert adapter.messages == [("c", "!mods", "status")]


async def test_a_report_call_returns_the_id_of_the_posted_report() -> None:
    adapter = FakeAdapter()
    posted = await ReportCall(community="c", channel="!mods", card=CARD).run(adapter)
    assert posted == adapter.report_ids[-1]
    assert (
        await DeleteCall(community="c", room="!r", message_id="$m", reason="x").run(adapter) is None
    )
