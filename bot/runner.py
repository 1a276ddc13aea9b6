"""The live run: config with secrets, storage, the bot, the platform adapter and the ticker."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from bot.adapters.base import Adapter, PlatformError
from bot.adapters.factory import build_adapter
from bot.app import Bot, open_bot
from bot.clock import SystemClock
from bot.cluster.node import joined
from bot.config import Config, ConfigError, Problem, load_config
from bot.observability.logs import use_format
from bot.observability.metrics import Metrics
from bot.observability.redaction import secrets_of
from bot.observability.wiring import metrics_endpoint, sample_pending
from bot.registry import Registry
from bot.storage import Storage, StorageError

#: Seconds between two passes of the scheduler (retries of pending calls, expiries).
TICK_SECONDS = 2.0
EXIT_FAILED = 1


@dataclass(slots=True)
class Live:
    """A running Vigie: its bot, its adapter and the tasks that drive them."""

    bot: Bot
    adapter: Adapter
    storage: Storage
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def wait(self, stop: asyncio.Event) -> None:
        """Return when `stop` is set or a task ends (a fatal error ends the adapter's task)."""
        stopper = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait([stopper, *self.tasks], return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopper.cancel()
        for task in self.tasks:
            if task.done() and not task.cancelled():
                error = task.exception()
                if error is not None:
                    raise error


def _one_platform(config: Config) -> str:
    """Return the one platform this process runs (one adapter per process)."""
    platforms = sorted({c.platform for c in config.communities.values()})
    problems = []
    if len(platforms) > 1:
        problems.append(
            Problem.at(
                config.source,
                ("communities",),
                f"one process runs one platform, not {platforms}: split the config in two",
            )
        )
    elif getattr(config.model.platforms, platforms[0]) is None:
        problems.append(
            Problem.at(config.source, ("platforms", platforms[0]), "a live run needs it")
        )
    if problems:
        raise ConfigError(problems)
    return platforms[0]


async def _tick(
    bot: Bot, log: logging.Logger, every: float, storage: Storage, ready: asyncio.Event
) -> None:
    """Resume what a previous run left once connected, then retry due calls forever.

    Each pass also lifts expired sanctions. It runs alongside event handling: a call the
    executor is still making is leased to that attempt (bot.executor.retry.IN_FLIGHT_LEASE),
    so a pass never makes it a second time.
    """
    await ready.wait()
    first = True
    while True:
        if not first:
            await asyncio.sleep(every)
        first = False
        try:
            await _tick_once(bot)
            if bot.metrics is not None:
                await sample_pending(bot.metrics, storage)
        except StorageError as err:
            # The database is away for a moment: the calls stay pending, try at the next tick.
            log.warning("scheduler pass failed: %s", err)


async def _tick_once(bot: Bot) -> None:
    tick = getattr(bot, "tick", None)
    if tick is not None:
        await tick()
    else:
        await bot.executor.run_due()


@asynccontextmanager
async def live(
    config: Config,
    registry: Registry,
    *,
    logger: logging.Logger | None = None,
    tick_seconds: float = TICK_SECONDS,
    metrics: Metrics | None = None,
    **options: Any,
) -> AsyncIterator[Live]:
    """Start Vigie on its platform and stop it cleanly; `options` go to the adapter."""
    platform = _one_platform(config)
    log = logger or logging.getLogger("vigie")
    clock = SystemClock()
    # The adapter keeps its sync token and small values in the same database as the cases.
    storage = await Storage.open(config.model.storage)
    try:
        adapter = build_adapter(
            platform, config, storage, registry=registry, clock=clock, logger=log, **options
        )
    except BaseException:
        await storage.close()  # a refused config must not leave the database open
        raise
    try:
        async with (
            open_bot(config, registry, adapter, clock=clock, logger=log, resume=False) as bot,
            joined(config, bot, adapter, logger=log) as node,
        ):
            # Commands that change the config are told to the other processes (bot.cluster).
            adapter.router = node.router
            bot.metrics = metrics
            # Live: an event is done once its message is deleted; the rest follows (journaled).
            bot.executor.background = True
            bot.settle = True
            running = Live(bot, adapter, storage)
            running.tasks = [
                asyncio.create_task(adapter.start(bot.sink), name=f"vigie-{platform}"),
                asyncio.create_task(
                    _tick(bot, log, tick_seconds, storage, adapter.ready), name="vigie-tick"
                ),
            ]
            try:
                yield running
            finally:
                await adapter.stop()
                sync, ticker = running.tasks
                ticker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await ticker
                with contextlib.suppress(asyncio.CancelledError, PlatformError):
                    await sync
    finally:
        await adapter.close()
        await storage.close()


async def run(args: argparse.Namespace, registry: Registry) -> int:
    """Run Vigie until SIGINT or SIGTERM."""
    config = load_config(args.config, registry)
    log = logging.getLogger("vigie")
    if not log.isEnabledFor(logging.INFO):
        # A live run says what it does; -v adds the debug details.
        log.setLevel(logging.INFO)
    secrets = secrets_of(config.model, [config.model.storage, config.model.state])
    use_format(getattr(args, "log_format", None) or config.model.logs.format, secrets=secrets)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        with metrics_endpoint(config, log) as metrics:
            async with live(config, registry, logger=log, metrics=metrics) as running:
                log.info("Vigie is running on %s; Ctrl-C stops it", running.adapter.platform)
                await running.wait(stop)
    except PlatformError as err:
        log.error("Vigie stopped: %s", err)  # noqa: TRY400 - the reason is the message
        return EXIT_FAILED
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    return 0
