"""A person exposed by description: school and class, workplace, floor and door, IP address.

Doxxing often holds no number at all: a real name with a school and a form room, a shift
at a named shop, the door above the launderette, a partner's workplace, an IP address,
followed by a push for others to go and act on it. Patterns run on the normalized text
(lower case, no accents). A description fires only with such a push and a person to aim
it at (an IP address also when it is said to be someone else's), and never when the
author describes themselves, a lost object's owner, or a moderator asks for the details
to be removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from plugins.personal_data.found import word_set

__all__ = ["Described", "DescriptionReader"]

# Words without which a message describes nobody's whereabouts: a cheap first test.
_HINT_WORDS: Final = word_set(
    "ip lycee lycée college collège ecole école school academy primary form year class classe"
    " bahut fac uni sixth works working work bosse bosses travaille travailles taffe taffes shift"
    " caisse tills till finit finis sort sors sortie pick pickup"
    " etage étage floor door porte batiment bâtiment bat building digicode doorcode sonnette"
    " interphone above dessus residence résidence street rue road ave avenue lane impasse"
    " insta ig snap snapchat tiktok facebook fb twitter plaque plate immatriculée"
    " immatriculee gym salle nom name"
)

_CLASS: Final = (
    # "3e B", "en 1ère", "3eB", "terminale", "year 11", "form room B12", "class 4C"
    r"\b(?:en\s+|de\s+la\s+)?(?:[3-6]\s?(?:e|eme|ème)|1\s?(?:ere|ère)|2\s?(?:nde|de))\s?[a-h]?\b"
    r"|\b(?:seconde|premiere|première|terminale)\s+[a-h0-9]\b|\ben\s+(?:seconde|premiere"
    r"|première|terminale)\b|\byear\s+\d{1,2}\b|\bform\s+(?:room|group|tutor)\b|\bform\s+\d"
    r"|\b(?:class|classe|grade)\s+\d{1,2}\s?[a-h]?\b|\b\d{1,2}(?:st|nd|rd|th)\s+grade\b"
)
_SCHOOL: Final = (
    r"\b(?:lycee|college|ecole|bahut|academy|primary|high\s+school|school|sixth\s+form"
    r"|st\s+[a-z]+'?s)\b"
)
# A relative's whereabouts: "his kids go to St Mary's", "his missus works at"
_RELATIVE: Final = (
    r"\b(?:his|her|their|son|sa|ses)\s+(?:kids|children|son|daughter|sister|brother|missus|wife"
    r"|girlfriend|husband|boyfriend|enfants|gosses|fils|fille|soeur|frere|femme|copine|mec"
    r"|pere|mere|daron|daronne)\b.{0,25}\b(?:go|goes|works|is|at|va|vont|bosse|travaille|est"
    r"|a\s+la)\b"
)
_DESCRIPTORS: Final = (
    # A school with a class or a form room.
    rf"(?:{_SCHOOL}).{{0,60}}(?:{_CLASS})|(?:{_CLASS}).{{0,60}}(?:{_SCHOOL})",
    # A workplace pinned down by its street, town or shift: "elle taffe en caisse au
    # Carrefour de Seraing le samedi", "works the tills at the tesco on kingsway"
    r"\b(?:work|works|working|bosse|bosses|travaille|travailles|taffe|taffes|bossent|travaillent)\b"
    r".{0,30}"
    r"\b(?:at|in|au|aux|a\s+la|a\s+l'|chez|en\s+caisse|on\s+the\s+tills?)\b.{0,40}"
    r"(?:\b(?:on|de|du|des|sur|near|pres|en\s+bas|downstairs|opposite|en\s+face)\s+\w"
    r"|\b(?:le|les|on|every)\s+(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|week-?end"
    r"|mon|tue|wed|thu|fri|sat|sun|matin|soir|nuit|morning|evening|night)|\b(?:shift|nights"
    r"|weekends|tills?|caisse|finit|finishes|ends|starts|commence)\b|\d{1,2}\s?(?:h|am|pm|:))",
    # A home told by its floor: "3ème étage", "2nd floor above it"
    r"\b\d{1,2}\s?(?:e|eme|er|ere|nd|rd|th|st)\s+(?:etage|floor)\b",
    # ... by its door, building or entry code
    r"\b(?:digicode|door\s?code|code\s+(?:de\s+la\s+)?porte|sonnette|interphone)\b"
    r"|\b(?:batiment|bat|building|block|bloc)\s+[a-z0-9]\b|\b(?:red|blue|green|black|white"
    r"|yellow)\s+(?:front\s+)?door\b|\bporte\s+(?:bleue|rouge|verte|noire|blanche|jaune)\b",
    # ... or by the shop beneath it: "lives above the launderette"
    r"\b(?:lives|living|habite)\s+(?:just\s+)?(?:above|au[\s-]dessus|over)\b"
    r"|\b(?:above|au[\s-]dessus\s+d[eu])\s+(?:the|la|le|it)\b",
    # A street named as someone's home, number or not: "t'habites rue Gallait"
    r"\b(?:lives|living|habite|habites|stays|staying)\s+(?:on|in|at|rue|avenue|boulevard|impasse"
    r"|residence|chemin|allee|place)\b|\b(?:son|sa)\s+adresse\b|\bstreet\s+view\b",
    # Someone's accounts or car: "her ig is @...", "sa caisse c'est la Clio grise"
    r"\b(?:his|her|their|son|sa|ses)\s+(?:\w+\s+)?(?:ig|insta|instagram|snap|snapchat|tiktok|facebook|fb"
    r"|twitter|socials|mum|mom|mother|mere|dad|pere)\b.{0,30}(?:@\w|facebook\.com|tagged|\bon"
    r"\s+facebook)|\bfacebook\.com/\w|\b(?:plaque|plate|immatricul\w+)\b",
    _RELATIVE,
    # A routine: "goes to the gym every morning at 7"
    r"\b(?:goes|go|walks|va|vont|passe)\s+(?:to\s+)?(?:the\s+|a\s+la\s+|au\s+)?(?:gym|salle"
    r"|piscine|pool|club|church|mosque|eglise|mosquee|park|parc)\b.{0,40}\b(?:every|each|tous"
    r"|toutes|chaque|at\s+\d|a\s+\d|vers\s+\d)",
    # A school run: "pick up is 3:15", "ur mom picks u up at 3:15", "elle sort à 16h30"
    r"\b(?:pick\s?-?ups?|picks?\s+(?:\w+\s+){1,2}up|school\s+run|sort|sors|sortie|finit|finis)"
    r"\s+(?:is\s+|at\s+|a\s+|vers\s+)*\d{1,2}\s?(?::\s?\d{2}|h\s?(?:\d{2})?)\b",
    # A real name given out: "son vrai nom c'est", "her real name is", "il s'appelle"
    r"\b(?:son|sa|leur)\s+vrai\s+nom\b|\b(?:his|her|their)\s+(?:real|full)\s+name\b"
    r"|\b(?:il|elle)\s+s'appelle\b|\b(?:his|her)\s+name\s+is\b",
)
# A push to go after the person described, or a threat to them.
_PUSH: Final = (
    r"\b(?:say|says)\s+(?:hi|hello)\b|\bdire\s+bonjour\b|\bpasse[rz]?\s+le\s+bonjour\b",
    r"\bcheck\s+(?:street\s+view|google\s+maps|maps)\b|\btag\s+(?:her|him|them)\b",
    r"\bjust\s+saying\b|\bje\s+dis\s+(?:ca|juste)\b|\bjdcjdr\b",
    r"\b(?:vous\s+)?savez\s+(?:quoi\s+faire|ce\s+qu'il\s+reste)|\byou\s+know\s+what\s+to\s+do\b",
    r"\bfaudrait\s+(?:aller|passer|qu'on)\b|\bexpliquer\s+la\s+vie\b",
    r"\b(?:allez|aller|go)\s+(?:la|le|les|lui|leur)\s+(?:voir|trouver|attendre|chercher"
    r"|dire|faire)\b|\ballez\s+(?:tous\s+)?(?:lui|leur)\s+dire\b",
    r"\b(?:je|on)\s+(?:t'|te\s+|vous\s+)attend\w*|\bi'?ll\s+be\s+waiting\b",
    r"\bswat\w*\b|\bboot\s+(?:him|her|them)\b|\bddos\w*\b|\boffline\b",
    r"\bcomite\s+d'accueil\b|\bwelcome\s+(?:party|committee)\b|\bsurprise\b",
    r"\bon\s+va\s+(?:lui|la|le|leur|te|t')\b|\bon\s+passe\s+chez\b",
    r"\bpouvez\s+pas\s+(?:la|le|les)\s+(?:louper|rater)\b|\bcan'?t\s+miss\s+(?:it|her|him)\b",
    r"\bsomeone\s+(?:should|go|needs\s+to)\b|\bquelqu'un\s+(?:devrait|doit|peut\s+aller)\b",
    r"\b(?:tout|toute)\s+(?:ton|ta|son|sa)\s+(?:bahut|lycee|college|ecole|classe)\s+(?:va|voit"
    r"|saura)\b|\beveryone\s+at\s+(?:your|his|her)\s+school\b",
    r"\bflood\s+(?:it|her|him|them)\b|\bgo\s+have\s+fun\b|\bhave\s+fun\b|\bgo\s+say\b",
    r"\btell\s+(?:her|him|them)\s+what\b",
    r"\bpay\s+(?:him|her|them|you|u|ya)\s+a\s+visit\b|\brendez[\s-]*(?:lui|leur)\s+visite\b",
    # Told they were found, to watch out on the way out: "je t'ai trouvée", "watch your back"
    r"\bje\s+t'ai\s+trouvee?\b|\bfais\s+gaffe\s+(?:en\s+sortant|quand\s+tu\s+sors|ce\s+soir)\b"
    r"|\bwatch\s+(?:your|ur)\s+back\b",
    r"\bspamm?ez\b|\bharcelez\b|\bfaites\s+tourner\b",
    # A denunciation: "c'est elle la balance", "the mod who banned me is"
    r"\bc'est\s+(?:lui|elle|eux)\s+(?:la|le|les|qui)\b|\bthe\s+(?:mod|guy|girl|one|snitch)"
    r"\s+who\s+\w+(?:\s+\w+){0,3}\s+is\b",
    # Threats aimed at the person themselves: "je sais qui t'es", "I know who you are"
    r"\bj(?:e\s+|\s*'?\s*)sais\s+(?:qui|ou|que)\s+(?:t'|tu\b)"
    r"|\bi\s+know\s+(?:who|where)\s+(?:you|u)\b",
)
# Someone to go after: a third person, or the person addressed ("t'es en 1ère").
_PERSON: Final = re.compile(
    r"\b(?:il|elle|iel|lui|son|sa|ses|he|she|him|his|her|they|them|their|t'|tu|toi|ton|ta"
    r"|you|your|ur|mec|meuf|gars|nana|meuf|guy|girl|dude|kid|mod|modo|voisine?|neighbou?r"
    r"|name'?s?|nom|house|maison|home|lives|works|goes|drives|studies|habite|bosse"
    r"|travaille|taffe)\b"
)
# An IP address said to be someone else's pushes by itself: it exists to be attacked.
_IP: Final = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_THEIR_IP: Final = re.compile(
    r"\b(?:his|her|their|son|sa|got\s+(?:his|her|their)|ton|your|ur)\s+ip\b|\bip\s+(?:de|of)\s+"
)
_ENOUGH: Final = 2
# A teacher named with a class is school talk ("le prof de 3e B"), not a pupil exposed.
_TEACHER: Final = re.compile(
    r"\b(?:prof|profs|professeure?|teacher|instit|institutrice|maitresse|principal|proviseur"
    r"|cpe|mme|mr|mrs|miss|sir)\b"
)
_IP_WORD: Final = re.compile(r"\bip\b")
# The author describing themselves or their own family; a lost object; a moderator asking
# for the details to go; a group meeting point.
_BLOCK: Final = (
    r"\b(?:je|j')\s*(?:bosse|travaille|taffe|suis\s+en|suis\s+au|vais\s+au|habite)\b"
    r"|\bi\s+(?:work|go\s+to|live|study|am\s+in)\b|\bi'm\s+(?:in|at)\s+(?:year|form|class)\b"
    r"|\b(?:my|our)\s+(?:school|work|shift|class|form|sister|brother|son|daughter|kids|mum|mom"
    r"|dad|wife|husband|ip)\b|\b(?:ma|mon|mes|notre)\s+(?:soeur|frere|fils|fille|enfants|mere"
    r"|pere|femme|mari|ecole|lycee|college|classe|boulot|ip|pote|amie?|copine|copain|cousine?"
    r"|tante|oncle)\b|\b(?:my|our)\s+(?:friend|mate|bestie|cousin|aunt|uncle|girlfriend"
    r"|boyfriend|partner)\b",
    r"\b(?:trouve|found|perdu|lost|oublie|forgot)\s+(?:un|une|a|an|this|ce|cette|son|sa|his"
    r"|her)\s+(?:portefeuille|wallet|sac|bag|cle|cles|keys?|phone|telephone|portable|carte"
    r"|card|doudou|veste|jacket|manteau|coat|trousse|pencil\s+case|chien|dog|chat|cat)\b"
    r"|\bobjets?\s+trouves?\b|\blost\s+(?:and|&)\s+found\b|\bau\s+nom\s+de\b",
    r"\b(?:enleve|enlever|enlevez|supprime|supprimer|supprimez|retire|retirer|retirez|efface"
    r"|effacer|remove|delete|take\s+down|edit\s+out)\b",
)


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@dataclass(frozen=True, slots=True)
class Described:
    """Where in the normalized text a person is exposed, and how."""

    start: int
    end: int
    how: str  # "ip" or "description"


class DescriptionReader:
    """Find a third person exposed by description with a push to act on it."""

    def __init__(self) -> None:
        self._descriptors = tuple(re.compile(p) for p in _DESCRIPTORS)
        self._relative = re.compile(_RELATIVE)
        self._push = _compile(_PUSH)
        self._block = _compile(_BLOCK)

    @staticmethod
    def may_hold(words: frozenset[str]) -> bool:
        """Tell cheaply whether the message names any place, account or class at all."""
        return not words.isdisjoint(_HINT_WORDS)

    def read(self, text: str, raw: str = "", *, follows_doxxing: bool = False) -> Described | None:
        """Return the exposure in one normalized message, or None.

        ``follows_doxxing`` says the author exposed someone moments ago: a further
        description then counts without its own push ("her ig is @... too").
        """
        if self._block.search(text):
            return None
        pushed = follows_doxxing or self._push.search(text) is not None
        ip = _IP.search(text)
        if ip and (_THEIR_IP.search(text) or (pushed and _IP_WORD.search(text))):
            return Described(ip.start(), ip.end(), "ip")
        school, *others = self._descriptors
        spans = [m.span() for m in (d.search(text) for d in others) if m is not None]
        if _TEACHER.search(text) is None:
            at_school = school.search(text)
            if at_school is not None:
                spans.append(at_school.span())
            # Reading leetspeak turns "3eB" into "eeb": look for a class in the raw text too.
            elif raw and school.search(_fold(raw)):
                spans.append((0, len(text)))
        # Two distinct details (a real name, a school and a form room) expose by themselves;
        # a relative only says whose they are.
        details = len(spans) - (self._relative.search(text) is not None)
        if not spans or not (pushed or details >= _ENOUGH) or _PERSON.search(text) is None:
            return None
        start, end = min(spans)
        return Described(start, end, "description")


def _fold(raw: str) -> str:
    """Lower-case a raw text and strip its accents."""
    decomposed = unicodedata.normalize("NFKD", raw.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
