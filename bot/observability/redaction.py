"""Keep credentials out of the log: the config's secrets, and tokens or passwords in URLs."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Final
from urllib.parse import urlsplit

from pydantic import BaseModel, SecretStr

#: What a masked secret reads as.
MASK: Final = "***"
#: Shorter values are not masked: they would mask common words, and are no credentials.
MIN_SECRET: Final = 6
#: Credentials that any library may put in a URL or a header it logs.
_PATTERNS: Final = (
    re.compile(r"(?i)(access_token=)[^&\s'\"]+"),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"),
    re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^/\s:@]*:)[^@\s/]+(?=@)"),  # scheme://user:pw@
)


def secrets_of(model: BaseModel, urls: Iterable[str] = ()) -> set[str]:
    """Return the secret values of a config model, and the passwords of these URLs."""
    found = {value.get_secret_value() for value in _secret_fields(model)}
    for url in urls:
        password = urlsplit(url).password
        if password:
            found.add(password)
    return {value for value in found if len(value) >= MIN_SECRET}


def _secret_fields(value: object) -> Iterator[SecretStr]:
    if isinstance(value, SecretStr):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _secret_fields(getattr(value, name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _secret_fields(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _secret_fields(item)


class SecretFilter(logging.Filter):
    """Mask secrets in a record's message and traceback before a handler writes it."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # Longest first, so a secret containing another one is masked whole.
        self._secrets = sorted({s for s in secrets if len(s) >= MIN_SECRET}, key=len, reverse=True)

    def mask(self, text: str) -> str:
        """Return `text` with the known secrets and URL credentials masked."""
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        for pattern in _PATTERNS:
            text = pattern.sub(rf"\g<1>{MASK}", text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message and traceback masked; never drop a record."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # A log call whose arguments do not fit its format: keep both, masked, rather
            # than raise from the logging call itself.
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = self.mask(message), None
        if record.exc_info is not None:
            # Formatters print exc_text when there is no exc_info left to format.
            text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_info, record.exc_text = None, self.mask(text)
        elif record.exc_text:
            record.exc_text = self.mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self.mask(record.stack_info)
        return True
