"""Phone numbers, validated with the phonenumbers library, in plain and disguised writing.

phonenumbers' own matcher costs about a millisecond per message and region, so
candidates are cut here with one regex (a run of at least eight digits with the
separators people type) and only those are parsed and validated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Final

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberType

from plugins.personal_data.found import Found, overlaps
from plugins.personal_data.spelled import (
    NUMBER_WORDS,
    DigitRun,
    digit_runs,
    has_number_words,
    words_of,
)

__all__ = ["digit_count", "find_phones", "may_hold_phone"]

# Numbers a business or a public service publishes so that anyone calls them.
PUBLIC_TYPES: Final = frozenset(
    {
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.PREMIUM_RATE,
        PhoneNumberType.SHARED_COST,
        PhoneNumberType.UAN,
    }
)
# Shapes of national significant numbers per calling code, for numbers that
# phonenumbers calls invalid only because their range is unallocated or
# reserved for fiction: people still read them as someone's phone number.
_SHAPES: Final[dict[int, re.Pattern[str]]] = {
    33: re.compile(r"[1-79]\d{8}"),
    32: re.compile(r"4\d{8}|[1-9]\d{7}"),
    41: re.compile(r"[1-9]\d{8}"),
    44: re.compile(r"[1237]\d{9}"),
    1: re.compile(r"[2-9]\d{2}[2-9]\d{6}"),
}
# First digit of mobile numbers after the trunk zero, per calling code.
_MOBILE_LEADS: Final[dict[int, str]] = {33: "67", 32: "4", 41: "7", 44: "7"}
# Regions whose numbers are written without a trunk "0" ("(212) 555-0147").
_NO_TRUNK: Final[dict[str, str]] = {"US": "1", "CA": "1"}
_TYPE_NAMES: Final[dict[int, str]] = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "landline",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "number",
    PhoneNumberType.VOIP: "VoIP",
    PhoneNumberType.TOLL_FREE: "toll-free",
    PhoneNumberType.PREMIUM_RATE: "premium-rate",
    PhoneNumberType.SHARED_COST: "shared-cost",
    PhoneNumberType.UAN: "company (UAN)",
}
# A run of digits with the separators of phone numbers between them.
_SHAPE: Final = re.compile(r"(?:\+|\b00)?\(?\d(?:[ \t.\-_/()\u00a0]{0,3}\d){7,16}")
_GROUP: Final = re.compile(r"\+?\d+")
_NOT_DIGIT: Final = re.compile(r"\D")
_DELETE_DIGITS: Final = str.maketrans("", "", "0123456789")
_ANY_DIGIT: Final = re.compile(r"\d")
_MIN_DIGITS: Final = 8
_MAX_DIGITS: Final = 15
_KEYCAP: Final = "\u20e3"
# Letters typed for digits ("O6", "9OO", "5l4") and digits typed in number words ("f1ve").
_O_DIGIT: Final = re.compile(r"\b[oOlI]+\d|\d[oOlI]+(?:\d|\b)|\b[a-zA-Z]+[0-9][a-zA-Z]+\b")
# Least digits beside a spelled or lookalike part for a number to be worth reading.
_MIN_TYPED: Final = 4
# Number words that prose rarely holds beside digits ("un", "une", "one" are everywhere).
_TELLING_WORDS: Final = NUMBER_WORDS - {"un", "une", "one", "oh", "double", "triple", "six"}
# Digits split by a symbol the plain reading does not take ("06 ▪ 12", "06•12", "06|12").
_ODD_SEPARATOR: Final = re.compile(r"\d ?[^\w\s.\-/()+,:;!?'\"€$£%] ?\d")
_INVISIBLE: Final = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# A North American local number (seven digits, "555-0147") given right after a word asking
# to be called or texted: without its area code it is only a number with that word.
_LOCAL: Final = re.compile(
    r"\b(?:text|txt|call|ring|phone|hmu|hit\s+me\s+up|whatsapp|signal|telegram|reach\s+me"
    r"|my\s+number|cell|mobile|i'?m\s+on)\b[^\d\n]{0,12}?(?<![\d-])([2-9]\d{2}-\d{4})(?![\d-])",
    re.IGNORECASE,
)
_LOCAL_DIGITS: Final = 7
_LOCAL_REGIONS: Final = frozenset({"US", "CA"})


def _digit_count(raw: str) -> int:
    return len(raw) - len(raw.translate(_DELETE_DIGITS))


def digit_count(raw: str) -> int:
    """Count the digits of a text, fullwidth and math digits included."""
    if raw.isascii():
        return _digit_count(raw)
    return len(_ANY_DIGIT.findall(raw))


def may_hold_phone(raw: str, digits: int, words: frozenset[str] | None = None) -> bool:
    """Tell cheaply whether the text could hold a phone number at all."""
    if digits >= _MIN_DIGITS or (digits >= _LOCAL_DIGITS and _LOCAL.search(raw)):
        return True
    if _KEYCAP in raw or has_number_words(raw, words=words):
        return True
    return digits >= _MIN_TYPED and _mixed(raw, words)


def _mixed(raw: str, words: frozenset[str] | None) -> bool:
    """Tell whether typed digits sit beside spelled numbers or lookalike letters."""
    words = words_of(raw) if words is None else words
    return not words.isdisjoint(_TELLING_WORDS) or _O_DIGIT.search(raw) is not None


def _glued(text: str, start: int, end: int) -> bool:
    """Tell whether a candidate continues a code ("SW-4471-...", "ID4471..."), not a number."""
    before = text[start - 1 : start]
    after = text[end : end + 1]
    if before.isalnum() or (after.isalpha() and after.isascii()):
        return True
    return before in "-_/." and before != "" and text[start - 2 : start - 1].isalnum()


def _accept(
    number: PhoneNumber,
    candidate: str,
    region: str,
    *,
    primary: bool,
    unallocated: bool,
    spoken: bool = False,
) -> bool:
    """Tell whether a parsed candidate is a phone number as people write them."""
    digits = _NOT_DIGIT.sub("", candidate)
    nsn = str(number.national_number)
    code = number.country_code
    # phonenumbers.parse gives every number it returns its calling code, or raises.
    assert code is not None
    if candidate.lstrip("(").startswith("+") or digits.startswith("00"):
        if not primary:
            return False  # the primary region already read international numbers
    elif not _national(digits, nsn, region, code, spoken=spoken):
        return False
    if phonenumbers.is_valid_number(number):
        return True
    if not unallocated:
        return False
    shape = _SHAPES.get(code)
    return shape is not None and shape.fullmatch(nsn) is not None


def _national(digits: str, nsn: str, region: str, code: int, *, spoken: bool) -> bool:
    """Tell whether digits written without a country code are the number parsed from them."""
    if region in _NO_TRUNK:
        return digits in (nsn, _NO_TRUNK[region] + nsn)
    if spoken and digits == nsn:
        # Read aloud, a mobile loses its trunk zero ("seven seven zero zero, nine...").
        return nsn[0] in _MOBILE_LEADS.get(code, "")
    # Otherwise the trunk zero is there, or the digits only parsed because their start
    # looked like a calling code.
    return digits == "0" + nsn


# National lengths (digits, trunk prefix included) of the regions people
# write without a country code; others are left to phonenumbers.
_NATIONAL_LENGTHS: Final[dict[str, tuple[int, int]]] = {
    "FR": (10, 10), "BE": (9, 10), "CH": (10, 10), "GB": (10, 11), "LU": (6, 12),
}  # fmt: skip


def _plausible(
    digits: str, region: str, *, international: bool, primary: bool, spoken: bool = False
) -> bool:
    """Rule out, before the costly parse, digits that cannot be a number of the region."""
    if international:
        return primary
    if region in _NO_TRUNK:
        return (len(digits) == 10 and digits[0] in "23456789") or (
            len(digits) == 11 and digits[0] == "1"
        )
    bounds = _NATIONAL_LENGTHS.get(region)
    if bounds is None:
        return True
    if digits[0] != "0":
        return spoken and bounds[0] - 1 <= len(digits) <= bounds[1] - 1
    return bounds[0] <= len(digits) <= bounds[1]


@lru_cache(maxsize=1024)
def _parsed(candidate: str, region: str) -> PhoneNumber | None:
    """Parse once per candidate and region: both passes and repeated floods reuse it."""
    try:
        return phonenumbers.parse(candidate.replace("_", " "), region)
    except NumberParseException:
        return None


def _parse(
    candidate: str, regions: Sequence[str], *, unallocated: bool, spoken: bool
) -> PhoneNumber | None:
    digits = _NOT_DIGIT.sub("", candidate)
    international = candidate.lstrip("(").startswith("+") or digits.startswith("00")
    for index, region in enumerate(regions):
        primary = index == 0
        if not _plausible(
            digits, region, international=international, primary=primary, spoken=spoken
        ):
            continue
        number = _parsed(candidate, region)
        if number is None:
            continue
        if _accept(
            number, candidate, region, primary=primary, unallocated=unallocated, spoken=spoken
        ):
            return number
    return None


def _windows(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield sub-spans of a digit run, whole first, that hold 8 to 15 digits."""
    groups = [m.span() for m in _GROUP.finditer(text, start, end)]
    spans: list[tuple[int, int, int]] = []
    for i in range(len(groups)):
        total = 0
        for j in range(i, len(groups)):
            total += groups[j][1] - groups[j][0] - (text[groups[j][0]] == "+")
            if total > _MAX_DIGITS:
                break
            if total >= _MIN_DIGITS:
                spans.append((groups[i][0], groups[j][1], j - i))
    # Longest first, then leftmost: "06 12 34 56 78 2 fois" tries all, then drops the "2".
    for a, b, _ in sorted(spans, key=lambda s: (-s[2], s[0]))[:8]:
        yield a, b


def _in_text(
    text: str, regions: Sequence[str], *, spoken: bool = False
) -> Iterator[tuple[int, int, PhoneNumber]]:
    pos = 0
    for m in _SHAPE.finditer(text):
        if m.start() < pos:
            continue
        start, end = m.span()
        if text[start] == "(" and ")" not in text[start:end]:
            start += 1
        windows = list(_windows(text, start, end))
        # The whole run first (valid, then an unallocated shape), then its parts (the same
        # way): a part that happens to be valid must not beat the number the run spells in
        # full, and a number followed by a time or a price ("07700 900615 1h 130") is a part.
        passes = (
            (windows[:1], False),
            (windows[:1], True),
            (windows[1:], False),
            (windows[1:], True),
        )
        for part, unallocated in passes:
            hit = _first(text, part, regions, unallocated=unallocated, spoken=spoken)
            if hit is not None:
                yield hit
                pos = hit[1]
                break


def _first(
    text: str,
    windows: list[tuple[int, int]],
    regions: Sequence[str],
    *,
    unallocated: bool,
    spoken: bool,
) -> tuple[int, int, PhoneNumber] | None:
    for a, b in windows:
        lead = a - 1 if a > 0 and text[a - 1] == "(" else a
        tail = b + 1 if b < len(text) and text[b] == ")" and "(" in text[lead:b] else b
        if _glued(text, lead, tail):
            continue
        number = _parse(text[lead:tail], regions, unallocated=unallocated, spoken=spoken)
        if number is not None:
            return lead, tail, number
    return None


def _shown(number: PhoneNumber) -> str:
    """Write a number the way FR/EN readers expect; cheaper than phonenumbers' formatter."""
    nsn = str(number.national_number)
    code = number.country_code
    if code == 33 and len(nsn) == 9:
        return "0" + nsn[0] + " " + " ".join(nsn[i : i + 2] for i in range(1, 9, 2))
    if code == 1 and len(nsn) == 10:
        return f"({nsn[:3]}) {nsn[3:6]}-{nsn[6:]}"
    if code == 44 and len(nsn) == 10:
        return f"0{nsn[:4]} {nsn[4:]}"
    return f"+{code} {nsn}"


def _found(number: PhoneNumber, start: int, end: int, *, disguised: bool) -> Found:
    kind = phonenumbers.number_type(number)
    return Found(
        kind="phone",
        start=start,
        end=end,
        value=_shown(number),
        public=kind in PUBLIC_TYPES,
        disguised=disguised,
        detail=_TYPE_NAMES.get(kind, "number"),
    )


def _needs_recovery(raw: str, words: frozenset[str]) -> bool:
    """Tell whether digits may hide behind words, keycaps, invisibles or odd symbols."""
    ascii_digits = _digit_count(raw)
    if _KEYCAP in raw or has_number_words(raw, words=words):
        return True
    if not raw.isascii() and (
        digit_count(raw) > ascii_digits or (ascii_digits >= _MIN_DIGITS and not raw.isprintable())
    ):
        return True  # fullwidth or math digits, or invisible characters among digits
    if ascii_digits >= _MIN_DIGITS and _ODD_SEPARATOR.search(raw) and not _SHAPE.search(raw):
        return True  # enough digits, but split by symbols the plain reading does not allow
    return ascii_digits >= _MIN_TYPED and _mixed(raw, words)


def find_phones(
    raw: str, regions: Sequence[str], words: frozenset[str] | None = None
) -> list[Found]:
    """Find phone numbers in plain writing, then in spelled-out or disguised writing."""
    found: list[Found] = []
    if _digit_count(raw) >= _MIN_DIGITS:
        for start, end, number in _in_text(raw, regions):
            found.append(_found(number, start, end, disguised=False))
    if not _LOCAL_REGIONS.isdisjoint(regions) and _digit_count(raw) >= _LOCAL_DIGITS:
        for m in _LOCAL.finditer(raw):
            if not overlaps(found, m.start(1), m.end(1)):
                found.append(
                    Found(kind="phone", start=m.start(1), end=m.end(1), value=m.group(1),
                          detail="local number")
                )  # fmt: skip
    if not _needs_recovery(raw, words_of(raw) if words is None else words):
        return found
    runs: list[DigitRun] = digit_runs(raw)
    for run in runs:
        lo, hi = run.offsets[0], run.offsets[-1] + 1
        if overlaps(found, lo, hi):
            continue
        for start, end, number in _in_text(run.text, regions, spoken=run.spoken):
            raw_start, raw_end = run.raw_span(start, end)
            found.append(_found(number, raw_start, raw_end, disguised=True))
    return found
