"""Suspicious display names: links and invites, moderator impersonation, listed patterns."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from bot.text import skeleton
from plugins.links.invites import find_invites
from plugins.links.urls import find_links

__all__ = ["DEFAULT_IMPERSONATION", "NameCheck", "compile_patterns"]

#: Words a display name uses to pass for the moderation team, FR and EN.
DEFAULT_IMPERSONATION: Final = (
    "modo",
    "modos",
    "mod",
    "mods",
    "moderateur",
    "moderatrice",
    "moderator",
    "moderators",
    "moderation",
    "admin",
    "admins",
    "administrateur",
    "administratrice",
    "administrator",
    "support",
    "staff",
    "helpdesk",
)
_SPLIT: Final = re.compile(r"[^a-z0-9]+")


def compile_patterns(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    """Compile name patterns (regexes on the normalized name); a bad one is a config error."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise ValueError(f"bad name pattern {pattern!r}: {exc}") from None
    return tuple(compiled)


class NameCheck:
    """Look at a display name for links, impersonation words and listed patterns."""

    def __init__(
        self,
        impersonation: tuple[str, ...] | list[str] = DEFAULT_IMPERSONATION,
        patterns: tuple[re.Pattern[str], ...] = (),
        *,
        links: bool = True,
    ) -> None:
        self._words = frozenset(skeleton(w) for w in impersonation)
        self._patterns = patterns
        self._links = links

    def findings(self, name: str | None) -> list[tuple[str, str]]:
        """Return (signal, what) for each suspicious trait of the name."""
        if not name:
            return []
        found: list[tuple[str, str]] = []
        if self._links:
            invites = find_invites(name)
            if invites:
                found.append(("name.invite", f"invite in name: {invites[0].text}"))
            elif links := find_links(name):
                found.append(("name.link", f"link in name: {links[0].text}"))
        normalized = skeleton(name)
        if self._words:
            word = self._impersonation(name, normalized)
            if word is not None:
                found.append((f"name.impersonation:{word}", f"name poses as staff ({word})"))
        for pattern in self._patterns:
            if pattern.search(normalized):
                found.append(("name.pattern", f"name matches {pattern.pattern!r}"))
                break
        return found

    def _impersonation(self, name: str, normalized: str) -> str | None:
        tokens = set(_SPLIT.split(normalized))
        # Camel case is only visible before casefolding: "AdminBob", "ModoTeam".
        tokens.update(skeleton(t) for t in _camel_words(unicodedata.normalize("NFKC", name)))
        hits = tokens & self._words
        return max(hits, key=len) if hits else None


def _camel_words(name: str) -> list[str]:
    """Split a name into words at spaces, punctuation and lower-to-upper case changes."""
    words: list[str] = []
    current: list[str] = []
    previous = ""
    for ch in name:
        if not ch.isalnum():
            boundary, keep = True, False
        else:
            boundary, keep = previous.islower() and ch.isupper(), True
        if boundary and current:
            words.append("".join(current))
            current = []
        if keep:
            current.append(ch)
        previous = ch
    if current:
        words.append("".join(current))
    return words
