"""Join a word typed in uneven spaced chunks ("fa g g ot", "co ca ine")."""

from __future__ import annotations

import re
from typing import Final

from bot.text.chatwords import CHAT_WORDS
from bot.text.offsets import Edit

# A chunk: one to three letters, leet digits after a letter ("co c4 ine"); a chunk
# opening with a digit is a number or a quantity ("3h du mat", "5g").
_UNIT: Final = r"[a-z][a-z013457]{0,2}"
# Runs of space-separated chunks; only these can hide a word.
_RUN: Final = re.compile(rf"(?<![\w'@#/.-]){_UNIT}(?: {_UNIT}){{2,}}(?![\w'@/-]|\.\w)")
_CHUNK: Final = re.compile(r"[^ ]+")
# A syllable has a vowel, typed or leet; "jv", "pk", "bj" are abbreviations.
_VOWEL: Final = re.compile(r"[aeiouy0134]")
# A hidden word is short: longer runs are prose of short words, not one word.
_MAX_LETTERS: Final = 16
_MIN_CHUNKS: Final = 3
_LONG_CHUNK: Final = 3


def chunk_edits(text: str) -> list[Edit]:
    """Join runs of short chunks that spell one word, leaving prose of short words alone.

    A run is cut at every ordinary short word, except one of one or two letters
    sitting between two unknown chunks ("co ca ine") or closing the run after two
    of them ("ly ri ca"), and before a three-letter chunk that does not end it
    ("mec fa g g ot"). A part is joined when it has at least three
    chunks, mostly unknown ones, one of them of one or two letters.
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
    last = len(chunks) - 1
    parts: list[list[tuple[int, str]]] = [[]]
    for i, (start, chunk) in enumerate(chunks):
        inside = 0 < i < last and not known[i - 1] and not known[i + 1]
        # A short word closing a run after two unknown chunks; not opening one, where
        # it is a determiner or a pronoun ("la co ke").
        closing = i == last >= 2 and not known[i - 1] and not known[i - 2]
        if known[i] and not ((inside or closing) and len(chunk) < _LONG_CHUNK):
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
    closing = part[-1][1]
    # A lone letter or a closing syllable shows a cut word; "cv et lm" is abbreviations.
    # A short word closing syllables is a syllable too ("ly ri ca"), not a word after
    # laughter ("ha ha so").
    cut = (
        any(len(c) == 1 for c in unknown)
        or (len(closing) == _LONG_CHUNK and closing in unknown)
        or (
            closing in CHAT_WORDS
            and len(set(unknown)) > 1
            and all(_VOWEL.search(c) for c in unknown)
        )
    )
    return (
        cut
        and 2 * len(unknown) > len(part)
        and any(len(c) < _LONG_CHUNK for c in unknown)
        and letters <= _MAX_LETTERS
    )
