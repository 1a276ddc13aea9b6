"""Turn matrix-nio answers and transport failures into the core's typed platform errors."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

from aiohttp import ClientError
from nio import ErrorResponse, LocalProtocolError

from bot.adapters.base import Forbidden, NotFound, PlatformError, RateLimited, Unavailable

T = TypeVar("T")

_FORBIDDEN = frozenset({"M_FORBIDDEN", "M_GUEST_ACCESS_FORBIDDEN", "M_UNAUTHORIZED"})
_NOT_FOUND = frozenset({"M_NOT_FOUND", "M_UNRECOGNIZED"})
# Errors a retry cannot fix, that are not about permission either.
_INVALID = frozenset({"M_BAD_JSON", "M_NOT_JSON", "M_INVALID_PARAM", "M_TOO_LARGE"})


class Invalid(PlatformError):
    """Say the request itself was wrong; retrying will not help."""

    retryable = False


def error_of(response: ErrorResponse, what: str) -> PlatformError:
    """Return the typed error for a Matrix error answer."""
    code = response.status_code or ""
    message = f"{what}: {code} {response.message}".strip()
    status = _http_status(response)
    if code == "M_LIMIT_EXCEEDED" or status == 429:
        retry_ms = response.retry_after_ms
        return RateLimited(message, retry_after=retry_ms / 1000 if retry_ms else None)
    if code in _FORBIDDEN or status == 403:
        return Forbidden(message)
    if code in _NOT_FOUND or status == 404:
        return NotFound(message)
    if code in _INVALID or status == 400:
        return Invalid(message)
    return Unavailable(message)


def _http_status(response: ErrorResponse) -> int | None:
    transport = getattr(response, "transport_response", None)
    status = getattr(transport, "status", None)
    return status if isinstance(status, int) else None


async def checked(call: Awaitable[Any], what: str, expected: type[T]) -> T:
    """Await a nio call and return its answer, raising the typed error on failure."""
    try:
        response = await call
    except (ClientError, TimeoutError) as err:
        raise Unavailable(f"{what}: {err.__class__.__name__} {err}") from err
    except LocalProtocolError as err:
        # Work resumed from the journal at start may come before the login: retry it later.
        raise Unavailable(f"{what}: {err}") from err
    if isinstance(response, ErrorResponse):
        raise error_of(response, what)
    if not isinstance(response, expected):
        raise Unavailable(f"{what}: unexpected answer {type(response).__name__}")
    return response
