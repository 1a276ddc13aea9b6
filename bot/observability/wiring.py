"""Start and stop what a live run observes itself with: metrics and their endpoint."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from bot.config import Config
from bot.observability.metrics import Metrics
from bot.observability.server import serve_metrics
from bot.storage import Storage


@contextmanager
def metrics_endpoint(config: Config, logger: logging.Logger) -> Iterator[Metrics | None]:
    """Serve fresh metrics on the configured port while the block runs; None when off."""
    settings = config.model.metrics
    if settings.port is None:
        yield None
        return
    metrics = Metrics.create()
    server = serve_metrics(metrics.registry, host=settings.host, port=settings.port)
    logger.info("metrics at http://%s:%d/metrics", settings.host, server.port)
    try:
        yield metrics
    finally:
        server.stop()


async def sample_pending(metrics: Metrics, storage: Storage) -> None:
    """Set the gauge of platform calls waiting for a retry (the scheduler's queue)."""
    metrics.pending_actions.set(len(await storage.pending_actions(None)))
