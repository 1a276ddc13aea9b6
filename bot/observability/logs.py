"""Format the log for people (text) or for collectors (one JSON object per line)."""

from __future__ import annotations

import logging
from typing import Final, Literal

from pythonjsonlogger.json import JsonFormatter

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


def use_format(kind: LogFormat, logger: logging.Logger | None = None) -> None:
    """Give every handler of `logger` (the root logger by default) this format."""
    target = logger if logger is not None else logging.getLogger()
    for handler in target.handlers:
        handler.setFormatter(formatter(kind))
