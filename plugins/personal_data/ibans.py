"""Bank accounts: IBANs checked by mod-97 (or beside banking words) and French RIBs by key."""

from __future__ import annotations

import re
from typing import Final

from stdnum.iso7064 import mod_97_10

from plugins.personal_data.found import Found, overlaps

__all__ = ["find_ibans", "iban_ok"]

# ISO 13616 lengths of the countries most seen in FR/EN communities; other
# countries are accepted on the checksum alone within the 15-34 range.
_IBAN_LENGTHS: Final[dict[str, int]] = {
    "AD": 24, "AT": 20, "BA": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "DZ": 26, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GF": 27, "GI": 23,
    "GP": 27, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20,
    "LU": 20, "LV": 21, "MA": 28, "MC": 27, "MQ": 27, "MT": 31, "NC": 27, "NL": 18, "NO": 15,
    "PF": 27, "PL": 28, "PT": 25, "RE": 27, "RO": 24, "RS": 22, "SE": 24, "SI": 19, "SK": 24,
    "SM": 27, "SN": 28, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "CI": 28, "CM": 27, "MU": 30,
}  # fmt: skip
# The country and check digits, also spaced out letter by letter ("F R 7 6").
_IBAN_START: Final = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z])[ \u00a0]?([A-Za-z])[ \u00a0]?\d[ \u00a0]?\d"
    r"(?=[ \u00a0\-]{0,3}[A-Za-z0-9])"
)
# A British account: a sort code and an eight-digit account number beside it.
_SORT_CODE: Final = re.compile(
    r"\bs[o0]rt[\s-]*c[o0]de\s*(?:is\s*|:\s*|=\s*)?(\d{2})[\s-]?(\d{2})[\s-]?(\d{2})\b"
    r"[\s,;]*(?:and\s+)?(?:acc(?:ount)?|a/c)\.?(?:\s+(?:no\.?|number|num))?\s*(?:is\s*|:\s*|=\s*)?"
    r"(\d{4}\s?\d{4})\b",
    re.IGNORECASE,
)
_RIB: Final = re.compile(
    r"(?<!\d)(\d{5})[ \-]?(\d{5})[ \-]?([0-9A-Za-z]{11})[ \-]?(\d{2})(?![0-9A-Za-z])"
)
_SKIP_IN_IBAN: Final = frozenset(" \u00a0-\u200b\u200c\u200d\u2060\ufeff")
# Banking words: with them, an IBAN of the right length and layout counts even when its
# checksum fails (a typo, or a made-up account a scammer or a troll still posts as real).
_BANK_CUE: Final = re.compile(
    r"\b(?:iban|rib|virement|virer|virez|vire|compte|bancaire|banque|transf[eé]r\w*|wire"
    r"|bank|account|acc|sort\s+code|payer|payez|paiement|payment|pay|versement|verse[rz]?|loyer"
    r"|rent|cagnotte|acompte|deposit|refund|rembours\w*)\b",
    re.IGNORECASE,
)
# Least share of digits in the account part of an unchecked IBAN (FR, GB, BE... are mostly digits).
_IBAN_DIGIT_SHARE: Final = 0.7


def iban_ok(iban: str) -> bool:
    """Check an IBAN (no spaces, upper case) with the ISO 13616 mod-97 checksum."""
    if not 15 <= len(iban) <= 34 or not iban.isalnum():
        return False
    # The checksum alone: the lengths above are this finder's own call, and a country's
    # account layout is not checked (a made-up account with a valid checksum still counts).
    return mod_97_10.is_valid(iban[4:] + iban[:4])


def _rib_ok(bank: str, branch: str, account: str, key: str) -> bool:
    """Check a French RIB key: letters of the account map to digits as the banks do."""
    letters = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789")
    account = account.upper().translate(letters)
    if not account.isdigit():
        return False
    return 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97 == int(key)


def _read_iban(raw: str, start: int, length: int | None) -> tuple[str, int, bool] | None:
    """Collect alphanumerics from ``start``, skipping short separators; find an IBAN.

    Return it, where it ends and whether its checksum holds. An IBAN of the country's exact
    length and a digit-heavy account part is returned even when its checksum fails; the
    caller decides whether the words around make it count.
    """
    chars: list[str] = []
    ends: list[int] = []
    i = start
    gap = 0
    while i < len(raw) and len(chars) < 34:
        c = raw[i]
        if c.isascii() and c.isalnum():
            chars.append(c.upper())
            ends.append(i + 1)
            gap = 0
        elif c in _SKIP_IN_IBAN and gap < 3:
            gap += 1
        else:
            break
        i += 1
    lengths = [length] if length else range(min(len(chars), 34), 14, -1)
    for n in lengths:
        if n <= len(chars) and iban_ok("".join(chars[:n])):
            # The IBAN must end where a group ends, not inside a word.
            after = raw[ends[n - 1] : ends[n - 1] + 1]
            if after.isascii() and after.isalnum():
                continue
            return "".join(chars[:n]), ends[n - 1], True
    if length and len(chars) >= length:
        account = chars[4:length]
        after = raw[ends[length - 1] : ends[length - 1] + 1]
        if not (after.isascii() and after.isalnum()) and sum(
            c.isdigit() for c in account
        ) >= _IBAN_DIGIT_SHARE * len(account):
            return "".join(chars[:length]), ends[length - 1], False
    return None


def find_ibans(raw: str, *, rib: bool = True) -> list[Found]:
    """Find IBANs that pass the mod-97 checksum (or look right beside banking words), and RIBs."""
    found: list[Found] = []
    cue = _BANK_CUE.search(raw) is not None
    for m in _IBAN_START.finditer(raw):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        country = (m.group(1) + m.group(2)).upper()
        got = _read_iban(raw, m.start(), _IBAN_LENGTHS.get(country))
        if got is None:
            continue
        iban, end, checked = got
        if not (cue or checked):
            continue
        shown = " ".join(iban[k : k + 4] for k in range(0, len(iban), 4))
        found.append(Found(kind="iban", start=m.start(), end=end, value=shown, detail=country))
    for m in _SORT_CODE.finditer(raw):
        if not overlaps(found, m.start(), m.end()):
            account = m.group(4).replace(" ", "")
            value = f"{m.group(1)}-{m.group(2)}-{m.group(3)} {account}"
            found.append(
                Found(kind="iban", start=m.start(), end=m.end(), value=value, detail="sort code")
            )
    if rib:
        for m in _RIB.finditer(raw):
            if overlaps(found, m.start(), m.end()):
                continue
            if _rib_ok(*m.groups()):
                found.append(
                    Found(kind="iban", start=m.start(), end=m.end(), value=" ".join(m.groups()),
                          detail="RIB")
                )  # fmt: skip
    return found
