"""E-mail addresses, IBANs and French RIBs, postal addresses (FR, EN) and French plates."""

from __future__ import annotations

import re
from typing import Final

from plugins.personal_data.found import Found

__all__ = [
    "find_addresses",
    "find_emails",
    "find_ibans",
    "find_plates",
    "may_hold_address",
    "may_hold_hidden_email",
]


def _words(text: str) -> frozenset[str]:
    """Read a space-separated word list."""
    return frozenset(text.split())


# --- e-mail -------------------------------------------------------------------------------

_EMAIL: Final = re.compile(
    r"(?<![\w.+-])([\w][\w.+-]{0,63})@((?:[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\.)+[a-z]{2,24})"
    r"(?![\w-])",
    re.IGNORECASE,
)
_TLDS: Final = (
    r"com|fr|org|net|be|ch|ca|uk|co\.uk|co|io|de|eu|info|me|us|edu|gouv\.fr|biz|xyz|app|dev|"
    r"ai|tv|lu|es|it|nl|re|ma|dz|tn|sn|ci|qc|ovh|pro|online|email|mail"
)
_OPEN: Final = r"[\[({<]"
_CLOSE: Final = r"[\])}>]"
# Written-out "@" and "." as people hide them: "(at)", "[at]", " arobase ",
# " at ... dot ", "(point)". A plain "." or "@" is allowed too, as long as one
# token is written out (a plain address is found by _EMAIL).
_AT: Final = (
    rf"(?:\s*{_OPEN}\s*(?:at|arobase|arrobase|@)\s*{_CLOSE}\s*|\s+(?:at|arobase|arrobase)\s+|@)"
)
_DOT: Final = rf"(?:\s*{_OPEN}\s*(?:dot|point|pt|\.)\s*{_CLOSE}\s*|\s+(?:dot|point)\s+|\.)"
_HIDDEN_EMAIL: Final = re.compile(
    rf"(?<![\w.])([a-z0-9][a-z0-9_+-]*(?:{_DOT}[a-z0-9_+-]+){{0,3}}){_AT}"
    rf"([a-z0-9-]+(?:{_DOT}[a-z0-9-]+){{0,2}}{_DOT}(?:{_TLDS}))(?![\w.])",
    re.IGNORECASE,
)
_HIDDEN_HINT: Final = re.compile(
    r"[\[({<]\s*(?:at|arobase|@|dot|point)\s*[\])}>]|\barr?obase\b|\bat\b.{1,40}\b(?:dot|point)\b",
    re.IGNORECASE,
)
_DOT_WORD: Final = re.compile(rf"{_DOT}", re.IGNORECASE)
# Addresses anyone is meant to write to: a club, a shop, a service.
ROLE_LOCAL_PARTS: Final = _words(
    "contact contacts info infos information hello hi bonjour salut support help aide admin "
    "administration webmaster sales ventes vente commercial service services serviceclient "
    "service-client sav accueil reception noreply no-reply ne-pas-repondre press presse "
    "media jobs job recrutement rh hr careers billing facturation compta comptabilite abuse "
    "postmaster security securite privacy dpo rgpd team equipe office secretariat mairie "
    "newsletter reservation reservations booking bookings orders commandes boutique shop "
    "store magasin club association asso bureau direction inscription inscriptions adhesion "
    "membres"
)
# Free mail providers: a "contact@" there is still a private person's box.
FREE_MAIL: Final = _words(
    "gmail.com googlemail.com hotmail.com hotmail.fr outlook.com outlook.fr live.com "
    "live.fr msn.com yahoo.com yahoo.fr ymail.com icloud.com me.com mac.com aol.com gmx.com "
    "gmx.fr gmx.de mail.com protonmail.com proton.me pm.me yandex.com yandex.ru orange.fr "
    "wanadoo.fr free.fr sfr.fr neuf.fr laposte.net bbox.fr numericable.fr skynet.be "
    "telenet.be bluewin.ch"
)


_AT_WORDS: Final = frozenset({"at", "arobase", "arrobase", "@"})
_DOT_WORDS: Final = frozenset({"dot", "point", "pt"})


def may_hold_hidden_email(raw: str, words: frozenset[str]) -> bool:
    """Tell cheaply whether the text could hold a written-out e-mail address."""
    if words.isdisjoint(_AT_WORDS) or (words.isdisjoint(_DOT_WORDS) and "." not in raw):
        return False
    return _HIDDEN_HINT.search(raw) is not None


def _is_role(local: str, domain: str) -> bool:
    return local.lower() in ROLE_LOCAL_PARTS and domain.lower() not in FREE_MAIL


def find_emails(raw: str, *, hidden: bool) -> list[Found]:
    """Find e-mail addresses, plain and, when asked, written out ("at", "point")."""
    found: list[Found] = []
    if "@" in raw:
        for m in _EMAIL.finditer(raw):
            local, domain = m.group(1), m.group(2)
            found.append(
                Found(
                    kind="email",
                    start=m.start(),
                    end=m.end(),
                    value=f"{local}@{domain}".lower(),
                    public=_is_role(local, domain),
                )
            )
    if hidden:
        for m in _HIDDEN_EMAIL.finditer(raw):
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            local = _DOT_WORD.sub(".", m.group(1))
            domain = _DOT_WORD.sub(".", m.group(2))
            found.append(
                Found(
                    kind="email",
                    start=m.start(),
                    end=m.end(),
                    value=f"{local}@{domain}".lower(),
                    public=_is_role(local, domain),
                    disguised=True,
                )
            )
    return found


# --- IBAN and RIB -------------------------------------------------------------------------

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
_IBAN_START: Final = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{2})[ \u00a0]?(\d{2})(?=[ \u00a0\-]?[A-Za-z0-9])"
)
_RIB: Final = re.compile(
    r"(?<!\d)(\d{5})[ \-]?(\d{5})[ \-]?([0-9A-Za-z]{11})[ \-]?(\d{2})(?![0-9A-Za-z])"
)
_SKIP_IN_IBAN: Final = frozenset(" \u00a0-\u200b\u200c\u200d\u2060\ufeff")
# Banking words: with them, an IBAN of the right length and layout counts even when its
# checksum fails (a typo, or a made-up account a scammer or a troll still posts as real).
_BANK_CUE: Final = re.compile(
    r"\b(?:iban|rib|virement|virer|virez|vire|compte|bancaire|banque|transf[eé]r\w*|wire"
    r"|bank|account|sort\s+code|payer|payez|paiement|payment|pay|versement|verse[rz]?)\b",
    re.IGNORECASE,
)
# Least share of digits in the account part of an unchecked IBAN (FR, GB, BE... are mostly digits).
_IBAN_DIGIT_SHARE: Final = 0.7


def iban_ok(iban: str) -> bool:
    """Check an IBAN (no spaces, upper case) with the ISO 13616 mod-97 checksum."""
    if not 15 <= len(iban) <= 34 or not iban.isalnum():
        return False
    moved = iban[4:] + iban[:4]
    digits = "".join(str(int(c, 36)) for c in moved)
    return int(digits) % 97 == 1


def _rib_ok(bank: str, branch: str, account: str, key: str) -> bool:
    """Check a French RIB key: letters of the account map to digits as the banks do."""
    letters = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789")
    account = account.upper().translate(letters)
    if not account.isdigit():
        return False
    return 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97 == int(key)


def _read_iban(
    raw: str, start: int, length: int | None, *, unchecked: bool = False
) -> tuple[str, int] | None:
    """Collect alphanumerics from ``start``, skipping single separators; find a valid IBAN.

    With ``unchecked``, an IBAN of the country's exact length and a digit-heavy account
    part is taken even when its checksum fails.
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
        elif c in _SKIP_IN_IBAN and gap < 2:
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
            return "".join(chars[:n]), ends[n - 1]
    if unchecked and length and len(chars) >= length:
        account = chars[4:length]
        after = raw[ends[length - 1] : ends[length - 1] + 1]
        if not (after.isascii() and after.isalnum()) and sum(
            c.isdigit() for c in account
        ) >= _IBAN_DIGIT_SHARE * len(account):
            return "".join(chars[:length]), ends[length - 1]
    return None


def find_ibans(raw: str, *, rib: bool = True) -> list[Found]:
    """Find IBANs that pass the mod-97 checksum (or look right beside banking words), and RIBs."""
    found: list[Found] = []
    unchecked = _BANK_CUE.search(raw) is not None
    for m in _IBAN_START.finditer(raw):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        country = m.group(1).upper()
        got = _read_iban(raw, m.start(), _IBAN_LENGTHS.get(country), unchecked=unchecked)
        if got is None:
            continue
        iban, end = got
        shown = " ".join(iban[k : k + 4] for k in range(0, len(iban), 4))
        found.append(Found(kind="iban", start=m.start(), end=end, value=shown, detail=country))
    if rib:
        for m in _RIB.finditer(raw):
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            if _rib_ok(*m.groups()):
                found.append(
                    Found(kind="iban", start=m.start(), end=m.end(), value=" ".join(m.groups()),
                          detail="RIB")
                )  # fmt: skip
    return found


# --- postal addresses -----------------------------------------------------------------------

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
_EN_STOP: Final = _words(
    "the a an my your his her our their its this that these those to of in on at and or for "
    "with from by down up per miles mile km minutes mins hours times blocks block more less "
    "other same next last first few many some any all way long short over under into"
)
_FR_STOP_NAME: Final = frozenset(
    [
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "et",
        "ou",
        "a",
        "à",
        "en",
        "pour",
        "par",
        "sur",
        "libre",
    ]
)
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


STREET_WORDS: Final = _words(
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
        if any(f.start < m.end() and m.start() < f.end for f in taken) or _near(raw, m.start()):
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


def find_addresses(raw: str) -> list[Found]:
    """Find French and English street addresses: number, kind of street, name, [postcode]."""
    found: list[Found] = []
    cue = _ADDRESS_CUE.search(raw) is not None
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
        if any(f.start < m.end() and m.start() < f.end for f in found):
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


# --- French plates --------------------------------------------------------------------------

_PLATE: Final = re.compile(r"(?<![\w-])([A-HJ-NP-TV-Z]{2})-(\d{3})-([A-HJ-NP-TV-Z]{2})(?![\w-])")


def find_plates(raw: str) -> list[Found]:
    """Find French registration plates in the SIV form AA-123-AA."""
    return [
        Found(kind="plate", start=m.start(), end=m.end(), value=m.group())
        for m in _PLATE.finditer(raw)
        if m.group(1) not in ("SS", "WW")
    ]
