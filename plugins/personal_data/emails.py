"""E-mail addresses, plain and written out ("jean (at) example (dot) com"), and role addresses."""

from __future__ import annotations

import re
from typing import Final

from plugins.personal_data.found import Found, overlaps, word_set
from plugins.personal_data.spelled import undisguise

__all__ = ["find_emails", "may_hold_hidden_email", "may_hold_spaced_email"]

_EMAIL: Final = re.compile(
    r"(?<![\w.+-])([\w][\w.+-]{0,63})@((?:[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\.)+[a-z]{2,24})"
    r"(?![\w-])",
    re.IGNORECASE,
)
_TLDS: Final = (
    r"com|fr|org|net|be|ch|ca|uk|co\.uk|co|io|de|eu|info|me|us|edu|gouv\.fr|biz|xyz|app|dev|"
    r"ai|tv|lu|es|it|nl|re|ma|dz|tn|sn|ci|qc|ovh|pro|online|email|mail|"
    # More country codes; "at", "in", "is" and "no" are left out, being words too.
    r"ie|org\.uk|ac\.uk|com\.au|au|co\.nz|nz|pl|pt|se|dk|fi|cz|ro|gr|hu|sk|hr|lt|lv|ee|jp|"
    r"br|mx|ar|cl|sg|hk|za|ng|tr|il|ae|mc|ad|li|cat|bzh|paris"
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
# An address spaced out to slip past filters ("p r i y a . s h a h @ example . com"):
# characters with single spaces between them, dots and the "@" with spaces around.
_SPACED_PART: Final = r"(?:(?:[a-z0-9_+-] )+[a-z0-9_+-]|[a-z0-9_+-]+)"
_SPACED_EMAIL: Final = re.compile(
    rf"(?<![\w.])({_SPACED_PART}(?:\s?\.\s?{_SPACED_PART}){{0,3}})(?:\s@\s?|@\s)"
    rf"({_SPACED_PART}(?:\s?\.\s?{_SPACED_PART}){{1,3}})(?![\w.@])",
    re.IGNORECASE,
)
_SPACED_HINT: Final = re.compile(r"\s@|@\s")
_TLD: Final = re.compile(rf"(?:{_TLDS})", re.IGNORECASE)
_FULLWIDTH_AT: Final = str.maketrans({"\uff20": "@", "\ufe6b": "@"})
# Addresses anyone is meant to write to: a club, a shop, a service.
ROLE_LOCAL_PARTS: Final = word_set(
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
FREE_MAIL: Final = word_set(
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


def may_hold_spaced_email(raw: str) -> bool:
    """Tell cheaply whether the text could hold an address spaced out or with a wide "@"."""
    if not raw.isascii() and ("\uff20" in raw or "\ufe6b" in raw):
        return True
    return "@" in raw and _SPACED_HINT.search(raw) is not None


def _is_role(local: str, domain: str) -> bool:
    return local.lower() in ROLE_LOCAL_PARTS and domain.lower() not in FREE_MAIL


def _email(m: re.Match[str], local: str, domain: str, *, disguised: bool = False) -> Found:
    """Build the finding for an address matched at `m`."""
    return Found(
        kind="email",
        start=m.start(),
        end=m.end(),
        value=f"{local}@{domain}".lower(),
        public=_is_role(local, domain),
        disguised=disguised,
    )


def _spaced(raw: str, found: list[Found]) -> list[Found]:
    """Find addresses spaced out character by character, checked once the spaces are gone."""
    spaced: list[Found] = []
    for m in _SPACED_EMAIL.finditer(raw):
        if overlaps(found, m.start(), m.end()):
            continue
        if " " not in m.group(1) and " " not in m.group(2):
            continue  # "TIKTOK @tok.gaming.fr" is a word and a mention, nothing spaced out
        local, domain = (g.replace(" ", "") for g in m.groups())
        tld = domain.rpartition(".")[2]
        whole = _EMAIL.fullmatch(f"{local}@{domain}")
        if whole is None or _TLD.fullmatch(tld) is None:
            continue
        spaced.append(_email(m, local, domain, disguised=True))
    return spaced


# Words before a plain " at " that make it prose, not an address: "nitro for everyone at
# giftnitro dot com" names a site.
_PROSE_LOCALS: Final = word_set(
    "everyone everybody anyone anybody someone somebody nobody me us you u him her them all "
    "people yall y'all guys tout tous toutes moi nous vous lui eux elle elles"
)


def _in_prose(text: str, m: re.Match[str]) -> bool:
    """Tell whether a written-out address is a pronoun, a plain "at" and a site, not a person."""
    joint = text[m.end(1) : m.start(2)]
    return joint.strip().lower() in ("at", "arobase", "arrobase") and (
        m.group(1).lower() in _PROSE_LOCALS
    )


def find_emails(raw: str, *, hidden: bool, spaced: bool = False) -> list[Found]:
    """Find e-mail addresses, plain and, when asked, written out or spaced out.

    Invisible characters inside an address ("lea\u200b.m@…") are dropped to read it.
    """
    found = _find_emails(raw, hidden=hidden, spaced=spaced)
    plain = undisguise(raw, None)
    if plain is None:
        return found
    for f in plain.in_raw(_find_emails(plain.text, hidden=hidden, spaced=spaced)):
        # Read whole, the address may reach past the piece found between two invisibles.
        cut = [g for g in found if g.start < f.end and f.start < g.end]
        if all(g.end - g.start < f.end - f.start for g in cut):
            found = [g for g in found if g not in cut]
            found.append(f)
    return found


def _find_emails(raw: str, *, hidden: bool, spaced: bool) -> list[Found]:
    found: list[Found] = []
    # Fullwidth and small "@" have the same length as "@": offsets stay the raw text's.
    wide = raw.translate(_FULLWIDTH_AT) if not raw.isascii() else raw
    if "@" in wide:
        found.extend(
            _email(m, m.group(1), m.group(2), disguised=raw[m.start() : m.end()] != m.group())
            for m in _EMAIL.finditer(wide)
        )
    if spaced and "@" in wide:
        found.extend(_spaced(wide, found))
    if hidden:
        for m in _HIDDEN_EMAIL.finditer(wide):
            if overlaps(found, m.start(), m.end()):
                continue
            if _in_prose(wide, m):
                continue
            local = _DOT_WORD.sub(".", m.group(1))
            found.append(_email(m, local, _DOT_WORD.sub(".", m.group(2)), disguised=True))
    return found
