"""Payment card numbers: a Luhn-valid card layout, or any card layout beside card words."""

from __future__ import annotations

import re
from typing import Final

from stdnum import luhn

from plugins.personal_data.found import Found, overlaps

__all__ = ["find_cards", "may_hold_card"]

# Issuers' first digits (2-6: Mastercard, Amex, Visa, Discover...), 16 to 19 digits in
# groups of 4 (Amex: 15, 4-6-5) or in one run; a single space, dot or hyphen between groups.
_CARD: Final = re.compile(
    r"(?<![\d.,/-])([2-6]\d{3}(?:[ .-]?\d{4}){3}(?:\d{1,3})?|3[47]\d{2}[ -]?\d{6}[ -]?\d{5})"
    r"(?![ .,-]?\d|/)"
)
# What comes right before a run of digits that belongs to a longer number: an IBAN's
# country and check digits ("FR76 "), or another group of digits.
_LONGER_BEFORE: Final = re.compile(r"(?:[A-Za-z]{2}\d{2}|\d)[ .-]?$")
_LONGER_REACH: Final = 5  # characters the pattern above can span
# Words that make a card layout a card even when its check digit fails: people type a
# card with a typo, and scammers and trolls post made-up ones as real.
_CARD_CUE: Final = re.compile(
    r"\b(?:cards?|cartes?|cb|visa|mastercard|master\s?card|amex|american\s+express|debit"
    r"|credit|cr[ée]dit|exp|expiry|expires?|expiration|valid\s+thru|cvv|cvc|cryptogramme"
    r"|code\s+(?:au|de)\s+dos|security\s+code|declin\w*|refus[ée]e?)\b",
    re.IGNORECASE,
)
_LEAST_DIGITS: Final = 15  # an Amex; the other layouts hold 16 to 19


def may_hold_card(digits: int) -> bool:
    """Tell cheaply whether a text with this many digits could hold a card number."""
    return digits >= _LEAST_DIGITS


def find_cards(raw: str, taken: tuple[Found, ...] = ()) -> list[Found]:
    """Find card numbers that nothing found before covers."""
    found: list[Found] = []
    cued: bool | None = None
    for m in _CARD.finditer(raw):
        before = max(0, m.start() - _LONGER_REACH)
        if overlaps(taken, m.start(), m.end()) or _LONGER_BEFORE.search(raw, before, m.start()):
            continue
        if not luhn.is_valid(re.sub(r"\D", "", m.group())):
            if cued is None:
                cued = _CARD_CUE.search(raw) is not None
            if not cued:
                continue
        found.append(Found(kind="card", start=m.start(), end=m.end(), value=m.group()))
    return found
