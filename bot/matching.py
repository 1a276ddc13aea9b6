"""Find lexicon terms in one Aho-Corasick pass over the normalized text.

``Matcher``'s cost follows the length of the message, not the size of the lexicon.
Moderators' regexes run on RE2 in ``bot.regexset``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Final, TypeAlias

import ahocorasick

from bot.text import NormalizedText, normalize
from bot.text.tables import TABLE

__all__ = ["Hit", "Matcher", "PatternError", "Term"]

_WORD_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
# How each end of a compiled term meets the text around it.
_BOUNDARY: Final = 0  # the neighbour must not be a word character
_EXTEND: Final = 1  # "*": the hit grows over the rest of the word
_FREE: Final = 2  # the term ends in punctuation: nothing to check
_DOUBLE: Final = re.compile(r"([a-z])\1+")
# A space before a French object pronoun, where an imperative takes a hyphen.
_CLITIC: Final = re.compile(r" (?=(?:le|la|les|lui|leur|moi|toi|nous|vous|y|en)(?: |$))")
_RAW_STRETCH: Final = re.compile(r"(\w)\1\1")
_WORD_RUN: Final = re.compile(r"[a-z0-9]+")
_WORD_TAIL: Final = re.compile(r"[a-z0-9]*")

# Letters a leet "1", "|" or "!" may stand for; the normalizer reads each one way only.
_LEET_LETTERS: Final = {"i": "l", "l": "i"}
_LEET_AMBIGUOUS: Final = frozenset("1|!")
# How many of a term's "i" and "l" its second readings swap at most: evaders hide a
# letter or two per word, and every swap adds automaton keys.
_LEET_SWAPS: Final = 2

# A term found inside a word the normalizer joined from spelled-out letters, at a
# break of the view ("eighth" in "eighthtonight"), must be at least this long.
_MIN_BROKEN: Final = 4
# Letters the normalizer may read as a word of their own before spelled-out letters
# ("come a l o n e" gives "come a lone"), leaving a seam in the view.
_SEAM_LETTERS: Final = frozenset("a")

# (length, left mode, right mode, needs a stretched word, offsets in the key that must
# come from a leet "1", "|" or "!", offsets in the key that must be seams of the view,
# term or None for allow)
_Entry: TypeAlias = tuple[int, int, int, bool, tuple[int, ...], tuple[int, ...], "Term | None"]


@dataclass(frozen=True, slots=True)
class Term:
    """A lexicon term as a moderator writes it.

    ``pattern`` matches whole words; a leading or trailing ``*`` lets it match
    any continuation of the word ("coca*" finds "cocaine"). Words of a
    multi-word term may also be joined by hyphens; ``loose`` also matches the
    term written without its spaces ("plan cul" in "plancul").
    """

    pattern: str
    key: str
    weight: float = 1.0
    loose: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """One match, with offsets into the text searched (the normalized view for terms)."""

    key: str
    term: str
    start: int
    end: int
    weight: float


class PatternError(ValueError):
    """A term or a regex that cannot be compiled."""

    def __init__(self, pattern: str, reason: str, key: str = "") -> None:
        where = f" ({key})" if key else ""
        super().__init__(f"invalid pattern {pattern!r}{where}: {reason}")
        self.pattern = pattern
        self.reason = reason
        self.key = key


def _compile(pattern: str, term: Term | None, *, loose: bool) -> list[tuple[str, _Entry]]:
    """Turn one pattern into automaton keys and the entries checked on a hit."""
    owner = term.key if term else "allow"
    core = pattern.strip()
    left = core.startswith("*")
    right = core.endswith("*")
    core = core.strip("*")
    if "*" in core:
        raise PatternError(pattern, "'*' is only allowed at the start or the end", owner)
    view = normalize(core)
    key = view.text
    if not key:
        raise PatternError(pattern, "nothing left once normalized", owner)
    # A term that only exists stretched ("xxx" squeezes to "x") must only
    # match stretched text, or it would fire on every lone "x".
    stretched = "repeats" in view.flags
    keys = [(key, stretched)]
    if " " in key:
        # French writes compounds with hyphens as often as with spaces.
        keys.append((key.replace(" ", "-"), stretched))
        # And an imperative with its pronoun inside a longer phrase: "casse-toi de mon pays".
        imperative = _CLITIC.sub("-", key)
        if " " in imperative and imperative != key:
            keys.append((imperative, stretched))
        if loose:
            keys.append((key.replace(" ", ""), stretched))
    # Stretching squeezes doubles too ("caaannabis" gives "canabis"), so a
    # term with doubles also gets its single-letter form, valid only where
    # the raw text was stretched: plain "sped" must not match "speed".
    keys += [(_DOUBLE.sub(r"\1", k), True) for k, _ in keys if _DOUBLE.search(k)]
    compiled: list[tuple[str, _Entry]] = []
    for text, needs_stretch in keys:
        # "i" and "l" are both word characters: a second reading keeps the modes.
        lmode = _EXTEND if left else _BOUNDARY if text[0] in _WORD_CHARS else _FREE
        rmode = _EXTEND if right else _BOUNDARY if text[-1] in _WORD_CHARS else _FREE
        compiled.append((text, (len(text), lmode, rmode, needs_stretch, (), (), term)))
        # The second readings of the term as written, not of its hyphenated or
        # stretched forms: evasions seldom stack, and each key costs memory.
        if text == key:
            compiled += [
                (variant, (len(variant), lmode, rmode, False, swapped, (), term))
                for variant, swapped in _leet_readings(text)
            ]
            compiled += [
                (variant, (len(variant), lmode, rmode, False, (), (seam,), term))
                for variant, seam in _seam_readings(text)
            ]
    return compiled


def _leet_readings(key: str) -> list[tuple[str, tuple[int, ...]]]:
    """Return the key with up to `_LEET_SWAPS` of its "i" and "l" swapped, and where.

    The normalizer reads a leet "1" or "|" as one letter ("a1cool" gives "aicool");
    these keys are the other reading, valid only where the text really had one there.
    """
    where = [i for i, c in enumerate(key) if c in _LEET_LETTERS]
    out: list[tuple[str, tuple[int, ...]]] = []
    for size in range(1, min(len(where), _LEET_SWAPS) + 1):
        for swapped in combinations(where, size):
            chars = list(key)
            for i in swapped:
                chars[i] = _LEET_LETTERS[chars[i]]
            out.append(("".join(chars), swapped))
    return out


def _seam_readings(key: str) -> list[tuple[str, int]]:
    """Return the key with a blank after the first letter of one of its words, and where.

    The normalizer may read the first letter of a spelled-out word as a word of its
    own ("come a l o n e" gives "come a lone"); these keys are the other reading,
    valid only where the view has a seam there.
    """
    return [
        (f"{key[: i + 1]} {key[i + 1 :]}", i + 1)
        for i, c in enumerate(key)
        if c in _SEAM_LETTERS and (i == 0 or key[i - 1] == " ") and key[i + 1 : i + 3].isalpha()
    ]


def _seams_read(view: NormalizedText, start: int, seams: tuple[int, ...]) -> bool:
    """Tell whether each blank of a key found at `start` is a seam of the view."""
    offsets = view.offsets
    return all(offsets[start + i] in view.seams for i in seams)


def _broken(view: NormalizedText, at: int, length: int) -> bool:
    """Tell whether a key of `length` may end a word at `at`, a break of the view."""
    return length >= _MIN_BROKEN and view.offsets[at] in view.breaks


def _leet_read(view: NormalizedText, start: int, swapped: tuple[int, ...]) -> bool:
    """Tell whether each swapped letter of a key found at `start` was a leet "1", "|" or "!"."""
    raw = view.raw
    offsets = view.offsets
    for i in swapped:
        ch = raw[offsets[start + i]]
        if ch not in _LEET_AMBIGUOUS and TABLE[ch][0] not in _LEET_AMBIGUOUS:
            return False
    return True


def _stretched(view: NormalizedText, start: int, end: int) -> bool:
    """Tell whether the raw text behind a span holds a run of three letters."""
    raw_start, raw_end = view.to_raw(start, end)
    return _RAW_STRETCH.search(view.raw[raw_start:raw_end].casefold()) is not None


class Matcher:
    """Find lexicon terms in normalized text in one pass, whatever their number."""

    __slots__ = ("_automaton", "_has_allow", "_size")

    def __init__(self, terms: Iterable[Term], allow: Iterable[str] = ()) -> None:
        # Entries go straight into the automaton, each key's tuple grown as its terms come:
        # a table of lists built beside it first raised the bot's peak RSS by 9 MB and
        # left 9 MB more behind (bench/memory.py, one community).
        automaton: Any = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)

        def add(compiled: list[tuple[str, _Entry]]) -> None:
            for text, entry in compiled:
                automaton.add_word(text, (*automaton.get(text, ()), entry))

        size = 0
        for term in terms:
            add(_compile(term.pattern, term, loose=term.loose))
            size += 1
        has_allow = False
        for phrase in allow:
            add(_compile(phrase, None, loose=False))
            has_allow = True
        if len(automaton):
            automaton.make_automaton()
        else:
            automaton = None
        self._automaton = automaton
        self._has_allow = has_allow
        self._size = size

    def __len__(self) -> int:
        """Return the number of terms."""
        return self._size

    def find(self, text: NormalizedText | str) -> list[Hit]:
        """Return every hit in ``text`` (a str is normalized first), in text order."""
        return [
            Hit(key, term, start, end, weight) for start, end, key, term, weight in self.spans(text)
        ]

    def spans(self, text: NormalizedText | str) -> list[tuple[int, int, str, str, float]]:
        """Return what `find` returns as plain ``(start, end, key, term, weight)`` tuples.

        For callers that turn every hit into their own record: no object per hit here.
        """
        view = text if isinstance(text, NormalizedText) else normalize(text)
        if self._automaton is None:
            return []
        best: dict[tuple[int, int, str], Term] = {}
        allowed: list[tuple[int, int]] = []
        for start, end, term in self._scan(view, first=False):
            if term is None:
                allowed.append((start, end))
                continue
            span = (start, end, term.key)
            known = best.get(span)
            if known is None or term.weight > known.weight:
                best[span] = term
        if not best:
            return []
        spans = sorted(best) if len(best) > 1 else list(best)
        if allowed:
            spans = [x for x in spans if not any(a <= x[0] and x[1] <= b for a, b in allowed)]
        out = []
        for span in spans:
            term = best[span]
            out.append((span[0], span[1], span[2], term.pattern, term.weight))
        return out

    def first(self, text: NormalizedText | str) -> Hit | None:
        """Return the first hit found, stopping early when no allow phrase could veto it."""
        view = text if isinstance(text, NormalizedText) else normalize(text)
        if self._automaton is None:
            return None
        if self._has_allow:
            hits = self.find(view)
            return hits[0] if hits else None
        for start, end, term in self._scan(view, first=True):
            if term is not None:
                return Hit(term.key, term.pattern, start, end, term.weight)
        return None

    def _scan(self, view: NormalizedText, *, first: bool) -> list[tuple[int, int, Term | None]]:
        """Return the spans of every term and allow phrase that really matches.

        With `first`, stop at the first term. A list, not a generator: resuming a
        generator per hit costs more than the list.
        """
        s = view.text
        n = len(s)
        words: _Words | None = None
        found: list[tuple[int, int, Term | None]] = []
        word_chars = _WORD_CHARS
        breaks = view.breaks
        for last, entries in self._automaton.iter(s):
            end0 = last + 1
            for length, lmode, rmode, needs_stretch, swapped, seams, term in entries:
                start = end0 - length
                end = end0
                if swapped and not _leet_read(view, start, swapped):
                    continue
                if seams and not _seams_read(view, start, seams):
                    continue
                if (
                    lmode == _BOUNDARY
                    and start > 0
                    and s[start - 1] in word_chars
                    and not (breaks and _broken(view, start, length))
                ):
                    continue
                if (
                    rmode == _BOUNDARY
                    and end < n
                    and s[end] in word_chars
                    and not (breaks and _broken(view, end, length))
                ):
                    continue
                if lmode == _EXTEND:
                    words = words or _Words(s)
                    start = words.start_of(start)
                if rmode == _EXTEND:
                    words = words or _Words(s)
                    end = words.end_of(end)
                if needs_stretch and not _stretched(view, start, end):
                    continue
                found.append((start, end, term))
                if first and term is not None:
                    return found
        return found


def _word_end(text: str, pos: int) -> int:
    """Return where the run of word characters starting at ``pos`` ends."""
    m = _WORD_TAIL.match(text, pos)
    return m.end() if m else pos


class _Words:
    """Grow wildcard hits over the word around them, in linear time overall.

    Each hit is grown directly while that stays cheap; a text built so that
    many hits share one long word switches to an index of its words.
    """

    __slots__ = ("_budget", "_index", "_reversed", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._reversed = text[::-1]
        self._budget = 4 * len(text) + 64
        self._index: tuple[list[int], list[int]] | None = None

    def start_of(self, pos: int) -> int:
        """Return where the word running up to ``pos`` starts, or ``pos``."""
        if self._budget > 0:
            n = len(self._text)
            start = n - _word_end(self._reversed, n - pos)
            self._budget -= pos - start
            return start
        starts, ends = self._words()
        i = bisect_left(ends, pos)
        return starts[i] if i < len(ends) and starts[i] < pos else pos

    def end_of(self, pos: int) -> int:
        """Return where the word running from ``pos`` ends, or ``pos``."""
        if self._budget > 0:
            end = _word_end(self._text, pos)
            self._budget -= end - pos
            return end
        starts, ends = self._words()
        i = bisect_right(starts, pos) - 1
        return ends[i] if i >= 0 and ends[i] > pos else pos

    def _words(self) -> tuple[list[int], list[int]]:
        """Return the starts and ends of every word, indexed once."""
        if self._index is None:
            spans = [m.span() for m in _WORD_RUN.finditer(self._text)]
            self._index = ([a for a, _ in spans], [b for _, b in spans])
        return self._index
