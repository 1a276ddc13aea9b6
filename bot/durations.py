"""Parse and print human durations such as 10s, 15m, 1h30m, 7d, 2w."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PART = re.compile(r"(\d+)\s*([smhdw])")
_WHOLE = re.compile(r"(?:\d+\s*[smhdw]\s*)+")
#: Longer than any sanction or window needs (100 years), far below timedelta's own limit.
_MAX_SECONDS = 100 * 31_536_000
#: Longer texts are noise, and int() refuses numbers of more than 4300 digits.
_MAX_TEXT = 64


class DurationError(ValueError):
    """Say that a text is not a duration."""


def parse_duration(text: str | int | float | timedelta) -> timedelta:
    """Turn '1h30m' (or a number of seconds) into a timedelta."""
    if isinstance(text, timedelta):
        return text
    if isinstance(text, int | float) and not isinstance(text, bool):
        if text < 0:
            raise DurationError("a duration cannot be negative")
        return _bounded(text)
    if not isinstance(text, str):
        raise DurationError(f"expected a duration such as 10m, 1h or 7d, got {text!r}")
    cleaned = text.strip().lower()
    if not cleaned or not _WHOLE.fullmatch(cleaned):
        raise DurationError(f"expected a duration such as 10m, 1h or 7d, got {text!r}")
    if len(cleaned) > _MAX_TEXT:
        raise DurationError(f"a duration is at most {_MAX_TEXT} characters long")
    return _bounded(sum(int(n) * _UNITS[u] for n, u in _PART.findall(cleaned)))


def _bounded(seconds: float) -> timedelta:
    # timedelta overflows (OverflowError, not ValueError) past ~2.7 million years, and
    # infinity or NaN cannot be a duration at all: both are the writer's mistake.
    if not 0 <= seconds <= _MAX_SECONDS:
        raise DurationError(f"a duration is at most {_MAX_SECONDS // 31_536_000} years")
    return timedelta(seconds=seconds)


def format_duration(value: timedelta) -> str:
    """Print a timedelta the way it is written in the YAML."""
    seconds = int(value.total_seconds())
    if seconds == 0:
        return "0s"
    parts = []
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^(\d+\s*[smhdw]\s*)+$", "examples": ["10m"]}),
]
