"""The senders: members post at a steady total rate, paced under the config's burst rules."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field

import aiohttp

from bench.synapse_latency.community import Setup
from bench.synapse_latency.texts import VIOLATING, benign
from bot.adapters.matrix.demo import Client
from bot.adapters.matrix.localsynapse import SynapseError
from bot.config import Config

VIOLATION_EVERY = 20  # 5%
MAX_INSULTS = 2


def flood_pacing(config: Config) -> tuple[float, float]:
    """Return a member's pause that stays under every burst rule, and the longest window."""
    gap, window = 0.0, 0.0
    for name in config.communities:
        for rule in config.effective_rules(name).values():
            for trigger in rule.triggers:
                burst = getattr(trigger, "burst", None)  # a trigger's options, by its type
                if burst is None:
                    continue
                within = burst.within.total_seconds()
                # count - 1 messages may fall in any window: a little more than within / that.
                gap = max(gap, within / (burst.count - 1) * 1.1)
                window = max(window, within)
    return gap, window


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
        text = rng.choice(VIOLATING) if bad else benign(rng, offset + i)
        task = asyncio.create_task(post(client, room, text, bad=bad))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    await asyncio.gather(*tasks)
    sent.elapsed = loop.time() - start
    return sent
