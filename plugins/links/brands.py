"""Lookalike domains of well-known brands: homographs, typos and brand names in scam hosts."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Final

import yaml

from bot.text import skeleton
from plugins.links.domains import DomainSet, normalize_domain, public_suffix, registrable

__all__ = ["Brand", "BrandIndex", "LinkLists", "Lookalike", "fold", "link_lists"]

DATA: Final = Path(__file__).with_name("brands.yaml")

# Letters that read alike in a host name once the Unicode skeleton is taken:
# "1", "i", "l" and "|" are one stroke; "rn" is "m", "vv" is "w", "cl" is "d".
_STROKES: Final = str.maketrans("i1|!0345789", "llllo" + "east" + "bg")
_PAIRS: Final = (("rn", "m"), ("vv", "w"), ("cl", "d"))
_TOKEN: Final = re.compile(r"[-_.]+")
# An official domain this short (t.me, a.co) is too likely inside other hosts by chance.
_MIN_EMBEDDED: Final = 6
# One typo away from a five-letter brand is often a name or a word (amelie, ameli).
_MIN_TYPO_KEYWORD: Final = 6
_MIN_SUBSTRING_KEYWORD: Final = 7
_CACHE_SIZE: Final = 4096


@lru_cache(maxsize=8192)
def fold(label: str) -> str:
    """Reduce a host label to the letters a reader sees: skeleton, then strokes and pairs."""
    folded = skeleton(label).translate(_STROKES)
    for pair, letter in _PAIRS:
        folded = folded.replace(pair, letter)
    return folded


def _within(a: str, b: str, limit: int) -> bool:
    """Tell whether two strings are at most ``limit`` edits apart (swaps count as one)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit


def _name(host: str) -> str:
    """Return the registrable name of a host without its public suffix (paypal for paypal.co.uk)."""
    reg = registrable(host) or host
    suffix = public_suffix(reg)
    if suffix and reg.endswith("." + suffix):
        return reg[: -len(suffix) - 1]
    return reg


@dataclass(frozen=True, slots=True)
class Brand:
    """A brand: its official domains and the keywords a lookalike host shows."""

    name: str
    domains: tuple[str, ...]
    keywords: tuple[str, ...]
    generic: bool = False
    typos: bool = True
    any_tld: bool = False

    @classmethod
    def from_data(cls, name: str, data: Mapping[str, Any]) -> Brand:
        """Build a brand from its entry in brands.yaml."""
        domains = tuple(normalize_domain(d) for d in data["domains"])
        keywords = data.get("keywords") or [_name(domains[0]).replace("-", "")]
        return cls(
            name=name,
            domains=domains,
            keywords=tuple(str(k).lower() for k in keywords),
            generic=bool(data.get("generic", False)),
            typos=bool(data.get("typos", True)),
            any_tld=bool(data.get("any_tld", False)),
        )


@dataclass(frozen=True, slots=True)
class Lookalike:
    """Say which brand a host imitates, and how."""

    brand: str
    host: str
    how: str


@dataclass(frozen=True, slots=True)
class _Keyword:
    raw: str
    folded: str
    brand: Brand
    typo_limit: int


class BrandIndex:
    """Tell whether a host imitates a brand; verdicts are cached per host."""

    def __init__(
        self,
        brands: Sequence[Brand],
        scam_words: Sequence[str] = (),
        not_lookalikes: Sequence[str] = (),
    ) -> None:
        self._official = DomainSet(d for b in brands for d in b.domains)
        self._ignored = DomainSet(not_lookalikes)
        self._scam_words = frozenset(fold(w) for w in scam_words)
        self._any_tld = {
            kw: b for b in brands if b.any_tld for kw in (*b.keywords, *map(_name, b.domains))
        }
        self._embedded = tuple(
            (d, b) for b in brands for d in b.domains if d.isascii() and len(d) >= _MIN_EMBEDDED
        )
        keywords: list[_Keyword] = []
        for brand in brands:
            for keyword in brand.keywords:
                folded = fold(keyword)
                limit = 0
                if brand.typos and not brand.generic and len(folded) >= _MIN_TYPO_KEYWORD:
                    limit = 1 if len(folded) <= 8 else 2
                keywords.append(_Keyword(keyword, folded, brand, limit))
        self._keywords = tuple(keywords)
        self._cache: dict[str, Lookalike | None] = {}

    def check(self, host: str) -> Lookalike | None:
        """Return how ``host`` imitates a brand, or None when it does not (or is official)."""
        try:
            return self._cache[host]
        except KeyError:
            pass
        verdict = self._check(host)
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[host] = verdict
        return verdict

    def _check(self, host: str) -> Lookalike | None:
        if self._official.find(host) or self._ignored.find(host):
            return None
        name = _name(host)
        if name.isascii() and name in self._any_tld:
            return None  # google.de, amazon.co.uk: the brand's own name under another TLD
        for domain, brand in self._embedded:
            if _embeds(host, domain):
                return Lookalike(brand.name, host, f"embeds {domain}")
        folded = fold(name)
        joined = folded.replace("-", "").replace("_", "")
        tokens = [t for t in _TOKEN.split(folded) if t]
        scammy = not self._scam_words.isdisjoint(tokens)
        for keyword in self._keywords:
            found = self._compare(keyword, name, joined, tokens, scammy=scammy)
            if found is not None:
                return Lookalike(keyword.brand.name, host, found)
        return None

    @staticmethod
    def _compare(
        keyword: _Keyword, name: str, joined: str, tokens: list[str], *, scammy: bool
    ) -> str | None:
        word = keyword.folded
        brand = keyword.brand
        if brand.generic:
            return f"{brand.name} next to a scam word" if scammy and word in tokens else None
        if joined == word:
            if name == keyword.raw:
                return "brand name under another domain"
            return "homograph" if not name.isascii() else "lookalike spelling"
        if word in tokens or (len(word) >= _MIN_SUBSTRING_KEYWORD and word in joined):
            return f"brand name in {name}"
        limit = keyword.typo_limit
        if limit and any(
            candidate != word and _within(candidate, word, limit) for candidate in (joined, *tokens)
        ):
            return f"typo of {brand.name}"
        return None


def _embeds(host: str, domain: str) -> bool:
    """Tell whether ``domain`` appears inside ``host``, with more host after it.

    paypal.com.secure.xyz and paypal.com-login.net embed paypal.com; gluten-free.com
    only ends like free.com, which makes it another name, not a disguise.
    """
    at = host.find(domain)
    while at != -1:
        end = at + len(domain)
        if (at == 0 or host[at - 1] in ".-") and end < len(host) and host[end] in ".-":
            return True
        at = host.find(domain, at + 1)
    return False


@dataclass(frozen=True, slots=True)
class LinkLists:
    """The bundled data: brands, scam words, known-good hosts, shorteners and IP loggers."""

    brands: tuple[Brand, ...]
    scam_words: tuple[str, ...]
    not_lookalikes: tuple[str, ...]
    shorteners: tuple[str, ...]
    ip_loggers: tuple[str, ...]


@cache
def link_lists(path: Path = DATA) -> LinkLists:
    """Read brands.yaml once per process (it is read-only data)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return LinkLists(
        brands=tuple(Brand.from_data(n, d) for n, d in data["brands"].items()),
        scam_words=tuple(data.get("scam_words", ())),
        not_lookalikes=tuple(data.get("not_lookalikes", ())),
        shorteners=tuple(data.get("shorteners", ())),
        ip_loggers=tuple(data.get("ip_loggers", ())),
    )
