"""Recover the digits people hide: spelled-out numbers, keycap emoji, invisible separators.

"zéro six, trente-neuf, quatre-vingt-dix-huit" and "0️⃣6️⃣ 3️⃣9️⃣" are read as
"06 39 98": each run of numbers becomes a candidate string whose characters
remember the raw offsets they came from, so a report can highlight the source.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Final

from plugins.personal_data.found import Found

__all__ = [
    "NUMBER_WORDS",
    "DigitRun",
    "Undisguised",
    "digit_runs",
    "has_number_words",
    "number_before",
    "undisguise",
    "words_of",
]

_UNITS: Final[dict[str, int]] = {
    "zero": 0, "oh": 0, "nought": 0,
    "un": 1, "une": 1, "one": 1,
    "deux": 2, "two": 2,
    "trois": 3, "three": 3,
    "quatre": 4, "four": 4,
    "cinq": 5, "five": 5,
    "six": 6,
    "sept": 7, "seven": 7,
    "huit": 8, "eight": 8,
    "neuf": 9, "nine": 9,
}  # fmt: skip
_TEENS: Final[dict[str, int]] = {
    "dix": 10, "ten": 10,
    "onze": 11, "eleven": 11,
    "douze": 12, "twelve": 12,
    "treize": 13, "thirteen": 13,
    "quatorze": 14, "fourteen": 14,
    "quinze": 15, "fifteen": 15,
    "seize": 16, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS: Final[dict[str, int]] = {
    "vingt": 20, "vingts": 20, "twenty": 20,
    "trente": 30, "thirty": 30,
    "quarante": 40, "forty": 40, "fourty": 40,
    "cinquante": 50, "fifty": 50,
    "soixante": 60, "sixty": 60,
    "septante": 70, "seventy": 70,
    "huitante": 80, "octante": 80, "eighty": 80,
    "nonante": 90, "ninety": 90,
}  # fmt: skip
_REPEAT: Final[dict[str, int]] = {"double": 2, "triple": 3}
# "nine hundred" read out in a phone number is 9-0-0.
_ZEROS: Final[dict[str, str]] = {"hundred": "00", "thousand": "000"}
_JOINERS: Final = frozenset({"et", "and"})
_ONES_AFTER_JOINER: Final[dict[str, int]] = {"un": 1, "une": 1, "one": 1, "onze": 11}
_NUMBER_WORDS: Final = frozenset(_UNITS).union(_TEENS, _TENS, _REPEAT, _ZEROS)

#: Number words as they are typed (with accents), for the cheap word-set test.
NUMBER_WORDS: Final = _NUMBER_WORDS | {"zéro", "quatre-vingt", "quatre-vingts"}
# Punctuation that glues words in chat ("six,", "trente-neuf", "(zero)"); chained
# str.replace runs in C and beats both str.translate with a dict and a regex split.
_GLUE: Final = (",", ".", "-", "'", "\u2019", "(", ")", "[", "]", ":", "!", "?", "/", ";", "*", "_")
_TOKEN: Final = re.compile(r"[^\W_]+|\S")
_PART: Final = re.compile(r"[^\W\d_]+|\S")
# Letters typed for digits inside a number ("07700 9OO 482", "5l4-555-Ol56").
_LETTER_DIGITS: Final = str.maketrans("oOlI", "0011")
# Digits typed for letters inside a spelled number ("f1ve", "f0ur", "thr33"); a 1 may be
# an i or an l.
_LEET_I: Final = str.maketrans("013457", "oieast")
_LEET_L: Final = str.maketrans("013457", "oleast")
# Characters that sit between digits without separating them: keycap marks,
# variation selectors and the invisible characters of evasion.
_IGNORABLE: Final = frozenset("\ufe0f\ufe0e\u20e3\u00ad")
_SEPARATORS: Final = frozenset(".,;:-_/|()[]{}*·•~'\u2019\"")
_MIN_DIGITS: Final = 8
# The invisible characters of evasion (zero-width spaces and joiners, word joiner, BOM,
# soft hyphen, direction marks).
_INVISIBLES: Final = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def words_of(text: str) -> frozenset[str]:
    """Return the lower-case words of a text, split on spaces and punctuation."""
    # Words split by invisible characters ("r\u200bu\u200be") are read whole.
    low = _INVISIBLES.sub("", text.lower()) if _INVISIBLES.search(text) else text.lower()
    for mark in _GLUE:
        if mark in low:
            low = low.replace(mark, " ")
    return frozenset(low.split())


def has_number_words(text: str, minimum: int = 3, words: frozenset[str] | None = None) -> bool:
    """Tell whether the text holds enough distinct spelled numbers to hide a phone number."""
    words = words_of(text) if words is None else words
    return len(words & NUMBER_WORDS) >= minimum


def _fold(word: str) -> str:
    word = word.casefold()
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def _read_small(w: str, nxt: str) -> tuple[int, int] | None:
    """Read a number below twenty ("dix-sept" included): its value and words used."""
    if w == "dix" and nxt in ("sept", "huit", "neuf"):
        return 10 + _UNITS[nxt], 2
    value = _TEENS.get(w, _UNITS.get(w))
    return None if value is None else (value, 1)


def _read_tens_tail(tens: int, a: str, b: str) -> tuple[int, int]:
    """Read what follows a tens word: "et un", "-dix-sept" (60, 80), "-douze", "-sept"."""
    if a in _JOINERS and b in _ONES_AFTER_JOINER:
        return tens + _ONES_AFTER_JOINER[b], 2
    if tens in (60, 80) and a == "dix" and b in ("sept", "huit", "neuf"):
        return tens + 10 + _UNITS[b], 2
    if tens in (60, 80) and a in _TEENS and _TEENS[a] <= 16:
        return tens + _TEENS[a], 1
    if a in _UNITS and _UNITS[a] > 0:
        return tens + _UNITS[a], 1
    return tens, 0


def _read_group(words: list[str], i: int) -> tuple[str, int] | None:
    """Read one spelled number at ``words[i]``: its digits and how many words it used."""
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w in _REPEAT:
        return (str(_UNITS[nxt]) * _REPEAT[w], 2) if nxt in _UNITS else None
    if w == "quatre" and nxt in ("vingt", "vingts"):
        tens, used = 80, 2
    elif w in _TENS:
        tens, used = _TENS[w], 1
    else:
        small = _read_small(w, nxt)
        if small is None:
            return None
        value, used = small
        after = words[i + used] if i + used < len(words) else ""
        if value and after in _ZEROS:
            return str(value) + _ZEROS[after], used + 1
        return str(value), used
    a = words[i + used] if i + used < len(words) else ""
    b = words[i + used + 1] if i + used + 1 < len(words) else ""
    value, more = _read_tens_tail(tens, a, b)
    return str(value), used + more


class _Builder:
    """Accumulate one run of digits and the raw offsets behind each character."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.words: list[tuple[str, int, int]] = []
        self.disguised = False
        self.spoken = False
        self.runs: list[DigitRun] = []

    def digit(self, d: str, at: int, *, disguised: bool = False) -> None:
        self.flush_words()
        self.chars.append(d)
        self.offsets.append(at)
        self.disguised = self.disguised or disguised

    def space(self, at: int) -> None:
        if self.words:
            return  # "vingt-sept": the hyphen is inside one spelled number
        if self.chars and self.chars[-1] != " ":
            self.chars.append(" ")
            self.offsets.append(at)

    def plus(self, at: int) -> None:
        self.flush_words()
        if any(c.isdigit() for c in self.chars):
            self.close()
        self.chars[:] = ["+"]
        self.offsets[:] = [at]

    def flush_words(self) -> None:
        words = [w for w, _, _ in self.words]
        i = 0
        while i < len(words):
            got = _read_group(words, i)
            if got is None:
                i += 1
                continue
            digits, used = got
            start, end = self.words[i][1], self.words[i + used - 1][2]
            if self.chars and self.chars[-1] not in " +":
                self.chars.append(" ")
                self.offsets.append(start)
            self.spoken = self.spoken or not any(c.isdigit() for c in self.chars)
            for k, d in enumerate(digits):
                self.chars.append(d)
                self.offsets.append(start if k == 0 else end - 1)
            self.disguised = True
            i += used
        if self.words and self.chars and self.chars[-1] != " ":
            # A digit typed after spelled words starts a new group.
            self.chars.append(" ")
            self.offsets.append(self.words[-1][2])
        self.words.clear()

    def close(self) -> None:
        self.flush_words()
        text = "".join(self.chars).rstrip()
        if sum(c.isdigit() for c in text) >= _MIN_DIGITS:
            offsets = tuple(self.offsets[: len(text)])
            self.runs.append(DigitRun(text, offsets, self.disguised, self.spoken))
        self.chars.clear()
        self.offsets.clear()
        self.disguised = False
        self.spoken = False


def digit_runs(raw: str) -> list[DigitRun]:
    """Return the runs of digits, spelled or not, long enough to hold a phone number."""
    run = _Builder()
    hidden = False  # an invisible or keycap character seen since the last digit
    for start, end, s, lookalike in _tokens(raw):
        hidden = hidden or lookalike  # letters typed for digits: the run is disguised
        if s[0].isalpha():
            word = _fold(s)
            if word in _NUMBER_WORDS or (word in _JOINERS and run.words):
                run.words.append((word, start, end))
            elif word == "o" and raw[end : end + 1].isdigit():
                run.digit("0", start, disguised=True)  # letter O typed for a zero
            else:
                run.close()
            continue
        for k, ch in enumerate(s):
            at = start + k
            value = unicodedata.digit(ch, -1)
            if value >= 0:
                run.digit(str(value), at, disguised=hidden or not ch.isascii())
                hidden = False
            elif ch == "+":
                run.plus(at)
            elif ch in _IGNORABLE or unicodedata.category(ch) in ("Cf", "Mn", "Me"):
                hidden = True
            elif ch in _SEPARATORS or not ch.isalnum():
                # Any symbol between digit groups is a separator ("06 ▪ 12", "06•12").
                run.space(at)
            else:
                run.close()
        if end < len(raw) and raw[end].isspace():
            run.space(end)
    run.close()
    return run.runs


def _tokens(raw: str) -> list[tuple[int, int, str, bool]]:
    """Split the text into words, digit groups and symbols; read mixed tokens.

    A token of digits and lookalike letters ("9OO", "Ol56") is a digit group, returned
    with its letters turned into digits and the flag set; a number word typed with
    digits ("f1ve") is returned as the word; any other mix splits into letters and digits.
    """
    out: list[tuple[int, int, str, bool]] = []
    for m in _TOKEN.finditer(raw):
        s = m.group()
        start, end = m.span()
        if s.isalpha() or len(s) == 1 or s.isdigit():
            out.append((start, end, s, False))
            continue
        if s.isascii():
            as_digits = s.translate(_LETTER_DIGITS)
            if as_digits.isdigit():
                out.append((start, end, as_digits, True))
                continue
            low = s.lower()
            word = low.translate(_LEET_I)
            if word not in _NUMBER_WORDS:
                word = low.translate(_LEET_L)
            if word in _NUMBER_WORDS:
                out.append((start, end, word, False))
                continue
        out += [(start + p.start(), start + p.end(), p.group(), False) for p in _PART.finditer(s)]
    return out


@dataclass(frozen=True, slots=True)
class Undisguised:
    """A text read out of the raw one (disguise undone), with the raw offset of each character."""

    text: str
    offsets: tuple[int, ...]  # the raw offset of each character of ``text``

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` of ``text`` to the raw span that produced it."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def in_raw(self, found: Iterable[Found]) -> Iterator[Found]:
        """Map what a finder found in ``text`` back to the raw text, marked disguised."""
        for f in found:
            start, end = self.raw_span(f.start, f.end)
            yield replace(f, start=start, end=end, disguised=True)


@dataclass(frozen=True, slots=True)
class DigitRun(Undisguised):
    """A run of digits read from the raw text, with the raw offset of each character."""

    disguised: bool
    spoken: bool = False  # opens with a spelled-out number, as read aloud


_WORD: Final = re.compile(r"[^\W\d_]+")
# One alone before a street is an article, not a house number.
_ARTICLES: Final = frozenset({"un", "une", "one"})


def number_before(text: str, end: int) -> tuple[int, str] | None:
    """Read a spelled number ending at ``end`` ("quatorze ", "vingt-deux "): start, digits."""
    words = list(_WORD.finditer(text, max(0, end - 40), end))
    # Longest first: "quatre-vingt-dix" before "dix"; the number must end at ``end``.
    for k in range(min(4, len(words)), 0, -1):
        group = words[-k:]
        gap = text[group[-1].end() : end]
        if gap.strip(" -"):
            continue
        folded = [_fold(w.group()) for w in group]
        if k == 1 and folded[0] in _ARTICLES:
            continue  # an article ("elle habite une rue calme"), not a house number
        read = _read_group(folded, 0)
        if read is not None and read[1] == k:
            return group[0].start(), read[0]
    return None


def undisguise(raw: str, before: re.Pattern[str] | None) -> Undisguised | None:
    """Drop invisible characters, and put in digits a spelled number just before ``before``.

    Return None when there is nothing to undo. ``before`` finds where a number is expected
    to end (the kind of street of an address: "quatorze rue…", "twelve Church Road"); with
    None, only the invisible characters are dropped.
    """
    if _INVISIBLES.search(raw):
        kept = [(i, c) for i, c in enumerate(raw) if not _INVISIBLES.match(c)]
        text = "".join(c for _, c in kept)
        offsets = [i for i, _ in kept]
        changed = True
    else:
        text, offsets, changed = raw, list(range(len(raw))), False
    for m in reversed(list(before.finditer(text)) if before is not None else []):
        found = number_before(text, m.start())
        if found is None:
            continue
        start, digits = found
        end = m.start() - 1  # keep the space before the street word
        text = text[:start] + digits + text[end:]
        offsets[start:end] = [offsets[start]] * len(digits)
        changed = True
    return Undisguised(text, tuple(offsets)) if changed else None
