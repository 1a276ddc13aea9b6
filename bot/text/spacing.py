"""Collapse whitespace and join letters spelled out with separators."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from typing import Final, NamedTuple

from bot.text.offsets import Edit

_WHITESPACE: Final = re.compile(r"^ +| +$| {2,}")
_SEP: Final = r"[ .\-_*·•,/+~|:]"
_SEP_CHARS: Final = frozenset(" .-_*·•,/+~|:")
_NON_SPACE_SEP: Final = r"[.\-_*·•,/+~|:]"
_UNIT: Final = r"[a-z013457]"
# A unit then at least two more, each after one to three separators.
_SPACED: Final = re.compile(rf"(?<![^\W_]){_UNIT}(?:{_SEP}{{1,3}}{_UNIT}){{2,}}(?![^\W_])")
# Cheap necessary condition for _SPACED, run on the text padded with spaces:
# a unit between separators, ignoring " a " and " y " of ordinary prose.
_SPACED_HINT: Final = re.compile(
    rf"{_SEP}(?:[b-hj-npr-xz013457]{_SEP}|[aiyo](?:{_NON_SPACE_SEP}|(?<={_NON_SPACE_SEP}.) ))"
)
# French and English one-letter words: a run made only of these ("il y a à")
# is prose, not a word spelled out.
_STANDALONE_LETTERS: Final = frozenset("aiyo")
# Words after which a spelled-out run starting with "a" keeps it ("une a r n a q u e");
# elsewhere that "a" is the preposition ("ajoute moi a s n a p").
# fmt: off
_DETERMINERS: Final = frozenset({
    "un", "une", "le", "la", "les", "l", "de", "des", "du", "d", "ce", "cet", "cette",
    "ces", "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "votre",
    "leur", "the", "an", "my", "your", "his", "her", "this", "that", "some",
})
# fmt: on
_LAST_WORD: Final = re.compile(r"(\w+)\W*$")
# Mixed separators ("s n-a.p") must spell a longer run than a single one:
# "y a-t" of "y a-t-il" is prose.
_MIXED_MIN_UNITS: Final = 4
# Spelled-out digits this many in a row are a number ("p a y 1 5 0").
_NUMBER_MIN_DIGITS: Final = 3
# Stands for a blank wider than one space between spelled-out letters.
_WIDE: Final = "  "
# A word spelled out with no wider blank may be two ("e i g h t h t o n i g h t"):
# each gap with at least this many letters on both sides may end a word.
_MIN_SIDE: Final = 3


class Spaced(NamedTuple):
    """Joins of spelled-out letters, and where a second reading differs from them."""

    edits: list[Edit]
    #: Blanks after a leading "a" read as a word ("come a lone"): a second reading
    #: removes them ("come alone").
    seams: list[int]
    #: Letters inside a joined word where a second reading starts another word
    #: ("eighthtonight" read "eighth tonight").
    breaks: list[int]


# Returned for most texts; never mutated.
_NOTHING: Final = Spaced([], [], [])


def whitespace_edits(text: str) -> list[Edit]:
    """Strip the ends and turn every whitespace run into one space."""
    n = len(text)
    return [
        (m.start(), m.end(), "", [])
        if m.start() == 0 or m.end() == n
        else (m.start(), m.end(), " ", [m.start()])
        for m in _WHITESPACE.finditer(text)
    ]


def spaced_edits(text: str, raw: str = "", raw_index: Callable[[int], int] | None = None) -> Spaced:
    """Join single letters spelled out with separators ("s.n.a.p", "s n-a.p").

    Positions are those of ``text``. ``raw_index`` maps one to its index in
    ``raw``: a leading "à" is always the preposition, never the first letter,
    and a wider gap in the raw text ("c o m e  a l o n e") ends a word.
    """
    if not _SPACED_HINT.search(f" {text} "):
        return _NOTHING
    found = Spaced([], [], [])
    for m in _SPACED.finditer(text):
        positions = [p for p in range(m.start(), m.end()) if text[p] not in _SEP_CHARS]
        seps = [text[a + 1 : b] for a, b in itertools.pairwise(positions)]
        if raw_index is not None:
            seps = [
                _WIDE if sep == " " and _is_wide(raw, raw_index(a), raw_index(b)) else sep
                for a, b, sep in zip(positions, positions[1:], seps, strict=False)
            ]
        positions, seps, seam = _trim(text, positions, seps, raw, raw_index)
        if len(set(seps)) > 1 and len(positions) < _MIXED_MIN_UNITS:
            continue
        for word in _words(positions, seps):
            run = _without_numbers(text, word)
            units = "".join(text[p] for p in run)
            letters = [u for u in units if not u.isdigit()]
            if len(letters) < 2:
                continue
            if " " in seps and _STANDALONE_LETTERS.issuperset(letters):
                continue
            if seam is not None and run[0] == positions[0]:
                found.seams.append(seam)
            found.breaks.extend(run[_MIN_SIDE : len(run) - _MIN_SIDE + 1])
            found.edits.append((run[0], run[-1] + 1, units, run))
    return found


def _words(positions: list[int], seps: list[str]) -> list[list[int]]:
    """Split a run where its separator changes from the usual one, when a part stands alone.

    "v.i.e.n.s s.e.u.l" and "m a s s a g e + f i n i" are two words, "c.o.k.e a 5"
    is one word and two others typed as such; "s.n a.p" and "s n-a.p" are one word.
    """
    if not positions:
        return []
    ranked = Counter(seps).most_common(2)
    if len(ranked) > 1 and ranked[0][1] > ranked[1][1]:
        usual = ranked[0][0]
        words: list[list[int]] = [[positions[0]]]
        for p, sep in zip(positions[1:], seps, strict=True):
            if sep == usual:
                words[-1].append(p)
            else:
                words.append([p])
        if any(len(w) >= 3 for w in words):
            # Beside a word spelled out, two letters set apart the same way are a word
            # spelled out too ("S U B  T O  ...", "l i n k  i n  b i o"); one letter alone
            # is the prose around it ("c.o.k.e a 5").
            return [w for w in words if len(w) >= 2]
    return [positions] if len(positions) >= 3 else []


def _without_numbers(text: str, run: list[int]) -> list[int]:
    """Leave out the numbers at the ends of a spelled-out word ("1 h r 1 5 0" is "1 hr 1 5 0").

    Three digits or more in a row are a number, not leetspeak; once a word ends
    with one, digits at its other end are a quantity too, not letters.
    """
    lead = _digit_count(text, run)
    trail = _digit_count(text, run[::-1])
    if lead == len(run) or max(lead, trail) < _NUMBER_MIN_DIGITS:
        return run
    return run[lead : len(run) - trail]


def _digit_count(text: str, run: list[int]) -> int:
    """Count the digits that open ``run``."""
    count = 0
    for p in run:
        if not text[p].isdigit():
            break
        count += 1
    return count


def _is_wide(raw: str, start: int, stop: int) -> bool:
    """Tell whether the raw text between two spelled-out letters holds a wide blank.

    Two blanks, a line break or a tab are wider than the usual gap.
    """
    gap = raw[start + 1 : stop]
    return sum(1 for c in gap if c.isspace()) > 1 or "\n" in gap or "\t" in gap


def _trim(
    text: str,
    positions: list[int],
    seps: list[str],
    raw: str,
    raw_index: Callable[[int], int] | None,
) -> tuple[list[int], list[str], int | None]:
    """Drop a preposition glued to a spelled-out run ("à s n a p", "moi a s n a p").

    Also drop the last letter of a mention glued to it ("@nadia_b s a l e").

    Also return the position of the blank after a dropped "a" that may as well be
    the first letter ("come a l o n e"); "à" is always the preposition.
    """
    if raw_index is not None and raw[raw_index(positions[0])] in "àÀ":
        return positions[1:], seps[1:], None
    first = positions[0]
    if first and text[first - 1] in "_.-" and text.startswith("@", text.rfind(" ", 0, first) + 1):
        # The last letter of a handle ("@nadia_b s a l e"), not the first of the word.
        return positions[1:], seps[1:], None
    if text[positions[0]] == "a" and set(seps) == {" "}:
        before = _LAST_WORD.search(text, 0, positions[0])
        if before is not None and before.group(1) not in _DETERMINERS:
            return positions[1:], seps[1:], positions[0] + 1
    return positions, seps, None
