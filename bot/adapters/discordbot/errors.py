"""Turn discord.py's exceptions into the core's typed platform errors and startup errors."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import discord

from bot.adapters.base import Forbidden, NotFound, PlatformError, RateLimited, Unavailable
from bot.config import ConfigError, Problem
from bot.yamlsource import Source

#: Where a bot's privileged intents are switched on.
PORTAL = "https://discord.com/developers/applications"
INTENTS_SWITCHES = (
    "Bot → Privileged Gateway Intents → Message Content Intent / Server Members Intent"
)


class Invalid(PlatformError):
    """Say Discord refused the request itself (400); retrying will not help."""

    retryable = False


def platform_error(exc: BaseException, what: str) -> PlatformError:  # noqa: PLR0911
    """Return the typed error for what discord.py raised while doing `what`."""
    if isinstance(exc, PlatformError):
        return exc
    if isinstance(exc, discord.RateLimited):
        # Raised when a 429 asks for longer than max_ratelimit_timeout: the executor waits.
        return RateLimited(f"{what}: rate limited", retry_after=exc.retry_after)
    if isinstance(exc, discord.HTTPException):
        message = f"{what}: {exc.status} {exc.text or exc.__class__.__name__}".strip()
        if exc.status == 429:
            return RateLimited(message, retry_after=_retry_after(exc))
        if isinstance(exc, discord.Forbidden) or exc.status in (401, 403):
            return Forbidden(message)
        if isinstance(exc, discord.NotFound) or exc.status == 404:
            return NotFound(message)
        if isinstance(exc, discord.DiscordServerError) or exc.status >= 500:
            return Unavailable(message)
        return Invalid(message)
    if isinstance(exc, aiohttp.ClientError | OSError | asyncio.TimeoutError):
        return Unavailable(f"{what}: {exc.__class__.__name__} {exc}")
    return Unavailable(f"{what}: {exc.__class__.__name__} {exc}")


def _retry_after(exc: discord.HTTPException) -> float | None:
    headers = getattr(exc.response, "headers", None) or {}
    value = headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


@asynccontextmanager
async def mapped(what: str) -> AsyncIterator[None]:
    """Raise the core's typed error for any discord.py or transport failure in the block."""
    try:
        yield
    except PlatformError:
        raise
    except (TimeoutError, discord.DiscordException, aiohttp.ClientError, OSError) as exc:
        raise platform_error(exc, what) from exc


def intents_missing(application_id: int | None, source: Source) -> ConfigError:
    """Return the startup error for privileged intents the Developer Portal has not granted."""
    page = f"{PORTAL}/{application_id}/bot" if application_id else PORTAL
    message = (
        "Discord refused the gateway connection because the bot's privileged intents are off. "
        f"In the Discord Developer Portal ({page}), switch on {INTENTS_SWITCHES}, save, "
        "then start Vigie again (Vigie reads messages and member joins to moderate them)."
    )
    return ConfigError([Problem.at(source, ("platforms", "discord"), message)])


def token_refused(source: Source, detail: str) -> ConfigError:
    """Return the startup error for a bot token Discord does not accept."""
    message = (
        f"Discord refused the bot token ({detail}). Copy it again from the Developer Portal "
        f"({PORTAL} → your application → Bot → Reset Token) into the environment variable "
        "the config names."
    )
    return ConfigError([Problem.at(source, ("platforms", "discord", "token"), message)])
