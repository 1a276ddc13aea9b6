"""Open the state store a config names: ``memory://`` (the default) or ``redis://``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bot.state import MemoryState, StateStore

if TYPE_CHECKING:
    from bot.state_redis import RedisState

REDIS_SCHEMES: Final = ("redis", "rediss")
#: Keep in step with bot.state_redis.DEFAULT_PREFIX (tests check), which is not imported here.
_DEFAULT_PREFIX: Final = "vigie"


class StateURLError(ValueError):
    """A state URL names no backend Vigie has, or a server that does not answer."""


async def open_state(url: str) -> StateStore:
    """Open the store `url` names, checking that a Redis server answers.

    ``memory://``: this process only. ``redis://host:port/db`` (or ``rediss://`` for TLS),
    optionally ``?prefix=NAME`` to namespace the keys (default ``vigie``), so several
    deployments can share one server.
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme == "memory":
        return MemoryState()
    if scheme not in REDIS_SCHEMES:
        raise StateURLError(f"unknown state URL {url!r}: use memory:// or redis://host:port/db")
    # Imported here: the redis client costs ~14 MB of RSS that memory:// never needs.
    from redis.exceptions import RedisError  # noqa: PLC0415

    from bot.state_redis import RedisState  # noqa: PLC0415

    server, prefix = _split_prefix(url)
    state: RedisState = RedisState.from_url(server, prefix=prefix)
    try:
        await state.ping()
    except RedisError as err:
        await state.aclose()
        parts = urlsplit(server)  # the host and port only: never a password in a log
        where = f"{parts.hostname or 'localhost'}:{parts.port or 6379}"
        raise StateURLError(f"cannot reach Redis at {where}: {err}") from err
    return state


async def close_state(state: StateStore) -> None:
    """Release what a store holds (Redis connections); in-memory stores hold nothing."""
    aclose = getattr(state, "aclose", None)
    if aclose is not None:
        await aclose()


def _split_prefix(url: str) -> tuple[str, str]:
    """Take Vigie's own ``prefix`` query parameter out of a Redis URL."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    prefixes = [value for name, value in query if name == "prefix"]
    rest = [(name, value) for name, value in query if name != "prefix"]
    prefix = prefixes[-1] if prefixes else _DEFAULT_PREFIX
    if not prefix:
        raise StateURLError(f"empty prefix in state URL {url!r}")
    return urlunsplit(parts._replace(query=urlencode(rest))), prefix
