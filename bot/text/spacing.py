"""Collapse whitespace and join letters spelled out with separators."""

from __future__ import annotations

import re
from typing import Final

from bot.text.offsets import Edit

_WHITESPACE: Final = re.compile(r"^ +| +$| {2,}")
_SEP: Final = r"[ .\-_*·•,/+~|:]"
_NON_SPACE_SEP: Final = r"[.\-_*·•,/+~|:]"
_UNIT: Final = r"[a-z013457]"
# A unit, a separator, then at least two more units with that same separator:
# requiring the same separator keeps "y a-t-il" intact.
_SPACED: Final = re.compile(rf"(?<![^\W_]){_UNIT}({_SEP}{{1,3}}){_UNIT}(?:\1{_UNIT})+(?![^\W_])")
# Cheap necessary condition for _SPACED, run on the text padded with spaces:
# a unit between separators, ignoring " a " and " y " of ordinary prose.
_SPACED_HINT: Final = re.compile(
    rf"{_SEP}(?:[b-hj-npr-xz013457]{_SEP}|[aiyo](?:{_NON_SPACE_SEP}|(?<={_NON_SPACE_SEP}.) ))"
)
# French and English one-letter words: a run made only of these ("il y a à")
# is prose, not a word spelled out.
_STANDALONE_LETTERS: Final = frozenset("aiyo")


def whitespace_edits(text: str) -> list[Edit]:
    """Strip the ends and turn every whitespace run into one space."""
    n = len(text)
    return [
        (m.start(), m.end(), "", [])
        if m.start() == 0 or m.end() == n
        else (m.start(), m.end(), " ", [m.start()])
        for m in _WHITESPACE.finditer(text)
    ]


def spaced_edits(text: str) -> list[Edit]:
    """Join single letters spelled out with a separator ("s.n.a.p")."""
    if not _SPACED_HINT.search(f" {text} "):
        return []
    edits: list[Edit] = []
    for m in _SPACED.finditer(text):
        positions = list(range(m.start(), m.end(), len(m.group(1)) + 1))
        units = "".join(text[p] for p in positions)
        letters = [u for u in units if not u.isdigit()]
        if len(letters) < 2:
            continue
        if not m.group(1).strip(" ") and _STANDALONE_LETTERS.issuperset(letters):
            continue
        edits.append((m.start(), m.end(), units, positions))
    return edits
