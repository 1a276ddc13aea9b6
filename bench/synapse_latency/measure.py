"""Measure one rate: send, wait for the redactions, and gather where the time went."""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.synapse_latency.community import SETUP_CONCURRENCY, Setup, bounded
from bench.synapse_latency.cpu import cpu_snapshot, loadavg
from bench.synapse_latency.observer import Observer, wait_redacted
from bench.synapse_latency.report import pct
from bench.synapse_latency.sender import Sent, send_at_rate
from bench.synapse_latency.vigie import cases_per_message, vigie_times
from bot.adapters.matrix.demo import Client

SETTLE_SECONDS = 30.0


async def server_view(client: Client, sent: Sent) -> tuple[dict[str, int], dict[str, int]]:
    """Return each violating message's origin ts and its redaction's ts, from the server."""
    origin: dict[str, int] = {}
    redaction: dict[str, int] = {}

    async def one(event_id: str, room: str) -> None:
        path = f"/_matrix/client/v3/rooms/{quote(room, safe='')}/event/{quote(event_id)}"
        event = await client.call("GET", path)
        origin[event_id] = int(event["origin_server_ts"])
        because = event.get("unsigned", {}).get("redacted_because")
        if because:
            redaction[event_id] = int(because["origin_server_ts"])

    await bounded(SETUP_CONCURRENCY, [one(e, r) for e, r in sent.violating.items()])
    return origin, redaction


async def measure(
    setup: Setup,
    observer: Observer,
    *,
    rate: int,
    seconds: float,
    offset: int,
    in_flight: int,
    db: tuple[str, str],
    log: Path,
    processes: dict[str, tuple[int, bool]],
) -> dict[str, Any]:
    """Run one rate and return its figures."""
    load_before = loadavg()
    cpu_before, began = cpu_snapshot(processes), time.monotonic()
    sent = await send_at_rate(setup, rate, seconds, offset, in_flight)
    await wait_redacted(observer, set(sent.violating), SETTLE_SECONDS)
    cpu_after, wall = cpu_snapshot(processes), time.monotonic() - began
    origin, redaction = await server_view(setup.watcher, sent)
    seen_ms = [
        observer.redacted[e][0] * 1000 - origin[e] for e in sent.violating if e in observer.redacted
    ]
    server_ms = [float(redaction[e] - origin[e]) for e in redaction]
    # Where the time goes: Synapse delivering the message (to the observer, a stand-in for
    # Vigie's sync), Vigie's own executor, then Synapse delivering the redaction.
    delivery_ms = [
        observer.received[e] * 1000 - origin[e] for e in sent.violating if e in observer.received
    ]
    redaction_delivery_ms = [
        observer.redacted[e][0] * 1000 - redaction[e]
        for e in sent.violating
        if e in observer.redacted and e in redaction
    ]
    own = vigie_times(log, set(sent.violating))
    cases = await cases_per_message(*db)
    deadline = time.monotonic() + SETTLE_SECONDS
    while any(cases[e] == 0 for e in redaction) and time.monotonic() < deadline:
        # Cases are written just after the redaction: give the last ones a moment.
        await asyncio.sleep(0.5)
        cases = await cases_per_message(*db)
    violating = len(sent.violating)
    messages = max(1, violating + len(sent.benign))
    # Who spends the machine's CPU, per message and as cores busy over the rate's window.
    spent: dict[str, float] = {}
    for name, before in cpu_before.items():
        after = cpu_after[name]
        if before is not None and after is not None:
            spent[name] = after - before
    return {
        "bench": "synapse_latency",
        "rate_per_s": rate,
        "seconds": seconds,
        "achieved_rate_per_s": round((violating + len(sent.benign)) / sent.elapsed, 1),
        "messages_sent": violating + len(sent.benign),
        "send_failures": sent.failed,
        "not_sent_by_deadline": sent.not_sent,
        "schedule_lag_p50_ms": pct([x * 1000 for x in sent.lag], 0.50),
        "schedule_lag_p99_ms": pct([x * 1000 for x in sent.lag], 0.99),
        "violations_sent": violating,
        "redacted": len(redaction),
        "missed": violating - len(redaction),
        "seen_by_observer": len(seen_ms),
        "p50_ms": pct(seen_ms, 0.50),
        "p99_ms": pct(seen_ms, 0.99),
        "max_ms": pct(seen_ms, 1.0),
        "mean_ms": round(statistics.fmean(seen_ms), 1) if seen_ms else None,
        "server_p50_ms": pct(server_ms, 0.50),
        "server_p99_ms": pct(server_ms, 0.99),
        "message_delivery_p50_ms": pct(delivery_ms, 0.50),
        "message_delivery_p99_ms": pct(delivery_ms, 0.99),
        **{
            f"vigie_{name}_p{p}_ms": pct(values, p / 100)
            for name, values in own.items()
            for p in (50, 99)
        },
        "redaction_delivery_p50_ms": pct(redaction_delivery_ms, 0.50),
        "redaction_delivery_p99_ms": pct(redaction_delivery_ms, 0.99),
        "duplicated_cases": sum(1 for e in sent.violating if cases[e] > 1),
        "violations_without_case": sum(1 for e in sent.violating if cases[e] == 0),
        "duplicated_redactions": sum(
            1 for e in sent.violating if len(observer.redacted.get(e, ())) > 1
        ),
        "benign_redacted": sum(1 for e in sent.benign if e in observer.redacted),
        "observer_gaps": observer.gaps,
        "cpu_ms_per_message": {
            name: round(1000 * used / messages, 1) for name, used in spent.items()
        },
        "cores_busy": {name: round(cpu / wall, 2) for name, cpu in spent.items()},
        "loadavg_before": load_before,
        "loadavg_after": loadavg(),
    }
