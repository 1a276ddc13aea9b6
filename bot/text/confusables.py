"""Fold one character to its casefolded, accent-free Latin skeleton."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from confusable_homoglyphs import categories as _scripts
from confusable_homoglyphs import confusables as _confusables


def strip_marks(s: str) -> str:
    """Return ``s`` decomposed with its combining marks removed."""
    return "".join(
        c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) not in ("Mn", "Me")
    )


def _build_confusables() -> dict[str, str]:
    """Map non-ASCII characters to their ASCII skeleton from the UTS #39 data."""
    table: dict[str, str] = {}
    for source, glyphs in _confusables.confusables_data.items():
        if len(source) != 1 or source.isascii():
            continue
        category = unicodedata.category(source)
        if category[0] not in "LNSP":
            continue
        for glyph in glyphs:
            target = strip_marks(glyph["c"])
            if not target.isascii() or not target:
                continue
            if category[0] == "P":
                # Punctuation only maps to punctuation (U+2019 to ', U+2013 to -).
                if len(target) == 1 and not target.isalnum():
                    table[source] = target
                continue
            if not target.isalnum():
                continue
            # Multi-letter prototypes are trusted for Latin ligatures (œ, æ)
            # only; elsewhere they turn whole-script text into noise.
            if len(target) > 1 and not (category[0] == "L" and _scripts.alias(source) == "LATIN"):
                continue
            previous = table.get(source)
            if previous is None or len(target) < len(previous):
                table[source] = target.lower()
    return table


_CONFUSABLES: Final = _build_confusables()
_SMALL_CAPITAL: Final = re.compile(r"LATIN LETTER SMALL CAPITAL (?:REVERSED |TURNED )?([A-Z])")
# Where the UTS #39 data is silent or only points to another non-ASCII letter,
# these lowercase letters still pass for Latin ones in disguised words ("пudes",
# "ωhatsapp", "єxtasy"). Kept small: each entry is a visual match in common fonts.
_SUPPLEMENT: Final = {
    "\u043f": "n",  # Cyrillic pe
    "\u0448": "w",  # Cyrillic sha
    "\u0449": "w",  # Cyrillic shcha
    "\u044a": "b",  # Cyrillic hard sign
    "\u0454": "e",  # Ukrainian ie
    "\u0457": "i",  # Ukrainian yi
    "\u03c9": "w",  # Greek omega
    "\u03c0": "n",  # Greek pi
}


# Small-caps alphabets of fancy-text generators fill the two letters Unicode
# names no small capital for in common fonts with look-alikes: Cyrillic ghe
# with stroke for "f" (UTS #39 reads it as a struck "r") and o with ogonek for
# "q". Every other letter of that alphabet is mapped from its Unicode name
# ("LATIN LETTER SMALL CAPITAL ...") or the confusables data.
SMALL_CAPS_STANDINS: Final = {"\u0493": "f", "\u01eb": "q"}


def _small_capital(ch: str) -> str | None:
    """Return the letter a small-capital character (U+1D0B "ᴋ") stands for."""
    found = _SMALL_CAPITAL.fullmatch(unicodedata.name(ch, ""))
    return found.group(1).lower() if found else None


def _fallback(ch: str) -> str | None:
    """Map a letter the confusables data leaves non-ASCII: capital, small capital, supplement.

    The data maps lowercase Cyrillic em, te, en and ka to IPA letters and small
    capitals (ʍ, ᴛ, ʜ, ĸ) rather than to the Latin letters they pass for; their
    capitals map right, and so do small capitals read by their Unicode name.
    """
    if not ch.isalpha():
        return None
    upper = ch.upper()
    if len(upper) == 1 and upper != ch:
        target = _CONFUSABLES.get(upper)
        if target is not None and len(target) == 1 and target.isalpha():
            return target
    target = _small_capital(ch)
    if target is not None:
        return target
    for glyph in _confusables.confusables_data.get(ch, ()):
        if len(glyph["c"]) == 1:
            target = _small_capital(glyph["c"])
            if target is not None:
                return target
    return _SUPPLEMENT.get(ch)


def _is_spoof_source(ch: str) -> bool:
    """Tell whether mapping ``ch`` to ASCII reveals a homoglyph, not a spelling."""
    # Latin letters of Latin-1 and Extended-A (oe ligature, o and l with
    # stroke) are how people write; IPA letters, small capitals and other
    # scripts are how people disguise.
    return not ch.isascii() and (ord(ch) > 0x24F or _scripts.alias(ch) != "LATIN")


def _capital_prototype(ch: str) -> str | None:
    """Return the Latin letter a Greek or Cyrillic capital passes for, from the UTS #39 data."""
    # A capital looks like the Latin capital, whatever its lowercase looks like: Greek ETA,
    # NU and UPSILON read "h", "n", "y", not "n", "v", "u" as their lowercase letters do.
    # The data writes the prototype of a capital "I" as a lowercase "l".
    if not ch.isupper() or _scripts.alias(ch) not in ("GREEK", "CYRILLIC"):
        return None
    for glyph in _confusables.confusables_data.get(ch, ()):
        prototype = glyph["c"]
        if len(prototype) == 1 and prototype.isascii() and prototype.isalpha():
            return "i" if prototype == "l" else prototype.lower()
    return None


def fold(ch: str) -> tuple[str, bool]:
    """Return the casefolded, accent-free, Latin-skeleton form of one NFKC char."""
    if ch.isascii():
        return ch.lower(), False
    standin = SMALL_CAPS_STANDINS.get(ch)
    if standin is not None:
        return standin, True
    capital = _capital_prototype(ch)
    if capital is not None:
        return capital, _is_spoof_source(ch)
    base = strip_marks(ch.casefold())
    if base.isascii():
        return base, False
    out: list[str] = []
    confusable = False
    for b in base:
        target = b if b.isascii() else _CONFUSABLES.get(b)
        if target is None and len(base) == 1:
            # Some prototypes exist only for the capital (Cyrillic VE and EN).
            target = _CONFUSABLES.get(ch)
        if target is None:
            target = _fallback(b)
        if target is None:
            out.append(b)
        else:
            confusable = confusable or (target.isalnum() and _is_spoof_source(b))
            out.append(target)
    return "".join(out), confusable
