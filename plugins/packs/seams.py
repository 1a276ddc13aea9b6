"""Words split across two messages of one author: "t'as de la c" then "oke pour ce soir".

The room's speaker record keeps the tail of its last message. When the same author speaks
again soon and one of the two messages is short, the tail and the head of the new message
are joined (glued, and with a space) and scanned once for every pack; only the hits that
cross the seam are kept, mapped onto the start of the new message, whose match names the
earlier one as related.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Final

from bot.text import normalize
from plugins.packs.lexicon import Hit

if TYPE_CHECKING:
    from datetime import datetime

    from plugins.packs.lexicon import Scanner

#: How soon after the author's previous message a fragment may continue it.
SEAM_WINDOW: Final = timedelta(seconds=30)
#: A message at most this long (characters) may be a fragment of a split word.
SHORT: Final = 20
#: How much of each message the join holds on either side of the seam (bounds the cost).
PIECE: Final = 40
#: How much of a message's end the speaker record keeps: the seam's piece, and the whole
#: of a message short enough to be a piece of a run (`plugins/packs/runs.py`).
KEPT: Final = 60
_FIELDS: Final = 4


@dataclass(frozen=True, slots=True)
class Said:
    """The tail of a member's message, as the room's speaker record keeps it."""

    stamp: float
    message_id: str
    length: int
    tail: str

    def line(self) -> str:
        """Return the stored form: tab-separated, the tail last."""
        return f"{self.stamp:.0f}\t{self.message_id}\t{self.length}\t{self.tail}"

    @classmethod
    def of(cls, ts: datetime, message_id: str, text: str) -> Said:
        """Keep what a later fragment needs of a message: its id, length and tail."""
        flat = " ".join(text.split())
        return cls(ts.timestamp(), message_id, len(flat), flat[-KEPT:])

    @property
    def whole(self) -> bool:
        """Tell whether the tail is the whole message."""
        return self.length == len(self.tail)

    @classmethod
    def parse(cls, line: str) -> Said | None:
        """Read the stored form back; None when it is not one."""
        fields = line.split("\t", 3)
        if len(fields) != _FIELDS:
            return None
        stamp, message_id, length, tail = fields
        try:
            return cls(float(stamp), message_id, int(length), tail)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Seam:
    """The hits, per pack, of words that run from an earlier message into this one."""

    message_id: str
    excerpt: str
    hits: dict[int, list[Hit]]


def joins(earlier: Said, ts: datetime, text: str) -> bool:
    """Tell whether a message may continue a word of the author's earlier one."""
    if ts.timestamp() - earlier.stamp > SEAM_WINDOW.total_seconds():
        return False
    return bool(text.strip()) and (earlier.length <= SHORT or len(text.strip()) <= SHORT)


def seam_hits(scanner: Scanner, earlier: Said, text: str) -> dict[int, list[Hit]]:
    """Scan the joins of the earlier tail and the message head; keep hits across the seam.

    Each kept hit is a raw span of the message, from its start to where the word ends.
    """
    head = text[:PIECE]
    tail = earlier.tail[-PIECE:]
    found: dict[int, list[Hit]] = {}
    seen: set[tuple[int, int, str]] = set()
    for glue in ("", " "):
        joined = tail + glue + head
        cut = len(tail)
        begins = cut + len(glue)
        view = normalize(joined)
        for pack, hits in scanner.scan(view).items():
            for hit in hits:
                start, end = (hit.start, hit.end) if hit.raw else view.to_raw(hit.start, hit.end)
                if start >= cut or end <= begins:
                    continue  # wholly on one side: each message scores its own words
                key = (pack, hit.group, hit.item)
                if key in seen:
                    continue
                seen.add(key)
                mapped = Hit(
                    0, end - begins, hit.group, hit.weight, hit.item, raw=True, pattern=hit.pattern
                )
                found.setdefault(pack, []).append(mapped)
    return found
