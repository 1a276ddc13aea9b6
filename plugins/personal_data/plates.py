"""Registration plates: the French AA-123-AA, and any country's plate named as a plate."""

from __future__ import annotations

import re
from typing import Final

from plugins.personal_data.found import Found, overlaps, word_set

__all__ = ["PLATE_WORDS", "find_plates", "speaks_of_someone_else"]

_PLATE: Final = re.compile(r"(?<![\w-])([A-HJ-NP-TV-Z]{2})-(\d{3})-([A-HJ-NP-TV-Z]{2})(?![\w-])")
# The British layout since 2001 (two letters, the age digits, three letters), capitals only.
_UK_PLATE: Final = re.compile(r"(?<![\w-])[A-HJ-PR-Y][A-HJ-PR-Y]\d{2} ?[A-HJ-PR-Z]{3}(?![\w-])")
#: Words that name a plate; a plate in another layout is only read right after one.
PLATE_WORDS: Final = word_set(
    "plate plates numberplate reg registration plaque plaques immat immatriculation immatriculée"
    " immatriculee"
)
_NAMED: Final = re.compile(
    r"\b(?:(?:number|licen[cs]e|reg(?:istration)?)\s+)?(?:plates?|numberplate|reg|registration"
    r"|plaques?|immat(?:riculation|riculée|riculee)?)\b(?:\s+d'immatriculation)?"
    r"(?:\s*(?:number|no\.?|n°|num(?:éro|ero)?|is|was|c'est|est|=|:)\s*)?\s*",
    re.IGNORECASE,
)
# One group of a plate: letters and digits, or a single character of a spaced-out plate.
_GROUP: Final = re.compile(r"[A-Za-z0-9]+")
_GROUP_GAP: Final = re.compile(r"[ .\-\u2013]{1,3}")
_MOST_GROUPS: Final = 9
_LEAST, _MOST = 5, 9
_VEHICLE: Final = (
    r"(?:car|van|truck|bike|motorbike|jeep|suv|ride|whip|plate|reg|voiture|caisse|bagnole"
    r"|plaque|immat\w*|moto|scooter|camion|camionnette|vehicule|4x4)"
)
# The author's own vehicle, or one for sale: its plate is no one's secret.
_OWN_VEHICLE: Final = re.compile(
    rf"\b(?:my|mine|our|ma|mon|notre|nos|mes)\s+(?:[a-z]+\s+)?{_VEHICLE}\b"
    r"|\b(?:for\s+sale|selling|a\s+vendre|je\s+vends|vends)\b"
)
# A plate given to find a driver who did harm or to report a theft: a witness appeal, not
# an exposure ("the guy who hit my car, his plate was…", "délit de fuite", "volée").
_APPEAL: Final = re.compile(
    r"\b(?:hit\s+(?:me|my|our)|hit\s+and\s+run|crashed\s+into|ran\s+(?:me|a\s+red)|witness\w*"
    r"|police|cops|stolen|nicked|accident|dashcam|delit\s+de\s+fuite|accroch\w+|embouti\w*"
    r"|renvers\w+|temoin\w*|vol[eé]e?s?|flics|gendarmes?|plainte)\b"
)
# Someone else: a possessive, a third person, a car that parks somewhere every day.
_OTHERS: Final = re.compile(
    r"\b(?:his|her|their|him|he|she|they|he's|she's|[a-z]+'s|sa|son|leur|lui|il|elle)\b"
    r"|\b(?:parks|drives)\b|\bse\s+gare\b"
)


def _named_plate(raw: str, start: int) -> tuple[str, int] | None:
    """Read the plate that starts at ``start``, right after a plate word, and where it ends."""
    groups: list[str] = []
    end = start
    mixed = False
    upper = False
    pos = start
    while len(groups) < _MOST_GROUPS:
        m = _GROUP.match(raw, pos)
        if m is None:
            break
        group = m.group()
        has_digit = any(c.isdigit() for c in group)
        # A lowercase word is a plate's letters only after a lowercase group that mixed
        # letters and digits ("yk19 exm"); "plate 12 was" stops at "was", "BA13 de" at "de".
        letters_ok = len(group) == 1 or group.isupper() or (mixed and not upper)
        if not has_digit and (len(group) > 3 or not letters_ok):
            break
        if has_digit and not group.isascii():
            break
        mixed = mixed or (has_digit and not group.isdigit())
        upper = upper or group.isupper()
        groups.append(group)
        end = m.end()
        gap = _GROUP_GAP.match(raw, end)
        if gap is None:
            break
        pos = gap.end()
    plate = "".join(groups).upper()
    digits = sum(c.isdigit() for c in plate)
    if not _LEAST <= len(plate) <= _MOST or digits < 2 or digits == len(plate):
        return None
    return plate, end


def find_plates(raw: str, words: frozenset[str] | None = None) -> list[Found]:
    """Find French (AA-123-AA) and British (AB12 CDE) plates, and any layout after a plate word."""
    found = (
        [
            Found(kind="plate", start=m.start(), end=m.end(), value=m.group())
            for m in _PLATE.finditer(raw)
            if m.group(1) not in ("SS", "WW")
        ]
        if "-" in raw
        else []
    )
    found += [
        Found(kind="plate", start=m.start(), end=m.end(), value=m.group().replace(" ", ""))
        for m in _UK_PLATE.finditer(raw)
    ]
    if words is not None and words.isdisjoint(PLATE_WORDS):
        return found
    for m in _NAMED.finditer(raw):
        got = _named_plate(raw, m.end())
        if got is None or overlaps(found, m.end(), got[1]):
            continue
        found.append(Found(kind="plate", start=m.end(), end=got[1], value=got[0]))
    return found


def speaks_of_someone_else(text: str) -> bool:
    """Tell whether a normalized text speaks of someone else, not of the author's own car.

    A witness appeal or a theft report names another's plate to find them: it is let be.
    """
    if _OWN_VEHICLE.search(text) is not None or _APPEAL.search(text) is not None:
        return False
    return _OTHERS.search(text) is not None
