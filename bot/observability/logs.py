"""Format the log for people (text) or for collectors (one JSON object per line)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Final, Literal

from pythonjsonlogger.json import JsonFormatter

from bot.observability.redaction import SecretFilter

TEXT_FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"
#: The fields of every JSON line; extras passed to a log call are added beside them.
JSON_FIELDS: Final = ("levelname", "name", "message", "process")

LogFormat = Literal["text", "json"]


def formatter(kind: LogFormat) -> logging.Formatter:
    """Return the formatter of a log format."""
    if kind == "json":
        return JsonFormatter(
            JSON_FIELDS,
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",  # ISO 8601, in UTC
        )
    return logging.Formatter(TEXT_FORMAT)


def use_format(
    kind: LogFormat, logger: logging.Logger | None = None, *, secrets: Iterable[str] = ()
) -> None:
    """Give every handler of `logger` (the root logger by default) this format.

    Each handler also masks `secrets`, and tokens or passwords in URLs, in what it writes:
    records of every library reach it, whatever they put in a message or a traceback.
    """
    target = logger if logger is not None else logging.getLogger()
    masking = SecretFilter(secrets)
    for handler in target.handlers:
        handler.setFormatter(formatter(kind))
        for old in [f for f in handler.filters if isinstance(f, SecretFilter)]:
            handler.removeFilter(old)
        handler.addFilter(masking)
