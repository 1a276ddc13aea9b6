"""Context words: whose data it is (own, someone else's, a business's) and calls to act on it.

Patterns run on the normalized text (lower case, no accents, apostrophes kept),
and only on messages that already hold personal data, so their cost is rare.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

__all__ = ["ROUTINE_PLACE", "CueSet", "Cues"]

_DATA: Final = (
    r"(?:num(?:ero|ro|éro)?s?|tel(?:ephone)?|portable|phone|06|07|adresse(?:\s+mail)?|addy"
    r"|mail|e-?mail|iban|rib|coordonnees|domicile|insta|snap|cell|mobile|digits|address"
    r"|number|house|home\s+address|infos?|gsm|whats?app)"
)
_SEP: Final = r"[\s'-]*"

THIRD_PARTY: Final = (
    # "son numéro", "sa adresse", "ses coordonnées"
    rf"\b(?:son|sa|ses)\s+{_DATA}\b",
    # "sa mère : 06...": a relative of someone else ("her mom's number" is read below)
    r"\b(?:son|sa|ses)\s+(?:mere|maman|daronne|reum|pere|papa|daron|soeur|frere|meuf|copine"
    r"|femme|mec|copain|ex|fils|fille|filles|enfants?|gosses?|petite?s?\s+(?:soeur|frere))\b",
    # "le num de jb", "l'adresse de Mélanie", not "le numéro du resto / de la mairie / de mon..."
    rf"(?:^|[\s,.:;!?(])(?:le\s+|la\s+|l')?{_DATA}\s+(?:de\s+|d')(?!(?:la|le|les|l|mon|ma|mes|notre"
    r"|votre|nos|vos|leur|leurs|chez|un|une|ce|cette|du|des|telephone|tel|portable|fixe|mobile"
    r"|compte|commande|suivi|colis|dossier|client|serie|carte|ticket|reservation|contrat|facture"
    r"|urgence|secours|service|securite|transaction|reference|livraison|badge|membre|licence)\b)",
    # "le 06 de la meuf", "l'adresse de ce mec": a person, not a place
    rf"\b(?:le\s+|la\s+|l')?{_DATA}\s+(?:(?:de|d')\s*(?:la|le|l'|cette|ce|cet)|du)\s*(?:meuf|fille|nana|go"
    r"|gamine|petite|gars|mec|type|keum|bouffon|connard|connasse|salope|pute|prof|voisin|voisine"
    r"|ex|soeur|frere|mere|pere|copine|copain|pote|mome|gosse)\b",
    r"\bj'?\s*ai\s+(?:re)?trouve\s+(?:ton|ta|tes|son|sa|ses|l'adresse|le\s+num|le\s+numero"
    r"|le\s+mail|ou\s+(?:tu|il|elle))",
    r"\bfound\s+(?:out\s+)?where\s+(?:you|u|he|she|they)\s+(?:live|lives|work|works)\b",
    # "voici le num : 06...", not "voici le numéro de la mairie" (an owner named is read above)
    r"\bvoici\s+(?:son|sa|ses|les\s+coordonnees|(?:l'adresse|le\s+num(?:ero)?)\b(?!\s*(?:de|d'|du)\b))",
    r"\b(?:il|elle|iel|ils|elles|cette\s+\w+|ce\s+\w+)\s+(?:habite|habitent|vit|vivent|loge"
    r"|logent|bosse|bossent|travaille|travaillent|taffe|etudie|dort)\b",
    # "je sais où tu", "on sait toujours où", "on sait très bien qui"
    r"\b(?:je|on)\s+(?:sais|sait)\s+(?:(?:toujours|bien|tres|deja|maintenant|exactement)\s+){0,2}"
    r"(?:ou|qui|comment)\s+(?:tu|t'|t\s|il|elle|vous|ils|elles)",
    r"\bon\s+sait\s+(?:ou|qui)\b",
    r"\b(?:tu|t')\s*habites?[\s,:]+(?:au|a|rue|avenue|bd|boulevard|chemin|impasse|allee|place|quai)\b",
    rf"\bton\s+{_DATA}\s*(?:c'?est|:|=|est)",
    r"\b(?:his|her)\s+(?:phone\s+|cell\s+|home\s+|email\s+|e-mail\s+)?"
    r"(?:number|num|digits|cell|mobile|phone|address|addy|email|e-mail|mail|iban|home|house"
    r"|location|insta|instagram|snap|snapchat|ig|tiktok|twitter|fb|facebook|socials|info)\b",
    # "jake's number", not "my mom's number" or "the shop's number"
    r"(?<!\bmy\s)(?<!\bthe\s)(?<!\bour\s)\b[a-z0-9_.]+'s\s+(?:phone\s+|home\s+)?"
    r"(?:number|cell|address|addy|email|iban)\b",
    # "X lives at", "Mélanie habite au": a third person's home or work place
    r"\b(?:lives|works)\s+(?:at|on|in|near)\b",
    r"\b(?!je\b|j\b|qui\b|on\b|nous\b)[a-z]+\s+(?:habite|vit|bosse|travaille)\s+(?:au|a|rue"
    r"|avenue|pres|en\s+face|dans|chez)\b",
    r"\b(?:he|she)\s+(?:lives|works|stays|studies|goes\s+to|is\s+staying|sleeps|hangs\s+out)\b",
    r"\b(?:i|we)\s+(?:(?:all|already|still)\s+)?know\s+(?:(?:exactly|now)\s+)?(?:where|who)"
    r"\s+(?:you|u|she|he|they)\b",
    r"\bfound\s+(?:his|her|their|your|ur)\s+(?:address|number|house|info|socials|home|insta"
    r"|instagram|snap|snapchat|tiktok|twitter|facebook|fb)\b",
    r"\bhere'?s\s+(?:his|her)\b",
    r"\b(?:your|ur)\s+(?:address|number|home\s+address|phone\s+number|email)\s+(?:is|:|=)",
    r"\b(?:you|u)\s+live\s+(?:at|on|in)\b",
    r"\bdox+(?:e|ed|ing|er|é)?\b",
    r"\bleak(?:ed|ing)?\b",
)
# A work number or address, given as such: "mon adresse pro", "my work number".
_WORK: Final = (
    r"\b(?:adresse|numero|num|tel|telephone|mail|e-?mail|fixe)\s+(?:pro|professionnel(?:le)?)\b"
    r"|\b(?:work|business|office)\s+(?:number|phone|address|email|e-mail|line)\b"
)
OWN: Final = (
    # "mon numéro", not "pas mon numéro perso" (a number given instead of the author's)
    rf"(?<!\bpas\s)\b(?:mon|ma|mes|notre|nos)\s+{_DATA}\b(?!\s+(?:pro|professionnel(?:le)?)\b)",
    r"\b(?:appel+(?:e|ez)?|ecri(?:s|vez|re)|contact(?:e|ez)?|texte|textez|sms|bip(?:e|ez)"
    r"|joins|joignez|envoie|envoyez|mp)[\s-]*(?:moi|nous)\b",
    r"\bme\s+(?:joindre|contacter|appeler|ecrire|texter|trouver)\b",
    r"\bjoignable\b",
    r"\bj'?\s*habite\b",
    # "viens chez moi", not "la pizzeria en bas de chez moi" (a place near the author's home)
    r"(?<!\bde\s)(?<!\bd')\bchez\s+moi\b",
    r"\bvoila\s+mon\b",
    r"(?<!\bnot\s)\bmy\s+(?:phone\s+|cell\s+|home\s+|email\s+|e-mail\s+)?"
    r"(?:number|num|digits|cell|mobile|phone|address|addy|email|e-mail|mail|iban|bank|burner"
    r"|whatsapp|line)\b",
    # "come to my place", not "the pizzeria near my place" (a place near the author's home)
    r"(?<!\bnear\s)(?<!\bby\s)(?<!\bfrom\s)(?<!\baround\s)(?<!\bbehind\s)(?<!\bopposite\s)"
    r"\bmy\s+(?:house|place|flat|home)\b",
    r"\b(?:call|text|email|e-mail|mail|ring|dm|message|contact|reach|hit|find|whatsapp|add)\s+"
    r"(?:me|us)\b",
    r"\bi\s+live\b",
    r"\bour\s+(?:address|number|place)\b",
    r"\b(?:mon|notre)\s+compte\b|\bmy\s+(?:account|acc)\b",
    # The account a seller gives to be paid on: "pour le virement c'est FR76…".
    r"\bpour\s+(?:le|ton|votre)\s+(?:virement|paiement|reglement)\b|\bvire[sz]?[\s-]*moi\b",
    r"\bfor\s+(?:the\s+)?(?:bank\s+)?(?:transfer|payment)\b",
)
PUBLIC: Final = (
    _WORK,
    # An order, parcel or file number is an identifier, not someone's phone.
    r"\b(?:numero|num|n°|no|ref|reference)\s+(?:de\s+|du\s+)?(?:commande|suivi|colis|dossier"
    r"|ticket|reservation|facture|contrat|client|serie|transaction|securite\s+sociale)\b",
    r"\b(?:order|tracking|invoice|reference|ref|booking|confirmation|case|ticket|parcel)\s+"
    r"(?:number|no|#|id|code)\b",
    r"\bleur\s+(?:numero|num|tel|adresse|mail|site|standard)\b",
    r"\bsur\s+(?:leur|le|son)\s+site\b",
    r"\b(?:standard|accueil|secretariat|service\s+client|sav|hotline|numero\s+vert"
    r"|numero\s+gratuit|gratuit\s+et\s+anonyme|ligne\s+d'ecoute|urgences?|samu|pompiers"
    r"|gendarmerie|commissariat|mairie|prefecture|pharmacie|cabinet|clinique|hopital|dentiste"
    r"|medecin|docteur|veterinaire|kine|restaurant|resto|pizzeria|boulangerie|magasin|boutique"
    r"|garage|agence|entreprise|societe|association|horaires|ouvert|reservations?|livre"
    r"|livrent|cafe|bar|brasserie|cinema|gare|musee|mediatheque|bibliotheque|stade|gymnase"
    r"|salle\s+des\s+fetes|centre\s+commercial|le\s+local\s+du\s+club|concert|spectacle|festival"
    r"|expo|exposition|theatre|salle|evenement|conference)\b",
    r"\btheir\s+(?:number|phone|address|email|site|website|office|line)\b",
    r"\b(?:on|from)\s+(?:their|the)\s+(?:website|site)\b",
    r"\b(?:dentist|doctor|clinic|hospital|pharmacy|office|shop|store|restaurant|pizzeria"
    r"|bakery|garage|salon|helpline|hotline|customer\s+service|support\s+line"
    # "call reception", not "dès réception" (on receipt of a payment)
    r"|reception\s+desk|(?:the|at|call)\s+reception"
    r"|front\s+desk|business|company|library|council|non-emergency|walk-ins|opening\s+hours"
    r"|takeaway|delivery|bookings?|cafe|coffee\s+shop|pub|bar|cinema|museum|library|stadium"
    r"|venue|station|church|mall|gym|concert|gig|festival|show|event|theater|theatre"
    r"|conference|exhibition)\b",
    r"\bthey\s+(?:take|deliver|open|close)\b",
    # an answering machine, a line named for its use, orders taken at a number
    r"\b(?:answering\s+machine|repondeur)\b|\b(?:business|office|info|information|booking"
    r"|bookings|enquiries|admin|intake|main)\s+line\b|\bcommandes?\s+(?:au|par|sur)\b",
    r"\b(?:24h?\s*/\s*24|24\s*/\s*7|7j?\s*/\s*7|sos|ecoute|anonyme|gratuit|free\s+call|toll-free"
    r"|helpline|crisis\s+line|hotline)\b",
)
# The data said to be public, in as many words: "c'est un numéro public", "that's the
# business line". Passing such a number around is no call to go after its owner.
DECLARED_PUBLIC: Final = (
    r"\b(?:numero|num|ligne|standard|tel(?:ephone)?|adresse|mail)\s+(?:public|publique"
    r"|officiel(?:le)?)\b",
    r"\bpublic\s+(?:number|line|phone|helpline|info\s*line|email|address)\b",
    r"\b(?:number|line|email)\s+is\s+public\b",
    r"\b(?:that'?s|it'?s|c'?est)\s+(?:the|their|a|le|leur|un)\s+(?:business|office|public|main)"
    r"\s+(?:line|number)\b",
)
INCITEMENT: Final = (
    r"\ballez[\s-]*y\b",
    r"\b(?:spamm?ez|harcelez|insultez|defoncez|pourrissez|bombardez|floodez|menacez|ecrivez[\s-]*(?:lui|leur)"
    r"|amusez[\s-]*vous)\b",
    # "appelez-le toute la nuit", not "appelez le 07 ..." (the number itself)
    r"\bappelez[\s-]*(?:le|la|les)\b(?!\s*(?:[\d+(]|au\b|numero|num\b))",
    r"\bfaites[\s-]*(?:vous\s+plaisir|tourner|passer)\b",
    r"\b(?:partagez|diffusez)\b",
    r"\brendez[\s-]*(?:lui|leur)\s+visite\b",
    r"\ballez\s+(?:le|la|les)\s+voir\b",
    r"\bvous\s+savez\s+(?:quoi\s+faire|ce\s+qu'il\s+(?:vous\s+)?reste)",
    r"\btoute\s+la\s+nuit\b",
    r"\bgo\s+(?:say\s+hi|visit|pay|find|get)\b",
    r"\b(?:call|text|spam|ring|message|dm|visit|harass)\s+(?:him|her|them)\b"
    r"|\b(?<!ll\s)(?:email|e-mail|mail)\s+(?:him|her)\b",
    r"\byou\s+know\s+what\s+to\s+do\b",
    r"\bhave\s+fun\b",
    r"\b(?:at\s+3\s*am|all\s+night)\b",
    r"\bpay\s+(?:him|her|them)\s+a\s+visit\b",
    r"\b(?:spread|share)\s+(?:it|this)\b",
    # Pile-ons: "go wild", "have at her", "blow up his phone", "fill her inbox up".
    r"\bgo\s+(?:wild|nuts|crazy|ham|to\s+town|mad)\b",
    r"\b(?:flood|spam|bomb|raid)\s+(?:her|his|their)\s+(?:comments|dms|inbox|mentions|posts)\b",
    r"\bhave\s+at\s+(?:it|her|him|them)\b|\bdo\s+(?:your|ur)\s+worst\b",
    r"\b(?:fill|blow)\s+(?:up\s+)?(?:her|his|their|it)\s+(?:(?:phone|inbox|dms|mentions)\s+)?up\b"
    r"|\bblow\s+up\s+(?:her|his|their)\s+(?:phone|inbox|dms|mentions)\b",
    r"\b(?:her|his|their)\s+phone\s+(?:ringing|buzzing|blowing\s+up)\b",
    r"\bmake\s+(?:her|his|their)\s+(?:night|day|week|life)\b",
    r"\b(?:lachez|regalez|defoulez|donnez)[\s-]*vous\b|\ba\s+vous\s+de\s+jouer\b",
    r"\b(?:faites|fais)[\s-]*(?:peter|chauffer|sonner)\b|\bc'?est\s+cadeau\b",
    r"\b(?:passez|allez)\s+(?:lui|leur)\s+(?:dire|faire|rendre|ecrire|parler|envoyer)\b",
)
# A routine laid out: where someone sleeps or studies, and when they come and go. The
# room or class of another person with a time or a trip is whereabouts with no call to act.
ROUTINE: Final = (
    # a schedule: "every morning", "tous les matins", "at 7", "à 7h40"
    r"\b(?:every|each)\s+(?:morning|evening|night|day|week\s*day|mon|tue|wed|thu|fri|sat|sun)"
    r"|\b(?:tous|toutes)\s+les\s+(?:matins|soirs|jours|nuits|lundis|mardis|mercredis|jeudis"
    r"|vendredis|samedis|dimanches|semaines)\b|\bchaque\s+(?:matin|soir|jour|nuit|semaine)\b"
    r"|\b(?:at|a|vers|around|by|until|till|jusqu'a)\s+\d{1,2}(?:h\d{0,2}|:\d\d|\s?[ap]m)?\b"
    r"|\b(?:sortie|sort|finit|fin|commence|debut|ends|starts|leaves|finishes)\s+(?:a\s+|at\s+)?"
    r"\d{1,2}(?:h|:|\s?[ap]m)",
    # a room or a class: "in halls", "room 214", "en terminale", "au lycée X"
    r"\b(?:in|at)\s+halls\b|\b(?:room|chambre|flat|apt|dorm|appart|appartement|bat|batiment"
    r"|block|bloc)\s+(?:n°\s*|no\s*|#)?\d+\w?\b|\b(?:en|au)\s+(?:terminale|premiere|1ere"
    r"|seconde|2nde|troisieme|3e|4e|cm2|bts|licence|master|l[123]|m[12])\b"
    r"|(?:\b(?:au|a\s+la|in|at)\s+|\ba\s+l'\s*)(?:lycee|college|ecole|fac|school|uni|university"
    r"|sixth\s+form|year\s+\d+)\b",
    # a movement: "goes to the gym", "prend le 52", "leaves work"
    r"\b(?:goes|walks|takes|gets|leaves|finishes|rides|trains|prend|sort|finit|va|passe"
    r"|rentre|part)\b.{0,25}\b(?:gym|bus|train|tram|metro|tube|school|class|classes|work"
    r"|lectures?|practice|training|salle|sport|piscine|pool|cours|boulot|taf|taff|le\s+\d+"
    r"|ecole|lycee|college|fac"
    r"|the\s+\d+)\b",
)
ROUTINE_PLACE: Final = re.compile(ROUTINE[1])
WHEREABOUTS: Final = (
    # Someone else's place of life or work named with a street, a school or a schedule.
    r"\b(?:lives|works|studies|stays|goes\s+to\s+school|hangs\s+out|habite|bosse|travaille"
    r"|taffe|etudie|traine)\b.{0,40}\b(?:street|road|lane|avenue|drive|way|close|crescent"
    r"|square|park|high\s+school|school|college|academy|rue|avenue|boulevard|place|quai|allee"
    r"|chemin|lycee|college|ecole|fac|rd|st|ave|ln|blvd|bd)\b",
    # A workplace named by its shop and street: "works the tills at the Tesco on Kingsway".
    r"\b(?:works|working|bosse|travaille|taffe)\b.{0,25}\b(?:at|au|chez|a)\s+(?:the\s+|le\s+"
    r"|la\s+)?[a-z'-]+(?:\s+[a-z'-]+)?\s+(?:on|in|de\s+la|du|sur|rue)\s+[a-z]+",
    r"\b(?:shift|school|class|work)\s+(?:ends|starts|finishes|gets\s+out)\b",
    r"\b(?:finit|sort|termine|commence)\s+(?:le\s+boulot|les\s+cours|du\s+lycee|du\s+boulot"
    r"|du\s+college|a)\b.{0,15}\d",
)


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _phrases(words: Iterable[str]) -> list[str]:
    """Turn plain phrases from the options into patterns on the normalized text."""
    return [r"\b" + _SEP.join(map(re.escape, w.casefold().split())) + r"\b" for w in words]


@dataclass(frozen=True, slots=True)
class Cues:
    """What the words around the data say about it."""

    own: bool
    third_party: bool
    public: bool
    incitement: bool
    #: Said to be public in as many words (public is then true too).
    declared: bool
    whereabouts: bool
    routine: bool = False


class CueSet:
    """The compiled context patterns, extended by a rule's options."""

    def __init__(
        self,
        *,
        third_party: Iterable[str] = (),
        own: Iterable[str] = (),
        public: Iterable[str] = (),
    ) -> None:
        self._third = _compile((*THIRD_PARTY, *_phrases(third_party)))
        self._own = _compile((*OWN, *_phrases(own)))
        self._public = _compile((*PUBLIC, *_phrases(public)))
        self._declared = _compile(DECLARED_PUBLIC)
        self._incite = _compile(INCITEMENT)
        self._where = _compile(WHEREABOUTS)
        self._routine = (re.compile(ROUTINE[0]), ROUTINE_PLACE, re.compile(ROUTINE[2]))

    def read(self, text: str) -> Cues:
        """Read the cues of one normalized message."""
        declared = self._declared.search(text) is not None
        return Cues(
            own=self._own.search(text) is not None,
            third_party=self._third.search(text) is not None,
            public=declared or self._public.search(text) is not None,
            incitement=self._incite.search(text) is not None,
            declared=declared,
            whereabouts=self._where.search(text) is not None,
            routine=self._routine[1].search(text) is not None
            and (
                self._routine[0].search(text) is not None
                or self._routine[2].search(text) is not None
            ),
        )
