"""Squeeze stretched words ("cooookkeee")."""

from __future__ import annotations

import re
from typing import Final

from bot.text.offsets import Edit

REPEATS: Final = re.compile(r"([a-z])\1\1")


def squeeze_edits(text: str) -> list[Edit]:
    """Squeeze every letter run of a word that holds a run of three or more.

    A stretched word ("cooookkeee") is stretched everywhere, so its doubles go
    too; words without a triple keep their doubles ("coffee", "cannabis").
    """
    n = len(text)
    edits: list[Edit] = []
    done = 0
    for m in REPEATS.finditer(text):
        start, stop = m.span()
        if start < done:
            continue
        while start > done and text[start - 1].isalpha():
            start -= 1
        while stop < n and text[stop].isalpha():
            stop += 1
        kept = [i for i in range(start, stop) if i == start or text[i] != text[i - 1]]
        edits.append((start, stop, "".join(text[i] for i in kept), kept))
        done = stop
    return edits
