"""Measure latency to action on a real local Synapse: origin timestamp to redaction, as seen.

Run: .venv/bin/python bench/synapse_latency.py [--rates 50,200,500] [--seconds 20] [--postgres]

Starts a throwaway Synapse on 127.0.0.1 (bot/adapters/matrix/localsynapse.py), on SQLite or,
with --postgres, on a throwaway PostgreSQL cluster (bot/localservers/postgres.py) with
larger caches; builds rooms the way the demo does (bot/adapters/matrix/demo.py), runs
`vigie run` in its own process with the example config (the demo's rewrite of it for the local
server), and has member accounts post at
a steady total rate, paced by an async scheduler, with 5% violating messages. An observer
client (matrix-nio) syncs and notes when it sees each redaction. Prints one JSON object per
rate: p50/p99 from the violating message's origin_server_ts to the redaction seen by the
observer, violations sent, redacted, missed and duplicated actions (cases per violating message
id above one), and where the time goes: Synapse's delivery of the message (to the observer, a
stand-in for Vigie's own sync), Vigie's own time read from its log (`vigie_executor`: from the
plan to Synapse's answer to the redaction, split into `vigie_journal` and `vigie_deletion`;
`vigie_origin`: from the message's origin timestamp to that answer), and the redaction's
delivery to the observer. It also prints the CPU each process spent per message and the cores
it kept busy (Synapse, PostgreSQL with --postgres, Vigie, and this process's own clients), read
from /proc: what the machine can offer the server decides the rate it accepts.

Compare before/after back to back on the same machine: run it once with PYTHONPATH pointing
at an export of the old tree (`git archive OLD | tar -x -C /tmp/old`) from a directory
outside the repository, then on the new tree.

The bench reads the example config's burst rules (e.g. 6 messages by one member within 30 s)
and registers enough members for each to stay under them at the highest rate, and waits out
the longest burst window between rates; each member posts at most two insults
(hate-harassment escalates at 3). Everything is on loopback, bounded in time, and removed
at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import math
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp
from nio import AsyncClient, RedactionEvent, RoomMessageText, SyncResponse

from bot.adapters.matrix.demo import MANAGEMENT, Client, _demo_config
from bot.adapters.matrix.localsynapse import Account, LocalSynapse, SynapseError
from bot.app import build_engine, build_services
from bot.config import BUNDLED_CONFIG, Config, load_config, load_config_text
from bot.events import Member, MessageCreated
from bot.localservers.postgres import LocalPostgres
from bot.registry import Registry, load_plugins
from bot.storage import Storage

VIOLATION_EVERY = 20  # 5%
MAX_INSULTS = 2
ROOM_SIZE = 50
SETTLE_SECONDS = 30.0
SETUP_CONCURRENCY = 6
# With --postgres: larger caches than the defaults, as Synapse's tuning advice suggests for
# a busy server (its whole working set fits in memory here).
TUNED: dict[str, Any] = {"caches": {"global_factor": 4.0}, "event_cache_size": "50K"}

# Insults aimed at someone, FR and EN: the example config's hate-harassment rule removes them
# (delete, warn, report; no timeout, so the member can keep posting).
VIOLATING = [
    "t'es qu'un connard",
    "ferme ta gueule espèce de connard",
    "you are a worthless piece of shit",
    "go kill yourself you idiot",
    "t'es vraiment une grosse merde",
    "shut up you stupid bitch",
    "espèce de sale con, dégage",
    "you're a pathetic loser",
]
_OPENERS = [
    "Salut tout le monde,",
    "Hello everyone,",
    "Bonjour,",
    "Hi,",
    "Coucou,",
    "Quick question:",
    "Petite question :",
    "Good morning,",
    "Re,",
    "Hey folks,",
    "Bonsoir,",
    "Yo,",
    "Dites,",
    "Just wondering,",
    "Au fait,",
    "By the way,",
    "Alors,",
    "So,",
    "Bon,",
    "Well,",
]
_TOPICS = [
    "quelqu'un a vu le match hier soir ?",
    "what time is the meetup on Saturday?",
    "le nouveau patch du jeu est sorti.",
    "I finally finished that book, loved it.",
    "il pleut encore ici, comme d'hab.",
    "does anyone have a good pasta recipe?",
    "je cherche un bon film pour ce soir.",
    "the train was late again this morning.",
    "vous avez des conseils pour apprendre la guitare ?",
    "my cat knocked the plant over again.",
    "on se retrouve à la bibliothèque demain ?",
    "who's up for a game later tonight?",
    "j'ai testé le café du coin, pas mal du tout.",
    "the sunset was amazing yesterday.",
    "merci pour l'aide sur le devoir de maths !",
    "I'm learning Python, any tips for beginners?",
    "le concert était génial, trop content.",
    "has anyone tried the new bakery downtown?",
    "je révise pour le bac, c'est long.",
    "thanks for sharing the playlist, great picks.",
]


def _out(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def cpu_seconds(pid: int, *, children: bool = False) -> float | None:
    """Return a process's CPU time (user + system, s), with its live children's if asked.

    Read from /proc (Linux); None where it cannot be read.
    """
    tick = os.sysconf("SC_CLK_TCK")

    def stat(one: int | str) -> list[str]:
        # The command name may hold spaces: the fields that matter follow its closing ")".
        return Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()

    def used(fields: list[str]) -> float:
        return (int(fields[11]) + int(fields[12])) / tick

    try:
        total = used(stat(pid))
    except (OSError, IndexError, ValueError):
        return None
    if children:
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    fields = stat(entry.name)
                    if int(fields[1]) == pid:
                        total += used(fields)
    return total


def cpu_snapshot(processes: dict[str, tuple[int, bool]]) -> dict[str, float | None]:
    """Return the CPU time of each named process (pid, children included or not)."""
    return {name: cpu_seconds(pid, children=kids) for name, (pid, kids) in processes.items()}


def flood_pacing(config: Config) -> tuple[float, float]:
    """Return a member's pause that stays under every burst rule, and the longest window."""
    gap, window = 0.0, 0.0
    for name in config.communities:
        for rule in config.effective_rules(name).values():
            for trigger in rule.triggers:
                burst = trigger.burst
                if burst is None:
                    continue
                within = burst.within.total_seconds()
                # count - 1 messages may fall in any window: a little more than within / that.
                gap = max(gap, within / (burst.count - 1) * 1.1)
                window = max(window, within)
    return gap, window


def benign(rng: random.Random) -> str:
    """Return an everyday message (400 combinations, so no member repeats one in a minute)."""
    return f"{rng.choice(_OPENERS)} {rng.choice(_TOPICS)}"


async def check_texts(config_text: str, registry: Registry, env: dict[str, str]) -> None:
    """Fail early unless every violating sample fires and no benign combination does."""
    config = load_config_text(config_text, registry, file="bench.yaml", env=env)
    community = next(iter(config.communities))
    engine = build_engine(config, registry, build_services(config))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    samples = [(text, True) for text in VIOLATING]
    samples += [(f"{o} {t}", False) for o in _OPENERS for t in _TOPICS]
    wrong = []
    for i, (text, bad) in enumerate(samples):
        event = MessageCreated(
            community=community,
            room="!check:localhost",
            ts=start + timedelta(minutes=i),
            member=Member(id=f"@check{i}:localhost"),
            message_id=f"check{i}",
            text=text,
        )
        plan = await engine.handle(event)
        if bool(plan.hits) != bad:
            wrong.append(text)
    if wrong:
        raise SystemExit(f"samples not classified as intended by the example config: {wrong}")


@dataclass
class Setup:
    """The accounts and rooms of the bench."""

    bot: Account
    owner: Client
    observer: Account
    watcher: Client  # the observer's account over plain HTTP: it is in every room
    canary: Client
    members: list[tuple[Client, str]]  # (client, room id)
    rooms: list[str]
    management: str
    insults: Counter[int] = field(default_factory=Counter)  # per member index
    owed: int = 0  # violations due but not yet sent


async def _bounded(limit: int, jobs: list[Any]) -> list[Any]:
    gate = asyncio.Semaphore(limit)

    async def one(job: Any) -> Any:
        async with gate:
            return await job

    return await asyncio.gather(*(one(job) for job in jobs))


async def build(synapse: LocalSynapse, http: aiohttp.ClientSession, count: int) -> Setup:
    """Register the accounts, create the rooms (bot at 100) and join the members."""
    register = synapse.register
    bot = register("vigie", admin=True)
    mod, observer, canary = register("moderateur"), register("observer"), register("canary")
    accounts = await _bounded(
        SETUP_CONCURRENCY,
        [asyncio.to_thread(register, f"member{i:05d}") for i in range(count)],
    )
    owner = Client(http, synapse.url, mod)
    management = await owner.create_room(
        MANAGEMENT, "Modération", [bot.user_id], {bot.user_id: 100}
    )
    groups = [accounts[i : i + ROOM_SIZE] for i in range(0, count, ROOM_SIZE)]
    rooms = []
    for k, group in enumerate(groups):
        invite = [bot.user_id, observer.user_id, canary.user_id, *(a.user_id for a in group)]
        rooms.append(await owner.create_room(f"bench{k}", f"Bench {k}", invite, {bot.user_id: 100}))
    members = [
        (Client(http, synapse.url, account), rooms[k])
        for k, group in enumerate(groups)
        for account in group
    ]
    watcher = Client(http, synapse.url, observer)
    canary_client = Client(http, synapse.url, canary)
    joins = [client.join(room) for client, room in members]
    joins += [watcher.join(room) for room in rooms] + [canary_client.join(rooms[0])]
    await _bounded(SETUP_CONCURRENCY, joins)
    return Setup(bot, owner, observer, watcher, canary_client, members, rooms, management)


class Observer:
    """A matrix-nio client that notes when each message and each redaction reaches it."""

    def __init__(self, url: str, account: Account) -> None:
        self.client = AsyncClient(url, account.user_id)
        self.client.access_token = account.access_token
        self.client.user_id = account.user_id
        self.origin: dict[str, int] = {}  # event id -> origin_server_ts (ms)
        self.received: dict[str, float] = {}  # event id -> wall time the message reached us (s)
        self.redacted: dict[str, list[float]] = {}  # event id -> wall times seen (s)
        self.gaps = 0
        self._stop = asyncio.Event()
        self.changed = asyncio.Event()
        self.client.add_event_callback(self._on_event, (RoomMessageText, RedactionEvent))
        self.client.add_response_callback(self._on_sync, SyncResponse)

    async def _on_event(self, _room: object, event: RoomMessageText | RedactionEvent) -> None:
        if isinstance(event, RedactionEvent):
            self.redacted.setdefault(event.redacts, []).append(time.time())
            self.changed.set()
        else:
            self.origin[event.event_id] = event.server_timestamp
            self.received[event.event_id] = time.time()

    async def _on_sync(self, response: SyncResponse) -> None:
        self.gaps += sum(info.timeline.limited for info in response.rooms.join.values())

    async def first_sync(self) -> None:
        """Catch up with everything before the bench starts."""
        await self.client.sync(timeout=0, sync_filter=_FILTER, full_state=True)
        self.gaps = 0

    async def run(self) -> None:
        """Sync until stopped."""
        while not self._stop.is_set():
            await self.client.sync(timeout=500, sync_filter=_FILTER)

    def stop(self) -> None:
        """Stop after the current sync."""
        self._stop.set()


_FILTER = {
    "room": {
        "timeline": {"limit": 1000},
        "state": {"lazy_load_members": True},
        "ephemeral": {"types": []},
        "account_data": {"types": []},
    },
    "presence": {"types": []},
    "account_data": {"types": []},
}


@dataclass
class Sent:
    """What the senders did in one rate."""

    violating: dict[str, str] = field(default_factory=dict)  # event id -> room
    benign: set[str] = field(default_factory=set)
    failed: int = 0
    not_sent: int = 0  # still unsent at the deadline: the server could not keep the rate
    lag: list[float] = field(default_factory=list)  # dispatch lateness vs schedule (s)
    elapsed: float = 0.0


async def send_at_rate(
    setup: Setup, rate: int, seconds: float, offset: int, in_flight: int
) -> Sent:
    """Post rate*seconds messages on a fixed schedule, each in its own task (no burst).

    At most `in_flight` sends wait for the server at once; when it falls behind, dispatch
    waits too (the lag is reported), and nothing is dispatched after 2 * seconds + 10 s.
    """
    total = int(rate * seconds)
    gate = asyncio.Semaphore(in_flight)
    rng = random.Random(rate)
    members = setup.members
    sent = Sent()
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.5
    stop_at = start + 2 * seconds + 10
    tasks: set[asyncio.Task[None]] = set()

    async def post(client: Client, room: str, text: str, *, bad: bool) -> None:
        try:
            event_id = await client.send(room, text)
        except (SynapseError, aiohttp.ClientError, TimeoutError):
            sent.failed += 1
            return
        finally:
            gate.release()
        if bad:
            sent.violating[event_id] = room
        else:
            sent.benign.add(event_id)

    for i in range(total):
        due = start + i / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        await gate.acquire()
        if loop.time() > stop_at:
            gate.release()
            sent.not_sent = total - i
            break
        sent.lag.append(max(0.0, loop.time() - due))
        member = (offset + i) % len(members)
        setup.owed += i % VIOLATION_EVERY == 0
        # hate-harassment escalates to a timeout at 3 within 7 days: 2 insults per member at most
        bad = setup.owed > 0 and setup.insults[member] < MAX_INSULTS
        if bad:
            setup.owed -= 1
            setup.insults[member] += 1
        client, room = members[member]
        text = rng.choice(VIOLATING) if bad else benign(rng)
        task = asyncio.create_task(post(client, room, text, bad=bad))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    await asyncio.gather(*tasks)
    sent.elapsed = loop.time() - start
    return sent


async def wait_redacted(observer: Observer, ids: set[str], within: float) -> None:
    """Return when the observer has seen every redaction, or after `within` seconds."""
    deadline = time.monotonic() + within
    while not ids <= observer.redacted.keys():
        left = deadline - time.monotonic()
        if left <= 0:
            return
        observer.changed.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(observer.changed.wait(), left)


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

    await _bounded(SETUP_CONCURRENCY, [one(e, r) for e, r in sent.violating.items()])
    return origin, redaction


async def cases_per_message(url: str, community: str) -> Counter[str]:
    """Count Vigie's (non dry-run) cases per message id, read from its SQLite file."""
    storage = await Storage.open(url, migrate=False)
    try:
        found = await storage.list_cases(community, limit=10_000_000)
    finally:
        await storage.close()
    return Counter(c.message_id for c in found if c.message_id and not c.dry_run)


_DELETED = re.compile(
    r"deleted (\S+): ([\d.]+) ms in the executor \(journal ([\d.]+) ms, deletion ([\d.]+) ms\),"
    r" ([\d.]+) ms after it was posted"
)


def vigie_times(log: Path, ids: set[str]) -> dict[str, list[float]]:
    """Return Vigie's own figures for these messages, read from its log (ms).

    `executor`: from the plan to Synapse's answer to the redaction; `journal`: the part
    spent journaling (fsync included); `deletion`: the redaction request; `origin`: from the
    message's origin timestamp to that answer (Synapse's delivery to Vigie included).
    """
    found: dict[str, list[float]] = {"executor": [], "journal": [], "deletion": [], "origin": []}
    for match in _DELETED.finditer(log.read_text(errors="replace")):
        if match.group(1) in ids:
            for name, value in zip(found, match.groups()[1:], strict=True):
                found[name].append(float(value))
    return found


def _pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, math.ceil(p * len(ordered)) - 1)], 1)


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
    load_before = _load()
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
        "schedule_lag_p50_ms": _pct([x * 1000 for x in sent.lag], 0.50),
        "schedule_lag_p99_ms": _pct([x * 1000 for x in sent.lag], 0.99),
        "violations_sent": violating,
        "redacted": len(redaction),
        "missed": violating - len(redaction),
        "seen_by_observer": len(seen_ms),
        "p50_ms": _pct(seen_ms, 0.50),
        "p99_ms": _pct(seen_ms, 0.99),
        "max_ms": _pct(seen_ms, 1.0),
        "mean_ms": round(statistics.fmean(seen_ms), 1) if seen_ms else None,
        "server_p50_ms": _pct(server_ms, 0.50),
        "server_p99_ms": _pct(server_ms, 0.99),
        "message_delivery_p50_ms": _pct(delivery_ms, 0.50),
        "message_delivery_p99_ms": _pct(delivery_ms, 0.99),
        **{
            f"vigie_{name}_p{p}_ms": _pct(values, p / 100)
            for name, values in own.items()
            for p in (50, 99)
        },
        "redaction_delivery_p50_ms": _pct(redaction_delivery_ms, 0.50),
        "redaction_delivery_p99_ms": _pct(redaction_delivery_ms, 0.99),
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
        "loadavg_after": _load(),
    }


def start_vigie(
    config_path: Path, token: str, log_path: Path, *, verbose: bool
) -> subprocess.Popen[bytes]:
    """Run `vigie run` in its own process, as in production."""
    env = {**os.environ, "VIGIE_MATRIX_TOKEN": token}
    with log_path.open("wb") as log:
        return subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "bot.cli",
                *(["-v"] if verbose else []),
                "run",
                "--config",
                str(config_path),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


async def _bot_everywhere(setup: Setup) -> bool:
    for room in [*setup.rooms, setup.management]:
        path = f"/_matrix/client/v3/rooms/{quote(room, safe='')}/joined_members"
        if setup.bot.user_id not in (await setup.owner.call("GET", path))["joined"]:
            return False
    return True


async def wait_vigie_ready(setup: Setup, vigie: subprocess.Popen[bytes], within: float) -> None:
    """Wait until Vigie removes a canary insult: then it syncs, decides and acts."""
    deadline = time.monotonic() + within
    room = setup.rooms[0]
    event_id = None
    while time.monotonic() < deadline:
        if vigie.poll() is not None:
            raise SynapseError("vigie exited during start")
        if event_id is None:
            if await _bot_everywhere(setup):
                await asyncio.sleep(2.0)  # the bot's sync moves past its own join
                event_id = await setup.canary.send(room, VIOLATING[0])
        elif await setup.canary.redacted(room, event_id):
            return
        await asyncio.sleep(0.3)
    raise SynapseError("vigie did not act on the canary in time")


@dataclass
class Run:
    """What `run` must stop and remove, whatever happens."""

    data: Path
    synapse: LocalSynapse
    postgres: LocalPostgres | None = None
    vigie: subprocess.Popen[bytes] | None = None
    observer: Observer | None = None

    async def close(self) -> None:
        """Stop the observer, Vigie and Synapse; remove the files."""
        if self.observer is not None:
            await self.observer.client.close()
        if self.vigie is not None:
            self.vigie.send_signal(signal.SIGTERM)
            try:
                self.vigie.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.vigie.kill()
                self.vigie.wait(timeout=10)
        self.synapse.stop()
        if self.postgres is not None:
            self.postgres.stop()
        shutil.rmtree(self.data, ignore_errors=True)


async def bench(state: Run, http: aiohttp.ClientSession, args: argparse.Namespace) -> None:
    """Build the community, start Vigie and the observer, then measure each rate."""
    rates = [int(r) for r in args.rates.split(",")]
    registry = load_plugins()
    interval, window = flood_pacing(load_config(BUNDLED_CONFIG, registry, require_secrets=False))
    members = args.members or math.ceil(max(rates) * interval)
    began = time.monotonic()
    synapse, data = state.synapse, state.data
    setup = await build(synapse, http, members)
    text = _demo_config(synapse, setup.owner.account, data)
    env = {"VIGIE_MATRIX_TOKEN": setup.bot.access_token}
    await check_texts(text, registry, env)
    config = load_config_text(text, registry, file="bench.yaml", env=env)
    config_path = data / "vigie.yaml"
    config_path.write_text(text)
    setup_s = time.monotonic() - began
    state.vigie = start_vigie(
        config_path, setup.bot.access_token, data / "vigie.log", verbose=args.vigie_log is not None
    )
    await wait_vigie_ready(setup, state.vigie, 120.0)
    observer = state.observer = Observer(synapse.url, setup.observer)
    await observer.first_sync()
    syncing = asyncio.create_task(observer.run())
    _out(
        {
            "bench": "synapse_latency.setup",
            "members": members,
            "rooms": len(setup.rooms),
            "setup_s": round(setup_s, 1),
            "vigie": "separate process: vigie run, config/vigie.example.yaml",
            "synapse_database": "postgresql" if args.postgres else "sqlite",
            "loadavg": _load(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
        }
    )
    db = (config.model.storage, next(iter(config.communities)))
    processes = {"synapse": (synapse.pid, False), "vigie": (state.vigie.pid, False)}
    if state.postgres is not None:
        processes["postgres"] = (state.postgres.pid, True)
    # This process: the senders and the observer (Synapse and Vigie are its children).
    processes["bench_clients"] = (os.getpid(), False)
    offset = 0
    for k, rate in enumerate(rates):
        if k:
            await asyncio.sleep(window + 2)  # the burst windows empty
        figures = await measure(
            setup,
            observer,
            rate=rate,
            seconds=args.seconds,
            offset=offset,
            in_flight=args.in_flight,
            db=db,
            log=data / "vigie.log",
            processes=processes,
        )
        _out(figures)
        offset += int(rate * args.seconds)
    observer.stop()
    await asyncio.wait_for(syncing, 10)


async def run(args: argparse.Namespace) -> None:
    """Run the bench and clean up, whatever happens."""
    data = Path(tempfile.mkdtemp(prefix="vigie-bench-latency-"))
    state = Run(data, LocalSynapse(data / "synapse"))
    try:
        if args.postgres:
            state.postgres = LocalPostgres()
            state.postgres.start()
            state.synapse.settings = {**TUNED, "database": state.postgres.synapse_database()}
        state.synapse.start()
        connector = aiohttp.TCPConnector(limit=args.connections)
        async with aiohttp.ClientSession(connector=connector) as http:
            await bench(state, http, args)
    except BaseException:
        log = data / "vigie.log"
        if log.exists():
            sys.stderr.write(log.read_text(errors="replace")[-3000:])
        raise
    finally:
        if args.vigie_log and (data / "vigie.log").exists():
            shutil.copy(data / "vigie.log", args.vigie_log)
        await state.close()


def main() -> None:
    """Parse arguments and run, bounded in time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="50,200,500")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--members", type=int, help="default: enough to stay under the flood rule")
    parser.add_argument("--connections", type=int, default=64, help="HTTP connections to Synapse")
    parser.add_argument("--in-flight", type=int, default=256, help="sends awaiting Synapse at most")
    parser.add_argument(
        "--postgres", action="store_true", help="Synapse on PostgreSQL (tuned) instead of SQLite"
    )
    parser.add_argument("--vigie-log", type=Path, help="keep Vigie's debug log there")
    parser.add_argument("--timeout", type=float, default=1500.0, help="give up after (s)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(asyncio.wait_for(run(args), args.timeout))


if __name__ == "__main__":
    main()
