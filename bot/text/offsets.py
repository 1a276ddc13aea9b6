"""Keep the map from normalized offsets back to raw ones through every edit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, TypeAlias

from bot.text.kinds import K_MARK
from bot.text.leet import LEET_SYMBOLS
from bot.text.tables import TABLE

# (start, stop, replacement, positions of the kept characters) in the text.
Edit: TypeAlias = tuple[int, int, str, list[int]]
NO_FLAGS: Final[frozenset[str]] = frozenset()
NO_INDICES: Final[frozenset[int]] = frozenset()


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalized view of a raw text with a map back to raw offsets."""

    raw: str
    text: str
    offsets: tuple[int, ...]
    invisible: int = 0
    flags: frozenset[str] = NO_FLAGS
    #: Raw indices of blanks that a second reading removes: "come a l o n e" is
    #: read "come a lone", and also "come alone" where a term needs it.
    seams: frozenset[int] = NO_INDICES
    #: Raw indices of letters where a second reading starts a word inside a joined
    #: one: "e i g h t h t o n i g h t" is read "eighthtonight", and also
    #: "eighth tonight" where a term needs it.
    breaks: frozenset[int] = NO_INDICES

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map the half-open span ``[start, end)`` of ``text`` to a span of ``raw``."""
        n = len(self.text)
        if not 0 <= start <= end <= n:
            msg = f"span ({start}, {end}) outside normalized text of length {n}"
            raise ValueError(msg)
        if start == end:
            at = self.offsets[start] if start < n else len(self.raw)
            return at, at
        raw_start = self.offsets[start]
        floor = self.offsets[end - 1] + 1
        raw_end = max(self.offsets[end] if end < n else len(self.raw), floor)
        # What was dropped between two kept characters belongs to the span only
        # if it is letter-like (squeezed repeats, trailing accents), not if it
        # is a separator, a space or an invisible character.
        raw = self.raw
        while raw_end > floor and _is_filler(raw[raw_end - 1]):
            raw_end -= 1
        return raw_start, raw_end


def _is_filler(ch: str) -> bool:
    """Tell whether a raw character carries no letter, digit or accent."""
    out, kind = TABLE[ch]
    # Leet symbols count as letters: "$" in "ß$" ends up squeezed into "s".
    return not kind & K_MARK and not any(c.isalnum() or c in LEET_SYMBOLS for c in out)


def apply_edits(text: str, offsets: list[int] | None, edits: list[Edit]) -> tuple[str, list[int]]:
    """Splice ordered edits into ``text``; None offsets stand for the identity."""
    pieces: list[str] = []
    new_offsets: list[int] = []
    pos = 0
    for start, stop, replacement, kept in edits:
        pieces += (text[pos:start], replacement)
        if offsets is None:
            new_offsets += range(pos, start)
            new_offsets += kept
        else:
            new_offsets += offsets[pos:start]
            new_offsets += [offsets[p] for p in kept]
        pos = stop
    pieces.append(text[pos:])
    new_offsets += range(pos, len(text)) if offsets is None else offsets[pos:]
    return "".join(pieces), new_offsets
