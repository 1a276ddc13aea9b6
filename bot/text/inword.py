"""Join words split by punctuation inside them ("vi.ens", "nu·des").

An asterisk is left alone: it masks a letter ("p*te", "f*ck") rather than
splitting a word, and the packs match the masked forms as typed.
"""

from __future__ import annotations

import re
from typing import Final

from bot.text.chatwords import SENTENCE_WORDS
from bot.text.leet import in_address
from bot.text.offsets import Edit

# Letters and digits split by one dot, or by one to three marks nobody types
# inside a word.
SPLIT: Final = re.compile(
    r"(?<![\w@/:.'-])[a-z0-9]+(?:(?:\.|[·•]{1,3})[a-z0-9]+)+(?![\w@/:'-]|\.\w)"
)
_PIECE: Final = re.compile(r"[a-z0-9]+")
# fmt: off
_FILE_TYPES: Final = frozenset({
    "exe", "apk", "zip", "rar", "pdf", "txt", "jpg", "jpeg", "png", "gif", "mp3", "mp4",
    "mov", "doc", "docx", "xls", "csv", "html", "js", "py",
})
# fmt: on
_LONG: Final = 4
# A word cut into syllables ("ly.ri.ca", "co.ca.ine"): at least this many
# pieces, each of at most _SYLLABLE letters, even when a piece is a chat word.
_MIN_SYLLABLES: Final = 3
_SYLLABLE: Final = 3


def inword_edits(text: str) -> list[Edit]:
    """Join the pieces of words split by punctuation, keeping addresses, numbers and typos."""
    edits: list[Edit] = []
    for m in SPLIT.finditer(text):
        start, stop = m.span()
        word = m.group()
        pieces = _PIECE.findall(word)
        if all(len(p) == 1 for p in pieces) or not any(c.isalpha() for c in word):
            continue  # "e.g", "1.5": abbreviations and numbers
        # Nobody types "*", "·" or "•" inside a word but to split it.
        if "*" not in word and "·" not in word and "•" not in word and _kept(text, m, pieces):
            continue
        kept = [start + i for i, c in enumerate(word) if c.isalnum()]
        edits.append((start, stop, "".join(text[i] for i in kept), kept))
    return edits


def _kept(text: str, m: re.Match[str], pieces: list[str]) -> bool:
    """Tell whether dots split a file name, an address, long words or sentences."""
    if pieces[-1] in _FILE_TYPES or in_address(text, m.start(), m.end()):
        return True
    # A dot next to a word that ends or opens a sentence is a missing space.
    return not _syllables(pieces) and (
        all(len(p) >= _LONG for p in pieces)
        or any(p in SENTENCE_WORDS or p[:2].isdigit() for p in pieces)
    )


def _syllables(pieces: list[str]) -> bool:
    """Tell whether dots cut one word into short syllables ("ly.ri.ca"), not chat words."""
    return (
        len(pieces) >= _MIN_SYLLABLES
        and all(len(p) <= _SYLLABLE and p.isalpha() for p in pieces)
        # "ok.tu.vas" is chat words typed without spaces.
        and 2 * sum(p in SENTENCE_WORDS for p in pieces) < len(pieces)
    )
