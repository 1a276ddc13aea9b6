"""`make run`: a real local Synapse, a community on it, Vigie moderating the demo traffic.

Starts Synapse on 127.0.0.1 (SQLite, from this virtualenv), registers the bot, a moderator
and the demo members, builds the rooms of `config/demo/events.jsonl` with a management room,
runs Vigie with the rules of `config/vigie.example.yaml`, replays the demo as real messages,
prints what was moderated, then stays up so anyone can look with a Matrix client.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import shutil
import signal
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.adapters.matrix.localsynapse import SERVER_NAME, Account, LocalSynapse, SynapseError
from bot.config import BUNDLED_CONFIG, ROOT, load_config_text
from bot.registry import load_plugins
from bot.runner import live

DEMO_EVENTS = ROOT / "config" / "demo" / "events.jsonl"
DEMO_DOMAIN = "example.org"
MANAGEMENT = "moderation"
_SETTLE_SECONDS = 4.0


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _local(matrix_id: str) -> str:
    """Move an ID of the demo (example.org) onto the local server."""
    return matrix_id.replace(f":{DEMO_DOMAIN}", f":{SERVER_NAME}")


class Client:
    """Just enough of the client API to build the demo as its members would."""

    def __init__(self, session: aiohttp.ClientSession, base: str, account: Account) -> None:
        self._session = session
        self._base = base
        self.account = account

    async def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """Call the API and return its JSON, failing loudly on an error."""
        headers = {"Authorization": f"Bearer {self.account.access_token}"}
        async with self._session.request(
            method, self._base + path, json=body, headers=headers
        ) as answer:
            data = await answer.json(content_type=None)
            if answer.status >= 400:
                raise SynapseError(f"{method} {path}: {answer.status} {data}")
            return data

    async def create_room(
        self, alias: str, name: str, invite: list[str], levels: dict[str, int]
    ) -> str:
        """Create a private room with an alias, the given invites and power levels."""
        body = {
            "name": name,
            "room_alias_name": alias,
            "preset": "private_chat",
            "invite": invite,
            "power_level_content_override": {"users": levels},
        }
        return str((await self.call("POST", "/_matrix/client/v3/createRoom", body))["room_id"])

    async def join(self, room: str) -> None:
        """Join a room by ID or alias."""
        await self.call("POST", f"/_matrix/client/v3/join/{quote(room, safe='')}", {})

    async def send(self, room_id: str, text: str) -> str:
        """Post a text message and return its ID."""
        path = f"/_matrix/client/v3/rooms/{quote(room_id, safe='')}/send/m.room.message/"
        body = {"msgtype": "m.text", "body": text}
        return str((await self.call("PUT", path + uuid.uuid4().hex, body))["event_id"])

    async def redacted(self, room_id: str, event_id: str) -> bool:
        """Tell whether an event was redacted."""
        path = f"/_matrix/client/v3/rooms/{quote(room_id, safe='')}/event/{quote(event_id)}"
        event = await self.call("GET", path)
        return "redacted_because" in event.get("unsigned", {})


def _read_demo(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _demo_config(synapse: LocalSynapse, mod: Account, data: Path) -> str:
    """Return the bundled example config, pointed at the local server and a fresh database."""
    text = BUNDLED_CONFIG.read_text()
    text = text.replace("https://matrix.example.org", synapse.url)
    text = text.replace("sqlite:///vigie.db", f"sqlite:///{data / 'vigie.db'}")
    text = text.replace(f"@admin:{DEMO_DOMAIN}", mod.user_id)
    return text.replace(DEMO_DOMAIN, SERVER_NAME)


async def _build(
    synapse: LocalSynapse, session: aiohttp.ClientSession, events: list[dict[str, Any]]
) -> tuple[Account, Account, dict[str, Client], dict[str, str], str]:
    bot = synapse.register("vigie", admin=True)
    mod = synapse.register("moderateur")
    users = sorted({_local(e["user"]) for e in events})
    levels = {bot.user_id: 100}
    members: dict[str, Client] = {}
    for user_id in users:
        account = synapse.register(user_id[1:].split(":", 1)[0])
        members[user_id] = Client(session, synapse.url, account)
    for event in events:
        if event.get("power_level"):
            levels[_local(event["user"])] = int(event["power_level"])
    owner = Client(session, synapse.url, mod)
    management = await owner.create_room(
        MANAGEMENT, "Modération", [bot.user_id], {bot.user_id: 100}
    )
    rooms: dict[str, str] = {}
    for alias in sorted({_local(e["room"]) for e in events}):
        localpart = alias[1:].split(":", 1)[0]
        invite = [bot.user_id, *users]
        rooms[alias] = await owner.create_room(localpart, localpart.capitalize(), invite, levels)
    return bot, mod, members, rooms, management


async def _replay(
    events: list[dict[str, Any]], members: dict[str, Client], rooms: dict[str, str]
) -> list[tuple[str, str, str, str]]:
    """Play the demo as real traffic; return (room, user, text, event ID) per message."""
    sent = []
    joined: set[tuple[str, str]] = set()
    for event in events:
        user, room = _local(event["user"]), _local(event["room"])
        client = members[user]
        if event["type"] == "join" or (user, room) not in joined:
            await client.join(rooms[room])
            joined.add((user, room))
        if event["type"] == "message":
            event_id = await client.send(rooms[room], event["text"])
            sent.append((room, user, event["text"], event_id))
        await asyncio.sleep(0.05)  # members type; the order of the demo is kept
    return sent


async def run_demo(*, stay: bool) -> int:
    """Run the whole demo; return the exit code."""
    why = LocalSynapse.missing()
    if why:
        _out(f"cannot run the Matrix demo: {why}")
        return 1
    events = _read_demo(DEMO_EVENTS)
    data = Path(tempfile.mkdtemp(prefix="vigie-demo-"))
    registry = load_plugins()
    _out("Starting a local Synapse (loopback only, SQLite)...")
    synapse = LocalSynapse(data / "synapse")
    synapse.start()
    try:
        async with aiohttp.ClientSession() as session:
            bot, mod, members, rooms, management = await _build(synapse, session, events)
            env = {"VIGIE_MATRIX_TOKEN": bot.access_token}
            config = load_config_text(
                _demo_config(synapse, mod, data), registry, file="demo.yaml", env=env
            )
            async with live(config, registry, logger=logging.getLogger("vigie")) as running:
                await running.adapter.ready.wait()
                _out(f"Vigie is moderating {', '.join(rooms)}; replaying {DEMO_EVENTS.name}\n")
                sent = await _replay(events, members, rooms)
                await asyncio.sleep(_SETTLE_SECONDS)
                await _narrate(sent, members, rooms)
                cases = await running.storage.list_cases(next(iter(config.communities)))
                _out(
                    f"\n{len(cases)} case(s) recorded; reports are in #{MANAGEMENT}:{SERVER_NAME}."
                )
                _logins(synapse, mod, members, rooms, management)
                if stay:
                    await _until_interrupted()
    finally:
        synapse.stop()
        shutil.rmtree(data, ignore_errors=True)
    return 0


async def _narrate(
    sent: list[tuple[str, str, str, str]], members: dict[str, Client], rooms: dict[str, str]
) -> None:
    for room, user, text, event_id in sent:
        gone = await members[user].redacted(rooms[room], event_id) if user in members else False
        mark = "DELETED" if gone else "ok     "
        _out(f"  {mark} [{room}] {user}: {text[:70]}")


def _logins(
    synapse: LocalSynapse,
    mod: Account,
    members: dict[str, Client],
    rooms: dict[str, str],
    management: str,
) -> None:
    _out(f"\nHomeserver: {synapse.url}  (any Matrix client; Element: 'Edit' the homeserver)")
    _out(f"Moderator:  {mod.localpart} / {mod.password}  (management room {management})")
    for client in members.values():
        _out(f"Member:     {client.account.localpart} / {client.account.password}")
    _out(f"Rooms:      {', '.join(rooms)}")


async def _until_interrupted() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    _out("\nVigie and Synapse keep running; Ctrl-C stops both and deletes the demo data.")
    await stop.wait()


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run the demo."""
    parser = argparse.ArgumentParser(prog="python -m bot.adapters.matrix.demo", description=__doc__)
    parser.add_argument("--exit", action="store_true", help="stop after the narration")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(run_demo(stay=not args.exit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
