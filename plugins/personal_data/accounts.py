"""Social accounts named as such: "son insta c'est lea.prn", "her ig is @ash.b", spaced out too."""

from __future__ import annotations

import re
from typing import Final

from plugins.personal_data.found import Found, word_set

__all__ = ["ACCOUNT_WORDS", "find_accounts", "promotes_own"]

#: Words that name a social account; a handle is only read right after one.
ACCOUNT_WORDS: Final = word_set(
    "insta instagram ig snap snapchat sc tiktok twitter fb facebook threads bluesky linkedin"
)
_NETWORK: Final = "|".join(sorted(ACCOUNT_WORDS, key=len, reverse=True))
_NAMED: Final = re.compile(
    rf"\b(?:{_NETWORK})\b(?:\s+(?:priv[ée]e?|perso|account|acc|profile|profil|handle))?"
    r"(?:,?\s*(?:is|=|:|c'est|c|est|->|it's|it\s+is)\s*|\s+)",
    re.IGNORECASE,
)
# A handle: letters and digits with the dots and underscores handles use, or spelled out
# one character at a time ("l e a . p e r r i n"). Plain words ("insta is down") are not one.
_HANDLE: Final = re.compile(
    r"@?(?:[A-Za-z0-9_](?: ?[._] ?| )){4,}[A-Za-z0-9_](?![\w.@])"
    r"|@?[A-Za-z0-9_][A-Za-z0-9_.]{2,29}(?<![.])(?![\w@])",
)

# The author's own account pushed ("suivez-moi sur insta", "follow us"): promotion, not doxxing.
_OWN: Final = re.compile(
    r"\b(?:follow|add|sub(?:scribe\s+to)?)\s+(?:me|us)\b"
    r"|\b(?:suivez|suis|ajoute[sz]?|abonnez)[\s-]*(?:moi|nous|vous)\b"
    r"|\b(?:my|our|mon|ma|notre)\s+(?:insta(?:gram)?|ig|snap(?:chat)?|tiktok|twitter|fb|facebook"
    r"|page|compte|account)\b"
)


def promotes_own(text: str) -> bool:
    """Tell whether a normalized text pushes the author's own account."""
    return _OWN.search(text) is not None


def _handle_like(handle: str) -> bool:
    """Tell whether a token looks like a handle, not a word or a number: a mark, a digit, an "@"."""
    body = handle.replace(" ", "")
    if not any(c.isalpha() for c in body):
        return False  # "fb 2.5 million users"
    return handle.startswith("@") or any(c in "._" or c.isdigit() for c in body)


def find_accounts(raw: str, words: frozenset[str] | None = None) -> list[Found]:
    """Find social account handles given right after the name of the network."""
    if words is not None and words.isdisjoint(ACCOUNT_WORDS):
        return []
    found: list[Found] = []
    for m in _NAMED.finditer(raw):
        handle = _HANDLE.match(raw, m.end())
        if handle is None or not _handle_like(handle.group()):
            continue
        value = handle.group().replace(" ", "")
        found.append(Found(kind="account", start=handle.start(), end=handle.end(), value=value))
    return found
