"""Dates of birth given as such: "née le 03/02/2004", "DOB 14/02/1992", "born 3 April 2004"."""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from plugins.personal_data.found import Found, word_set

__all__ = ["find_birthdates", "may_hold_birthdate"]

_MONTHS: Final = {
    **dict.fromkeys(("janvier", "janv", "january", "jan"), 1),
    **dict.fromkeys(("fevrier", "février", "fevr", "févr", "february", "feb"), 2),
    **dict.fromkeys(("mars", "march", "mar"), 3),
    **dict.fromkeys(("avril", "avr", "april", "apr"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juin", "june", "jun"), 6),
    **dict.fromkeys(("juillet", "juil", "july", "jul"), 7),
    **dict.fromkeys(("aout", "août", "august", "aug"), 8),
    **dict.fromkeys(("septembre", "sept", "september", "sep"), 9),
    **dict.fromkeys(("octobre", "oct", "october"), 10),
    **dict.fromkeys(("novembre", "nov", "november"), 11),
    **dict.fromkeys(("decembre", "décembre", "dec", "déc", "december"), 12),
}
# The words that say a birth date follows; a date alone is an appointment or a deadline.
_CUE: Final = (
    r"(?:n[ée]e?s?|born|d\.?o\.?b\.?|date\s+de\s+naissance|date\s+of\s+birth|birth\s*date"
    r"|birthdate)"
)
_LINK: Final = r"(?:\s*(?:le|the|on|:|=|-|is|was|c['\u2019]est|est)(?![^\W\d_])){0,3}\s*"
_YEAR: Final = r"(?:19|20)\d\d"
_MONTH: Final = r"[^\W\d_]{3,9}"
_NUMERIC: Final = rf"(?P<d>\d{{1,2}})\s?[/.\-]\s?(?P<m>\d{{1,2}})\s?[/.\-]\s?(?P<y>{_YEAR})"
_ORDINAL: Final = r"(?:er|st|nd|rd|th)?"
_NAMED: Final = rf"(?P<nd>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<nm>{_MONTH})\.?,?\s+(?P<ny>{_YEAR})"
_ENGLISH: Final = rf"(?P<em>{_MONTH})\.?\s+(?P<ed>\d{{1,2}}){_ORDINAL},?\s+(?P<ey>{_YEAR})"
_BIRTHDATE: Final = re.compile(
    rf"\b{_CUE}{_LINK}(?:{_NUMERIC}|{_NAMED}|{_ENGLISH})(?!\d)", re.IGNORECASE
)
# Words one of the cues holds: without one, no regex runs. "D.O.B." is cut into letters.
_HINT_WORDS: Final = word_set("né née nés nées ne nee born dob naissance birth birthdate")
_DOB_LETTERS: Final = frozenset("dob")


def may_hold_birthdate(words: frozenset[str], digits: int) -> bool:
    """Tell cheaply whether the text could give a date of birth: a cue word and a year."""
    return digits >= 4 and (not words.isdisjoint(_HINT_WORDS) or words >= _DOB_LETTERS)


def _day(m: re.Match[str]) -> date | None:
    """Return the date a match reads, or None when no calendar has it."""
    if m.group("d"):
        day, month, year = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    elif m.group("nd"):
        day, year = int(m.group("nd")), int(m.group("ny"))
        month = _MONTHS.get(m.group("nm").lower(), 0)
    else:
        day, year = int(m.group("ed")), int(m.group("ey"))
        month = _MONTHS.get(m.group("em").lower(), 0)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_birthdates(raw: str) -> list[Found]:
    """Find dates of birth right after a word saying so, with a year and a real day."""
    found: list[Found] = []
    for m in _BIRTHDATE.finditer(raw):
        born = _day(m)
        if born is None:
            continue
        start = next(m.start(g) for g in ("d", "nd", "em") if m.group(g))
        found.append(Found(kind="birthdate", start=start, end=m.end(), value=born.isoformat()))
    return found
