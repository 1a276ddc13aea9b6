"""Fold one character to its casefolded, accent-free Latin skeleton."""

from __future__ import annotations

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


def _is_spoof_source(ch: str) -> bool:
    """Tell whether mapping ``ch`` to ASCII reveals a homoglyph, not a spelling."""
    # Latin letters of Latin-1 and Extended-A (oe ligature, o and l with
    # stroke) are how people write; IPA letters, small capitals and other
    # scripts are how people disguise.
    return not ch.isascii() and (ord(ch) > 0x24F or _scripts.alias(ch) != "LATIN")


def fold(ch: str) -> tuple[str, bool]:
    """Return the casefolded, accent-free, Latin-skeleton form of one NFKC char."""
    if ch.isascii():
        return ch.lower(), False
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
            out.append(b)
        else:
            confusable = confusable or (target.isalnum() and _is_spoof_source(b))
            out.append(target)
    return "".join(out), confusable
