"""Offers typed in pieces: "j'ai de la beuh" then "10 le g" then "dm moi", seconds apart.

Each piece alone is one signal and no combination; together they are a sale. The room's
speaker record keeps its last author's run: their short messages, each said soon after the
one before. A message that continues the run and whose own words are not enough for a
pack is scored again with the words of the run's earlier pieces; the match then names
those pieces as related, so the moderator sees the whole offer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Final

from bot.text import normalize
from plugins.packs.seams import KEPT

if TYPE_CHECKING:
    from datetime import datetime

    from plugins.packs.lexicon import Hit, Scanner
    from plugins.packs.seams import Said

__all__ = ["RUN_GAP", "RUN_PIECES", "RUN_SHORT", "RunHit", "continued", "is_piece", "run_hits"]

#: How soon after the author's previous piece a message may continue their run.
RUN_GAP: Final = timedelta(seconds=30)
#: A message at most this long (characters) may be a piece of a run: a longer one says
#: what it means by itself.
RUN_SHORT: Final = KEPT
#: How many pieces a run holds, the newest message included.
RUN_PIECES: Final = 4
# Offsets of each earlier piece's hits are moved below zero, this far apart, so that the
# scorer never takes the words of two messages for overlapping words of one.
_SPREAD: Final = 1 << 20


def is_piece(said: Said) -> bool:
    """Tell whether a message, as the speaker record keeps it, may be a piece of a run."""
    return said.whole and 0 < said.length <= RUN_SHORT


@dataclass(frozen=True, slots=True)
class RunHit:
    """A pack's hit in an earlier piece of the run, and that piece."""

    piece: Said
    hit: Hit


def continued(said: list[Said], ts: datetime) -> list[Said]:
    """Return the author's earlier pieces that a message said at `ts` continues.

    The run holds while each piece follows the one before within `RUN_GAP`, and a message
    too long to be a piece ends it; the newest message is the last piece, so at most
    `RUN_PIECES - 1` earlier ones are kept.
    """
    kept: list[Said] = []
    later = ts.timestamp()
    gap = RUN_GAP.total_seconds()
    for piece in reversed(said):
        if not is_piece(piece) or later - piece.stamp > gap or len(kept) == RUN_PIECES - 1:
            break
        kept.append(piece)
        later = piece.stamp
    kept.reverse()
    return kept


def run_hits(scanner: Scanner, pieces: list[Said]) -> dict[int, list[RunHit]]:
    """Scan each earlier piece on its own; return the hits per pack, with their piece."""
    found: dict[int, list[RunHit]] = {}
    for back, piece in enumerate(reversed(pieces), 1):
        shift = back * _SPREAD
        for pack, hits in scanner.scan(normalize(piece.tail)).items():
            found.setdefault(pack, []).extend(
                RunHit(piece, h._replace(start=h.start - shift, end=h.end - shift)) for h in hits
            )
    return found
