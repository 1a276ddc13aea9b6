"""Validators a pack regex may require of its matched text: phone numbers, IBANs, card numbers."""

from __future__ import annotations

from collections.abc import Callable

import phonenumbers
from stdnum import luhn as luhn_check

from plugins.personal_data.ibans import iban_ok

_SEPARATORS = str.maketrans("", "", " .-/()\u00a0")


def phone(text: str) -> bool:
    """Tell whether the text is a valid phone number (French when it has no country code)."""
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)


def iban(text: str) -> bool:
    """Tell whether the text is an IBAN with a correct ISO 13616 checksum."""
    compact = text.translate(_SEPARATORS).upper()
    return compact[:2].isalpha() and iban_ok(compact)


def luhn(text: str) -> bool:
    """Tell whether the digits of the text pass the Luhn checksum (payment cards)."""
    digits = "".join(c for c in text if c.isdigit())
    return len(digits) >= 12 and luhn_check.is_valid(digits)


CHECKS: dict[str, Callable[[str], bool]] = {"phone": phone, "iban": iban, "luhn": luhn}
