"""Wire the bench: start the servers and Vigie, build the community, measure each rate."""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from bench import host, synapse_latency
from bench.synapse_latency.community import build
from bench.synapse_latency.measure import measure
from bench.synapse_latency.observer import Observer
from bench.synapse_latency.report import out
from bench.synapse_latency.sender import flood_pacing
from bench.synapse_latency.texts import check_texts
from bench.synapse_latency.vigie import start_vigie, wait_vigie_ready
from bot.adapters.matrix.demo import _demo_config
from bot.adapters.matrix.localsynapse import LocalSynapse
from bot.config import BUNDLED_CONFIG, load_config, load_config_text
from bot.localservers.postgres import LocalPostgres
from bot.registry import load_plugins

# With --postgres: larger caches than the defaults, as Synapse's tuning advice suggests for
# a busy server (its whole working set fits in memory here).
TUNED: dict[str, Any] = {"caches": {"global_factor": 4.0}, "event_cache_size": "50K"}


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
    out(
        {
            "bench": "synapse_latency.setup",
            "members": members,
            "rooms": len(setup.rooms),
            "setup_s": round(setup_s, 1),
            "vigie": "separate process: vigie run, config/vigie.example.yaml",
            "synapse_database": "postgresql" if args.postgres else "sqlite",
            **host.describe(),
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
        out(figures)
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
    parser = argparse.ArgumentParser(
        prog="python -m bench.synapse_latency",
        description=(synapse_latency.__doc__ or "").splitlines()[0],
    )
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
