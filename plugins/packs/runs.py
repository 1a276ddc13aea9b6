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

if TYPE_CHECKING:
    from datetime import datetime

    from plugins.packs.lexicon import Hit, Scanner

__all__ = ["RUN_GAP", "RUN_PIECES", "RUN_SHORT", "Piece", "RunHit", "continued", "run_hits"]

#: How soon after the author's previous piece a message may continue their run.
RUN_GAP: Final = timedelta(seconds=30)
#: A message at most this long (characters) may be a piece of a run: a longer one says
#: what it means by itself.
RUN_SHORT: Final = 60
#: How many pieces a run holds, the newest message included.
RUN_PIECES: Final = 4
_FIELDS: Final = 3
# Offsets of each earlier piece's hits are moved below zero, this far apart, so that the
# scorer never takes the words of two messages for overlapping words of one.
_SPREAD: Final = 1 << 20


@dataclass(frozen=True, slots=True)
class Piece:
    """One short message of a member's run, as the room's speaker record keeps it."""

    stamp: float
    message_id: str
    text: str

    def line(self) -> str:
        """Return the stored form: tab-separated, the text last."""
        return f"{self.stamp:.0f}\t{self.message_id}\t{self.text}"

    @classmethod
    def of(cls, ts: datetime, message_id: str, text: str) -> Piece | None:
        """Return the piece a message makes, or None when it is too long to be one."""
        flat = " ".join(text.split())
        if not flat or len(flat) > RUN_SHORT:
            return None
        return cls(ts.timestamp(), message_id, flat)

    @classmethod
    def parse(cls, line: str) -> Piece | None:
        """Read the stored form back; None when it is not one."""
        fields = line.split("\t", 2)
        if len(fields) != _FIELDS:
            return None
        stamp, message_id, text = fields
        try:
            return cls(float(stamp), message_id, text)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class RunHit:
    """A pack's hit in an earlier piece of the run, and that piece."""

    piece: Piece
    hit: Hit


def continued(pieces: list[Piece], ts: datetime) -> list[Piece]:
    """Return the author's earlier pieces that a message said at `ts` continues.

    The run holds while each piece follows the one before within `RUN_GAP`; the newest
    message is the last piece, so at most `RUN_PIECES - 1` earlier ones are kept.
    """
    kept: list[Piece] = []
    later = ts.timestamp()
    gap = RUN_GAP.total_seconds()
    for piece in reversed(pieces):
        if later - piece.stamp > gap or len(kept) == RUN_PIECES - 1:
            break
        kept.append(piece)
        later = piece.stamp
    kept.reverse()
    return kept


def run_hits(scanner: Scanner, pieces: list[Piece]) -> dict[int, list[RunHit]]:
    """Scan each earlier piece on its own; return the hits per pack, with their piece."""
    found: dict[int, list[RunHit]] = {}
    for back, piece in enumerate(reversed(pieces), 1):
        shift = back * _SPREAD
        for pack, hits in scanner.scan(normalize(piece.text)).items():
            found.setdefault(pack, []).extend(
                RunHit(piece, h._replace(start=h.start - shift, end=h.end - shift)) for h in hits
            )
    return found
