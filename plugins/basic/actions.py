"""The core actions: delete, warn, timeout, kick, ban and report."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field, field_validator

from bot.actions import Ban, Delete, Kick, Report, Timeout, Warn
from bot.durations import Duration
from bot.registry import NoOptions, Options, Registry

#: Discord's own ceiling for a timeout; Matrix mutes have none but a month is plenty.
MAX_TIMEOUT = timedelta(days=28)


class WarnOptions(Options):
    """Warn the member, with an optional message."""

    shorthand = "reason"
    reason: str | None = Field(default=None, description="Said to the member.")


class TimeoutOptions(Options):
    """Mute the member for a while."""

    shorthand = "duration"
    duration: Duration = Field(description="Such as 10m, 1h, 1d (at most 28d).")
    reason: str | None = None

    @field_validator("duration")
    @classmethod
    def _bounded(cls, value: timedelta) -> timedelta:
        if not timedelta(0) < value <= MAX_TIMEOUT:
            raise ValueError("a timeout lasts more than 0s and at most 28d")
        return value


class KickOptions(Options):
    """Remove the member from the community."""

    shorthand = "reason"
    reason: str | None = None


class BanOptions(Options):
    """Ban the member, for a while or for good."""

    shorthand = "duration"
    duration: Duration | None = Field(default=None, description="Unset: permanent.")
    clean: Duration | None = Field(default=None, description="Delete their messages this old.")
    reason: str | None = None


class ReportOptions(Options):
    """Report to the mod channel, pinging `on_call` or a given role/user."""

    shorthand = "ping"
    ping: str | list[str] | None = Field(
        default=None, description="'on_call', a role, or a user to ping."
    )


def register_actions(registry: Registry) -> None:
    """Register the core actions."""
    registry.add_action(
        "delete", NoOptions, lambda _o: Delete(), "Delete the message.", frozenset({"delete"})
    )
    registry.add_action(
        "warn",
        WarnOptions,
        lambda o: Warn(reason=o.reason),
        "Warn the member.",
        frozenset({"warn"}),
    )
    registry.add_action(
        "timeout",
        TimeoutOptions,
        lambda o: Timeout(duration=o.duration, reason=o.reason),
        "Mute the member for a duration.",
        frozenset({"timeout"}),
    )
    registry.add_action(
        "kick", KickOptions, lambda o: Kick(reason=o.reason), "Kick.", frozenset({"kick"})
    )
    registry.add_action(
        "ban",
        BanOptions,
        lambda o: Ban(duration=o.duration, clean=o.clean, reason=o.reason),
        "Ban, optionally for a duration and cleaning recent messages.",
        frozenset({"ban"}),
    )
    registry.add_action(
        "report",
        ReportOptions,
        _report,
        "Report to the mod channel.",
        frozenset({"report"}),
    )


def _report(options: ReportOptions) -> Report:
    ping = options.ping
    pings = frozenset() if ping is None else frozenset([ping] if isinstance(ping, str) else ping)
    return Report(pings=pings)
