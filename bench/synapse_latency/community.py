"""Register the accounts, create the rooms the way the demo does and join the members."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bot.adapters.matrix.demo import MANAGEMENT, Client
from bot.adapters.matrix.localsynapse import Account, LocalSynapse

ROOM_SIZE = 50
SETUP_CONCURRENCY = 6


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


async def bounded(limit: int, jobs: list[Any]) -> list[Any]:
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
    accounts = await bounded(
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
    await bounded(SETUP_CONCURRENCY, joins)
    return Setup(bot, owner, observer, watcher, canary_client, members, rooms, management)
