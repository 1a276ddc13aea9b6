"""Join a word typed in uneven spaced chunks ("fa g g ot", "co ca ine")."""

from __future__ import annotations

import re
from typing import Final

from bot.text.chatwords import CHAT_WORDS
from bot.text.offsets import Edit

# Runs of space-separated chunks of one to three letters; only these can hide a word.
_RUN: Final = re.compile(r"(?<![\w'@#/.-])[a-z]{1,3}(?: [a-z]{1,3}){2,}(?![\w'@/-]|\.\w)")
_CHUNK: Final = re.compile(r"[a-z]+")
# A hidden word is short: longer runs are prose of short words, not one word.
_MAX_LETTERS: Final = 16
_MIN_CHUNKS: Final = 3
_LONG_CHUNK: Final = 3


def chunk_edits(text: str) -> list[Edit]:
    """Join runs of short chunks that spell one word, leaving prose of short words alone.

    A run is cut at every ordinary short word, except a two-letter one sitting
    between two unknown chunks ("co ca ine"), and before a three-letter chunk
    that does not end it ("mec fa g g ot"). A part is joined when it has at
    least three chunks, mostly unknown ones, one of them of one or two letters.
    """
    edits: list[Edit] = []
    for m in _RUN.finditer(text):
        chunks = [(c.start() + m.start(), c.group()) for c in _CHUNK.finditer(m.group())]
        for part in _parts(chunks):
            if _spells_a_word(part):
                kept = [start + i for start, chunk in part for i in range(len(chunk))]
                last_start, last = part[-1]
                edits.append(
                    (part[0][0], last_start + len(last), "".join(c for _, c in part), kept)
                )
    return edits


def _parts(chunks: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Cut a run of chunks at its ordinary words and at inner three-letter chunks."""
    known = [c in CHAT_WORDS for _, c in chunks]
    parts: list[list[tuple[int, str]]] = [[]]
    for i, (start, chunk) in enumerate(chunks):
        inside = 0 < i < len(chunks) - 1 and not known[i - 1] and not known[i + 1]
        if known[i] and not (inside and len(chunk) < _LONG_CHUNK):
            parts.append([])
            continue
        if len(chunk) == _LONG_CHUNK and parts[-1]:
            # A three-letter chunk can only close a word ("co ca ine").
            parts[-1].append((start, chunk))
            parts.append([])
            continue
        if len(chunk) == _LONG_CHUNK:
            parts.append([])
            continue
        parts[-1].append((start, chunk))
    return [p for p in parts if len(p) >= _MIN_CHUNKS]


def _spells_a_word(part: list[tuple[int, str]]) -> bool:
    """Tell whether a part of a run looks like one word cut up rather than prose."""
    unknown = [c for _, c in part if c not in CHAT_WORDS]
    letters = sum(len(c) for _, c in part)
    # A lone letter or a closing syllable shows a cut word; "cv et lm" is abbreviations.
    cut = any(len(c) == 1 for c in unknown) or (
        len(part[-1][1]) == _LONG_CHUNK and part[-1][1] in unknown
    )
    return (
        cut
        and 2 * len(unknown) > len(part)
        and any(len(c) < _LONG_CHUNK for c in unknown)
        and letters <= _MAX_LETTERS
    )
