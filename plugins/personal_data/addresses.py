"""Postal addresses: French, Belgian and Swiss (number before or after the street) and English."""

from __future__ import annotations

import re
from typing import Final

from plugins.personal_data.found import Found, overlaps, word_set
from plugins.personal_data.spelled import undisguise

__all__ = ["find_addresses", "may_hold_address"]

_FR_STRONG: Final = (
    r"rue|avenue|boulevard|bd|blvd|impasse|all[ée]e|chemin|quai|faubourg|fbg|lotissement"
    r"|r[ée]sidence|rond-point|chauss[ée]e|sentier|ruelle|venelle|mont[ée]e|esplanade|parvis"
    r"|promenade|hameau|lieu-dit|square"
)
# Street words spelled out to dodge a filter: "r.u.e", "a v e n u e".
_SPELLED_STREET: Final = "|".join(
    r"[ .\-_*]".join(word) for word in ("rue", "avenue", "boulevard", "impasse", "allee", "chemin")
)
_SPELLED_HINT: Final = re.compile(rf"\b(?:{_SPELLED_STREET})\b", re.IGNORECASE)
_FR_WEAK: Final = r"place|pl|cours|route|rte|voie|passage|villa|cit[ée]|clos|domaine|mail|av|imp|ch"
_EN_STRONG: Final = (
    r"street|road|avenue|lane|drive|boulevard|court|crescent|terrace|grove|gardens|parkway"
    r"|highway|close|mews"
)
_EN_WEAK: Final = (
    r"st|rd|ave|av|ln|dr|blvd|ct|pl|place|way|cres|terr|gdns|sq|square|pkwy|hwy|circle|cir"
    r"|trail|trl|row|walk|hill"
)
# Any of the words above; a message without one holds no street address.
_STREET_HINT: Final = re.compile(
    rf"\b(?:{_FR_STRONG}|{_FR_WEAK}|{_EN_STRONG}|{_EN_WEAK})\b", re.IGNORECASE
)
_NAME_WORD: Final = r"[^\W\d_][\w'\u2019.-]*"
_FR_ADDRESS: Final = re.compile(
    rf"(?<![\w,.])(\d{{1,4}})(?:\s?(?:bis|ter|quater|[a-d]))?\s*,?\s+"
    rf"(?P<type>{_FR_STRONG}|{_FR_WEAK}|{_SPELLED_STREET})\.?\s+"
    rf"(?P<name>(?:(?:de\s+la|de\s+l['\u2019]|du|des|de|d['\u2019]|la|le|les|l['\u2019]|saint|sainte|st|ste)\s*)?"
    rf"{_NAME_WORD}(?:[ \-]{_NAME_WORD}){{0,3}})"
    rf"(?P<tail>\s*,?\s*(?P<cp>\d{{5}}|\d{{2}}\s\d{{3}})\s+(?P<city>[^\W\d_][\w'\u2019-]*))?",
    re.IGNORECASE,
)
# Belgian, Swiss and Quebec writing puts the number after the street: "rue des Glycines 41",
# "Avenue Louise 54, 1050 Ixelles". Only the clear kinds of street; units after the
# number ("3 fois", "2 min", "2e étage") make it prose.
_FR_NUMBER_AFTER: Final = re.compile(
    rf"(?<![\w.])(?P<type>{_FR_STRONG}|place)\.?\s+"
    rf"(?P<name>(?:(?:de\s+la|de\s+l['\u2019]|du|des|de|d['\u2019]|la|le|les|l['\u2019]|saint|sainte)\s*)?"
    rf"{_NAME_WORD}(?:[ \-]{_NAME_WORD}){{0,3}}?)\s*,?\s+"
    r"(?P<number>\d{1,4})(?:\s?(?:bis|ter|[a-d]))?(?![\w\u00b0/:.,]?\d)"
    r"(?!\s*(?:h\b|min|mn\b|ans?\b|km\b|m\b|euros?\b|€|\$|£|fois\b|%|e\b|eme|ème|er\b|ere\b"
    r"|x\b|pers|places?\b|minutes?\b|heures?\b|jours?\b|mois\b|semaines?\b|arr[eê]ts?\b))(?![a-z])",
    re.IGNORECASE,
)
_EN_ADDRESS: Final = re.compile(
    rf"(?<![\w,.])(\d{{1,5}}[a-z]?)\s+(?P<name>(?:{_NAME_WORD}\s+){{1,3}}?)"
    rf"(?P<type>{_EN_STRONG}|{_EN_WEAK})\b\.?"
    rf"(?P<tail>,?\s*(?:(?P<city>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?),?\s*)?"
    rf"(?:(?P<state>[A-Z]{{2}})\s+(?P<zip>\d{{5}}(?:-\d{{4}})?)"
    rf"|(?P<postcode>[A-Z]{{1,2}}\d[A-Z\d]?\s?\d[A-Z]{{2}})))?",
    re.IGNORECASE,
)
# Words that make "5 miles down the road" or "2 more weeks" prose, not an address.
_EN_STOP: Final = word_set(
    "the a an my your his her our their its this that these those to of in on at and or for "
    "with from by down up per miles mile km minutes mins hours times blocks block more less "
    "other same next last first few many some any all way long short over under into"
)
_FR_STOP_NAME: Final = word_set("de du des la le les et ou a à en pour par sur libre")
# Words that say a message gives a location: with them, an address in lower case counts.
_ADDRESS_CUE: Final = re.compile(
    r"\b(?:adresse|habite|habites|habitons|vit|vis|domicile|chez|address|live|lives|living"
    r"|located|staying|come\s+to|viens|venez|rdv|rendez-vous|meet)\b",
    re.IGNORECASE,
)


# "en face du 12 rue...", "near 10 Main Street": a landmark, not where someone lives.
_NEAR: Final = re.compile(
    r"(?:en\s+face\s+d[ue]|a\s+cot[eé]\s+d[ue]|à\s+cot[eé]\s+d[ue]|pr[eè]s\s+d[ue]|pas\s+loin\s+d[ue]"
    r"|derri[eè]re\s+l[ea]|devant\s+l[ea]|near|opposite|next\s+to|across\s+from|behind)\s*$",
    re.IGNORECASE,
)


def _near(raw: str, start: int) -> bool:
    return _NEAR.search(raw[max(0, start - 20) : start]) is not None


STREET_WORDS: Final = word_set(
    "rue avenue boulevard bd blvd impasse allée allee chemin quai faubourg fbg lotissement "
    "résidence residence rond-point chaussée chaussee sentier ruelle venelle montée montee "
    "esplanade parvis promenade hameau lieu-dit square place pl cours route rte voie "
    "passage villa cité cite clos domaine mail av imp ch street road lane drive court "
    "crescent terrace grove gardens parkway highway close mews st rd ave ln dr ct way cres "
    "terr gdns sq pkwy hwy circle cir trail trl row walk hill rond point lieu dit"
)


def may_hold_address(words: frozenset[str], raw: str = "") -> bool:
    """Tell cheaply whether the words name a kind of street at all, spelled out or not."""
    if not words.isdisjoint(STREET_WORDS):
        return True
    # A spelled-out street leaves its letters as one-letter words.
    if sum(len(w) == 1 for w in words) < 3:
        return False
    return _SPELLED_HINT.search(raw) is not None


def _capitalized(word: str) -> bool:
    return word[:1].isupper()


def _numbers_after(raw: str, found: list[Found], *, cue: bool) -> list[Found]:
    """Find Belgian and Swiss addresses, the number after the street ("rue Neuve 12")."""
    more: list[Found] = []
    for m in _FR_NUMBER_AFTER.finditer(raw):
        taken = [*found, *more]
        if overlaps(taken, m.start(), m.end()) or _near(raw, m.start()):
            continue
        words = re.split(r"[\s'\u2019-]+", m.group("name"))
        proper = [w for w in words if w.lower() not in _FR_STOP_NAME]
        kind = m.group("type").lower()
        if not proper or not (_capitalized(proper[0]) or (kind != "place" and cue)):
            continue
        shown = f"{m.group('type')} …"
        more.append(
            Found(kind="address", start=m.start(), end=m.end("number"), value=shown, detail="fr")
        )
    return more


# Where a house number ends: before the kind of street (French), or before the street's
# name and kind (English). A number spelled out there is read in digits.
_NUMBER_ENDS: Final = re.compile(
    rf"(?<=\s)(?=(?:{_FR_STRONG}|{_FR_WEAK})\b|(?:{_NAME_WORD}\s+){{1,3}}(?:{_EN_STRONG})\b)",
    re.IGNORECASE,
)


def find_addresses(raw: str) -> list[Found]:
    """Find street addresses, also with invisible characters or a house number spelled out."""
    cue = _ADDRESS_CUE.search(raw) is not None
    found = _find(raw, cue=cue)
    # A spelled number before a street is read only where the words say where someone
    # lives: "twelve Church Road buses" is a bus route.
    plain = undisguise(raw, _NUMBER_ENDS if cue else None)
    if plain is not None:
        located = cue or _ADDRESS_CUE.search(plain.text) is not None
        for f in plain.in_raw(_find(plain.text, cue=located)):
            if not overlaps(found, f.start, f.end):
                found.append(f)
    return found


def _find(raw: str, *, cue: bool) -> list[Found]:
    """Find French and English street addresses: number, kind of street, name, [postcode].

    `cue` says the words give a location ("habite", "address"): a street in lower case counts.
    """
    found: list[Found] = []
    for m in _FR_ADDRESS.finditer(raw):
        if _near(raw, m.start()):
            continue
        kind = re.sub(r"[ .\-_*]", "", m.group("type").lower())
        spelled = kind != m.group("type").lower()
        name = m.group("name")
        words = re.split(r"[\s'\u2019-]+", name)
        proper = [w for w in words if w.lower() not in _FR_STOP_NAME]
        if not proper:
            continue
        postal = m.group("cp") is not None
        capital = _capitalized(proper[0])
        strong = re.fullmatch(_FR_STRONG, kind) is not None
        if not (postal or capital or (strong and cue)):
            continue
        if kind in ("av", "imp", "ch", "pl", "rte") and not (capital or postal):
            continue
        end = m.end() if postal else m.end("name")
        shown = f"{m.group('type')} … {m.group('cp')}" if postal else f"{m.group('type')} …"
        found.append(
            Found(
                kind="address",
                start=m.start(),
                end=end,
                value=shown,
                detail="fr",
                disguised=spelled,
            )
        )
    found += _numbers_after(raw, found, cue=cue)
    for m in _EN_ADDRESS.finditer(raw):
        if overlaps(found, m.start(), m.end()):
            continue
        if _near(raw, m.start()):
            continue
        name_words = m.group("name").split()
        if any(w.lower() in _EN_STOP for w in name_words):
            continue
        kind = m.group("type")
        coded = m.group("zip") or m.group("postcode")
        capital = _capitalized(name_words[0])
        strong = re.fullmatch(_EN_STRONG, kind, re.IGNORECASE) is not None
        if not (coded or (capital and (strong or _capitalized(kind))) or (strong and cue)):
            continue
        end = m.end() if coded else m.end("type")
        code = (coded or "").split()[0] if coded else ""
        shown = f"… {kind} {code}".rstrip()
        found.append(Found(kind="address", start=m.start(), end=end, value=shown, detail="en"))
    return found
