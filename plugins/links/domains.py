"""Domain names: IDN decoding, the public-suffix split, and allow/deny sets with subdomains.

The public-suffix list comes from the ``publicsuffixlist`` package, which ships
the list as data: nothing is fetched at run time. It is read once, at first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from functools import cache, lru_cache
from typing import Final

from publicsuffixlist import PublicSuffixList

__all__ = [
    "DomainSet",
    "decode_host",
    "is_tld",
    "normalize_domain",
    "public_suffix",
    "registrable",
]

_SCHEMES: Final = ("https://", "http://", "ftp://", "//")


@cache
def _psl() -> PublicSuffixList:
    """Load the bundled public-suffix list, once per process."""
    return PublicSuffixList()


@lru_cache(maxsize=8192)
def decode_host(host: str) -> str:
    """Lowercase a host and turn its punycode labels (xn--) into Unicode."""
    host = host.lower().rstrip(".")
    if "xn--" not in host:
        return host
    labels = []
    for label in host.split("."):
        if label.startswith("xn--"):
            # An invalid punycode label stays as written.
            with suppress(UnicodeError):
                label = label.encode("ascii").decode("idna")  # noqa: PLW2901 - decoded in place
        labels.append(label)
    return ".".join(labels)


@lru_cache(maxsize=8192)
def public_suffix(host: str) -> str | None:
    """Return the public suffix of a host (com, co.uk, github.io), None for unknown TLDs."""
    return _psl().publicsuffix(host, accept_unknown=False)


@lru_cache(maxsize=8192)
def registrable(host: str) -> str | None:
    """Return the registrable domain of a host (example.co.uk for a.b.example.co.uk)."""
    return _psl().privatesuffix(host, accept_unknown=False)


@lru_cache(maxsize=2048)
def is_tld(label: str) -> bool:
    """Tell whether a label is a top-level domain of the public-suffix list."""
    return label.isalpha() and _psl().publicsuffix(f"x.{label}", accept_unknown=False) == label


def normalize_domain(entry: str) -> str:
    """Turn a domain as an operator writes it (URL, *.wildcard, punycode) into a host."""
    entry = entry.strip().lower()
    for scheme in _SCHEMES:
        if entry.startswith(scheme):
            entry = entry[len(scheme) :]
            break
    entry = entry.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    entry = entry.rsplit("@", 1)[-1].split(":", 1)[0]
    entry = entry.removeprefix("*.").removeprefix(".")
    return decode_host(entry)


def parents(host: str) -> Iterable[str]:
    """Yield the host and each domain above it: a.b.c, b.c, c."""
    yield host
    dot = host.find(".")
    while dot != -1:
        yield host[dot + 1 :]
        dot = host.find(".", dot + 1)


class DomainSet:
    """A set of domains where listing a domain also lists all its subdomains."""

    __slots__ = ("_domains",)

    def __init__(self, entries: Iterable[str]) -> None:
        self._domains = frozenset(d for d in (normalize_domain(e) for e in entries) if d)

    def __bool__(self) -> bool:
        return bool(self._domains)

    def __len__(self) -> int:
        return len(self._domains)

    def find(self, host: str) -> str | None:
        """Return the listed domain that covers ``host``, or None."""
        domains = self._domains
        if not domains:
            return None
        for candidate in parents(host):
            if candidate in domains:
                return candidate
        return None
