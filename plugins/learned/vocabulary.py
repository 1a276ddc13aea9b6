"""Find the word n-grams of a text among a model's terms by hash, without an object per term.

A dict from term to number holds three Python objects per term (the string, the number and
its slot). Here the terms are hashed once at load into one sorted array, and their text is
kept as UTF-8 bytes for the few that explain a report: with the 115,000 word terms of the
model on seventy-nine corpora, the loaded model takes 19 MB instead of 29, and a read costs
no more. Python's string hash is 64 bits wide: an n-gram taken for a term it is not has,
per look-up, odds of about one in 10^14. It also differs from one process to the next, so
the table is built by the process that reads it and never stored or sent elsewhere.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

#: Mixed into the hashes of each part's terms in turn, so one word said and answered is two
#: terms. Any distinct 64-bit values do; these are hexadecimal digits of pi, e and sqrt(2).
_SALTS = np.array([0x243F6A8885A308D3, 0x2B7E151628AED2A6, 0x16A09E667F3BCC90], np.int64)

_NONE = np.empty(0, np.intp)


class Vocabulary:
    """Number the terms of several parts (the message, the thread...) and find them again."""

    def __init__(self, parts: Sequence[npt.NDArray[np.str_]], start: int) -> None:
        if len(parts) > len(_SALTS):
            raise ValueError(f"{len(parts)} parts, at most {len(_SALTS)}")
        sizes = [len(terms) for terms in parts]
        #: The first term number of each part, then the number after the last one.
        self.bounds = start + np.cumsum([0, *sizes])
        # Read from the arrays one term at a time: a list of them all would leave the
        # process's heap as large as the dict this replaces.
        keys = self._keys(parts, sizes)
        order = np.argsort(keys, kind="stable")
        self._sorted = keys[order]
        self._numbers = order + start
        self._start = start
        text = io.BytesIO()
        written = (text.write(term.encode()) for term in chain.from_iterable(parts))
        self._ends = np.cumsum(np.fromiter(written, np.int64, sum(sizes)))
        self._text = text.getvalue()

    def found(self, grams: Sequence[Sequence[str]]) -> npt.NDArray[np.intp]:
        """Return the number of the term each part's n-gram is, for those that are terms."""
        keys = self._keys(grams, [len(part) for part in grams])
        if not len(keys) or not len(self._sorted):
            return _NONE
        # Sorted keys walk the table in order: fewer cache misses than scattered searches.
        keys.sort()
        at = np.searchsorted(self._sorted, keys)
        np.minimum(at, len(self._sorted) - 1, out=at)
        numbers: npt.NDArray[np.intp] = self._numbers[at[self._sorted[at] == keys]]
        return numbers

    def term(self, number: int) -> str:
        """Return the text of the term numbered `number`."""
        k = number - self._start
        begin = int(self._ends[k - 1]) if k else 0
        return self._text[begin : int(self._ends[k])].decode()

    @staticmethod
    def _keys(parts: Sequence[Iterable[str]], sizes: list[int]) -> npt.NDArray[np.int64]:
        """Return the salted hash of each string of each part, part after part."""
        keys = np.fromiter(map(hash, chain.from_iterable(parts)), np.int64, sum(sizes))
        keys ^= np.repeat(_SALTS[: len(sizes)], sizes)
        return keys
