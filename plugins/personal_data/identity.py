"""Identity numbers named as such: passport, national insurance, social security, PPS, student."""

from __future__ import annotations

import re
from typing import Final

from plugins.personal_data.found import Found, word_set

__all__ = ["find_identity_numbers", "may_hold_identity_number"]

_NUMBER_WORD: Final = r"(?:number|no\.?|num(?:[ée]ro)?|n°|id|card)"
# Names of identity documents and numbers, FR and EN; the number is read right after one.
# A student or a licence is only a document with a number word ("n° étudiant", "student ID").
_NAMED: Final = re.compile(
    r"\b(?:(?:passport|passeport|national\s+insurance|ni(?=\s+(?:number|no\b))|nino|ssn"
    r"|social\s+security|s[ée]cu"
    r"(?:rit[ée]\s+sociale)?|ppsn?|nir|avs|ahv|registre\s+national|num[ée]ro\s+national"
    r"|carte\s+d'identit[ée]|id\s+card|identity\s+card)"
    rf"(?:\s+{_NUMBER_WORD})?"
    rf"|{_NUMBER_WORD}\s+(?:d'|de\s+)?(?:[ée]tudiant|student|permis|licen[cs]e)"
    rf"|(?:[ée]tudiant|student|driving\s+licen[cs]e|driver'?s\s+license|permis)\s+{_NUMBER_WORD})"
    r"(?:\s*(?:is|c'est|est|:|=|it's|n°|no\.?)\s*|\s+)",
    re.IGNORECASE,
)
# Words one of the names above holds: without one, no regex runs.
_HINT_WORDS: Final = word_set(
    "passport passeport insurance ni nino ssn pps ppsn security sécu secu sécurité securite nir"
    " avs ahv"
    " national identité identite identity id licence license permis étudiant etudiant"
    " student"
)
# A group holds digits, or is one or two capitals ("QQ 12 34 56 C"): "ok" after it is a word.
_GROUP: Final = r"(?:[A-Za-z]{0,3}\d+[A-Za-z]{0,2}|[A-Z]{1,2})"
_NUMBER: Final = re.compile(rf"{_GROUP}(?:[ .\-/]{_GROUP}){{0,8}}(?![\w])")
_LEAST_DIGITS: Final = 6


def may_hold_identity_number(words: frozenset[str], digits: int) -> bool:
    """Tell cheaply whether the text could name an identity number."""
    return digits >= _LEAST_DIGITS and not words.isdisjoint(_HINT_WORDS)


def find_identity_numbers(raw: str) -> list[Found]:
    """Find identity numbers given right after the name of the document or the number."""
    found: list[Found] = []
    for m in _NAMED.finditer(raw):
        number = _NUMBER.match(raw, m.end())
        if number is None:
            continue
        value = number.group()
        if sum(c.isdigit() for c in value) < _LEAST_DIGITS:
            continue
        found.append(Found(kind="id", start=number.start(), end=number.end(), value=value))
    return found
