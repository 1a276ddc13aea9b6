"""Assemble Vigie from its parts: config, plugins, state, engine, storage, executor, adapter."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bot import heap
from bot.actions import Plan
from bot.adapters.base import Adapter
from bot.clock import Clock, ManualClock
from bot.cluster.claims import Claims, event_key
from bot.compiler import RuleCompiler
from bot.config import Config, load_config
from bot.engine import Engine
from bot.events import Event
from bot.executor import Executor, Outcome
from bot.moderation import switches
from bot.moderation.expiry import lift_due
from bot.moderation.router import CommandRouter
from bot.observability.metrics import Metrics
from bot.registry import Registry, Services
from bot.state import MemoryState, StateStore
from bot.state_factory import close_state, open_state
from bot.storage import Storage
from bot.text import normalize


def build_services(
    config: Config,
    *,
    state: StateStore | None = None,
    clock: Clock | None = None,
    logger: logging.Logger | None = None,
) -> Services:
    """Gather what plugins are given: state, clock, logger and where packs live."""
    return Services(
        state=state or MemoryState(),
        clock=clock or ManualClock(),
        logger=logger or logging.getLogger("vigie"),
        packs_dir=config.packs_dir,
        examples_dir=config.examples_dir,
        cache_dir=config.cache_dir,
    )


def build_engine(config: Config, registry: Registry, services: Services) -> Engine:
    """Build an engine for a config; the same one serves live runs, replay and tests."""
    compiler = RuleCompiler(registry, services)
    observers = [factory(services) for factory in registry.observers.values()]
    return Engine(
        config,
        compiler,
        state=services.state,
        normalize=normalize,
        logger=services.logger,
        observers=observers,
    )


@dataclass(slots=True)
class Bot:
    """Route each event through the engine and the executor; commands through the router."""

    engine: Engine
    executor: Executor
    clock: Clock
    router: CommandRouter | None = None
    #: Shared with the other processes of a deployment (bot.cluster.node); None when alone.
    claims: Claims | None = None
    claim_ttl: timedelta = timedelta(minutes=10)
    metrics: Metrics | None = None
    #: Settle the heap after the first event (bot.heap); set by live runs, whose first
    #: event also builds what the packs build lazily.
    settle: bool = False
    #: What settling does: bot.heap.settle, unless a caller passes its own.
    settle_heap: Callable[[], None] = heap.settle

    async def handle(self, event: Event) -> tuple[Plan, Outcome | None]:
        """Decide on an event and carry the decision out."""
        if self.claims is not None and not await self.claims.claim(
            event_key(event), self.claim_ttl
        ):
            # Another process took this event (overlapping shares, a redelivery): it acts.
            if self.metrics is not None:
                self.metrics.skipped.labels(event.community).inc()
            return Plan(event=event), None
        if self.metrics is None:
            return await self._handle(event)
        self.metrics.in_flight.inc()
        try:
            return await self._handle(event)
        finally:
            self.metrics.in_flight.dec()

    async def _handle(self, event: Event) -> tuple[Plan, Outcome | None]:
        if isinstance(self.clock, ManualClock):
            self.clock.set(event.ts)
        started = time.perf_counter()
        plan = await self.engine.handle(event)
        decided = time.perf_counter()
        if self.metrics is not None:
            self.metrics.decided(plan, decided - started)
        outcome = None
        if plan.hits or plan.dry_hits:
            outcome = await self.executor.execute(plan)
            if self.metrics is not None:
                self.metrics.acted(outcome, time.perf_counter() - decided)
        if self.router is not None:
            # Platform bans become cases; native user reports are filed (docs/moderation.md).
            await self.router.observe(event)
        return plan, outcome

    async def tick(self) -> int:
        """Retry due platform calls and lift due sanctions; call it every few seconds."""
        return await self.executor.run_due() + await lift_due(self.executor)

    async def sink(self, event: Event) -> None:
        """Take an event from an adapter."""
        await self.handle(event)
        if self.settle:
            self.settle = False
            self.settle_heap()


@asynccontextmanager
async def open_bot(
    config: Config,
    registry: Registry,
    adapter: Adapter,
    *,
    storage_url: str | None = None,
    clock: Clock | None = None,
    logger: logging.Logger | None = None,
    resume: bool = True,
) -> AsyncIterator[Bot]:
    """Open storage (migrating it) and state, build the engine and executor; close all at end.

    With `resume`, work a previous run left in hand is taken up at once; a live run passes
    False and does it once its adapter is connected (calls made before would fail).
    """
    clock = clock or ManualClock()
    log = logger or logging.getLogger("vigie")
    storage = await Storage.open(storage_url or config.model.storage)
    state: StateStore | None = None
    executor: Executor | None = None
    try:
        state = await open_state(config.model.state)
        services = build_services(config, state=state, clock=clock, logger=log)
        engine = build_engine(config, registry, services)
        effects = {name: factory(services) for name, factory in registry.effects.items()}
        base = config
        # Rule switches made from chat (`rules disable x`) outlive restarts.
        config = await switches.switched(config, storage)
        engine.swap(config, RuleCompiler(registry, services))
        executor = Executor(config, storage, adapter, effects=effects, clock=clock, logger=log)
        router = CommandRouter(
            engine=engine,
            executor=executor,
            registry=registry,
            services=services,
            loader=_loader(base, registry),
            base_config=base,
            logger=log,
        )
        bot = Bot(engine, executor, clock, router)
        if resume:
            await bot.tick()
        yield bot
    finally:
        try:
            if executor is not None:
                # Background work finishes (or stays in the journal) before storage closes.
                await executor.close()
        finally:
            try:
                await storage.close()
            finally:
                if state is not None:
                    await close_state(state)


def _loader(config: Config, registry: Registry) -> Callable[[], Config] | None:
    """Return how `reload` re-reads the config, when it came from a file."""
    source = Path(config.source.file)
    if not source.is_file():
        return None
    return lambda: load_config(source, registry)


async def replay(bot: Bot, events: Iterable[Event]) -> list[tuple[Plan, Outcome | None]]:
    """Feed events through the bot in order and return what it decided and did."""
    return [await bot.handle(event) for event in events]
