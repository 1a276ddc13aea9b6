"""Prometheus instruments of one bot, in a registry of its own (never the global one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

if TYPE_CHECKING:
    from bot.actions import Plan
    from bot.executor import Outcome

#: Engine decisions take well under a millisecond to tens of milliseconds.
ENGINE_BUCKETS: Final = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
#: Acting means a database transaction and platform calls: milliseconds to seconds.
ACTION_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


@dataclass(frozen=True, slots=True)
class Metrics:
    """Count and time what the bot does; scrape `registry`."""

    registry: CollectorRegistry
    events: Counter
    skipped: Counter
    matches: Counter
    actions: Counter
    engine_seconds: Histogram
    action_seconds: Histogram
    in_flight: Gauge
    pending_actions: Gauge
    broadcasts: Counter

    @classmethod
    def create(cls, registry: CollectorRegistry | None = None) -> Metrics:
        """Make the instruments in `registry` (a fresh one by default)."""
        reg = registry if registry is not None else CollectorRegistry()
        return cls(
            registry=reg,
            events=Counter(
                "vigie_events_handled",
                "Events that went through the engine.",
                ["community", "kind"],
                registry=reg,
            ),
            skipped=Counter(
                "vigie_events_skipped",
                "Events left to another process that claimed them first.",
                ["community"],
                registry=reg,
            ),
            matches=Counter(
                "vigie_rule_matches",
                "Rules that fired, dry runs included.",
                ["community", "rule", "dry_run"],
                registry=reg,
            ),
            actions=Counter(
                "vigie_actions",
                "Platform calls by kind and outcome (done, pending, given_up).",
                ["kind", "outcome"],
                registry=reg,
            ),
            engine_seconds=Histogram(
                "vigie_engine_seconds",
                "Time the engine took to decide on one event.",
                buckets=ENGINE_BUCKETS,
                registry=reg,
            ),
            action_seconds=Histogram(
                "vigie_action_seconds",
                "Time the executor took to record and carry out one plan.",
                buckets=ACTION_BUCKETS,
                registry=reg,
            ),
            in_flight=Gauge(
                "vigie_events_in_flight",
                "Events being handled now: the depth of the handling queue.",
                registry=reg,
            ),
            pending_actions=Gauge(
                "vigie_pending_actions",
                "Platform calls waiting for a retry, as of the last scheduler pass.",
                registry=reg,
            ),
            broadcasts=Counter(
                "vigie_broadcasts",
                "Changes told to or heard from the other processes.",
                ["kind", "direction"],
                registry=reg,
            ),
        )

    def decided(self, plan: Plan, seconds: float) -> None:
        """Record one event the engine decided on, and the rules that fired."""
        event = plan.event
        self.events.labels(event.community, type(event).__name__).inc()
        self.engine_seconds.observe(seconds)
        for hit in plan.hits:
            self.matches.labels(event.community, hit.rule, "false").inc()
        for hit in plan.dry_hits:
            self.matches.labels(event.community, hit.rule, "true").inc()

    def acted(self, outcome: Outcome | None, seconds: float) -> None:
        """Record what the executor did with a plan."""
        self.action_seconds.observe(seconds)
        if outcome is None:
            return
        for status, kinds in (
            ("done", outcome.done),
            ("pending", outcome.pending),
            ("given_up", outcome.given_up),
        ):
            for kind in kinds:
                self.actions.labels(kind, status).inc()
