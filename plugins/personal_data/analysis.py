"""Find the private data in a message and decide whose it is: the author's, a shop's, another's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from bot.events import MessageCreated
from plugins.personal_data.accounts import find_accounts, promotes_own
from plugins.personal_data.addresses import find_addresses, may_hold_address
from plugins.personal_data.birthdates import find_birthdates, may_hold_birthdate
from plugins.personal_data.cards import find_cards, may_hold_card
from plugins.personal_data.cues import ROUTINE_PLACE, Cues, CueSet
from plugins.personal_data.described import Described, DescriptionReader
from plugins.personal_data.emails import (
    find_emails,
    may_hold_hidden_email,
    may_hold_spaced_email,
)
from plugins.personal_data.found import Found, overlaps, word_set
from plugins.personal_data.ibans import find_ibans
from plugins.personal_data.identity import find_identity_numbers, may_hold_identity_number
from plugins.personal_data.phones import digit_count, find_phones, may_hold_phone
from plugins.personal_data.plates import find_plates, speaks_of_someone_else
from plugins.personal_data.spelled import NUMBER_WORDS, words_of

if TYPE_CHECKING:
    from bot.context import Context
    from plugins.personal_data.options import PersonalDataOptions

__all__ = ["Analyzer", "Finding", "Seen"]

_IBAN_HINT: Final = re.compile(r"[A-Za-z]{2} ?\d{2}")
_IBAN_MIN_DIGITS: Final = 10
_MENTION: Final = re.compile(r"(?<![\w.+-])@[\w.-]{2,}(?!@)")
_WHERE_HINT: Final = re.compile(
    r"\b(?:lives|works|studies|habite|bosse|travaille|taffe|etudie|shift|finit|sort|halls|room"
    r"|chambre|lycee|college|ecole|school|terminale)\b"
)
_WHERE_WORDS: Final = word_set(
    "lives works studies habite bosse travaille taffe étudie etudie shift finit sort"
)
# Words of a room or a class: a routine is only read when one is there.
_ROUTINE_WORDS: Final = word_set(
    "halls room chambre lycée lycee collège college école ecole school terminale dorm flat apt"
    " appart uni university fac"
)


@dataclass(frozen=True, slots=True)
class Finding:
    """What one message holds: the private data found and who it belongs to."""

    data: tuple[Found, ...]
    third_party: bool
    cues: Cues | None
    streak: bool
    mention: bool


@dataclass(frozen=True, slots=True)
class Seen:
    """The data a message holds before judging whose it is, for `vigie explain`."""

    found: tuple[Found, ...]
    #: What is left once public numbers and role addresses are set aside.
    private: tuple[Found, ...]
    cues: Cues


class Analyzer:
    """Find personal data in a message and decide whether it is someone else's."""

    def __init__(
        self,
        options: PersonalDataOptions,
        *,
        whereabouts: bool = False,
    ) -> None:
        self._o = options
        self._key = (
            tuple(sorted(options.kinds)),
            tuple(options.regions),
            options.hidden_emails,
            options.rib,
        )
        self._kinds = frozenset(options.kinds)
        self._regions = tuple(r.upper() for r in options.regions)
        self._cues = CueSet(
            third_party=options.third_party_cues, own=options.own_cues, public=options.public_cues
        )
        # Rules with the same cue phrases read a message's cues once between them.
        self._cue_key = (
            tuple(options.third_party_cues),
            tuple(options.own_cues),
            tuple(options.public_cues),
        )
        self._whereabouts = whereabouts
        self._described = DescriptionReader()

    def _find(self, raw: str, words: frozenset[str]) -> list[Found]:
        # Every test before a finder is cheap (a count, a set lookup): most
        # messages hold no digit, no "@" and no spelled number, and stop here.
        kinds = self._kinds
        found: list[Found] = []
        digits = digit_count(raw)
        hidden = self._o.hidden_emails and may_hold_hidden_email(raw, words)
        spaced = self._o.hidden_emails and may_hold_spaced_email(raw)
        if "email" in kinds and ("@" in raw or hidden or spaced):
            found += find_emails(raw, hidden=hidden, spaced=spaced)
        if (
            digits >= _IBAN_MIN_DIGITS
            and "iban" in kinds
            and (self._o.rib or _IBAN_HINT.search(raw))
        ):
            found += find_ibans(raw, rib=self._o.rib)
        if "card" in kinds and may_hold_card(digits):
            # Before the phones: a card's groups of four would read as a number.
            found += find_cards(raw, tuple(found))
        if "phone" in kinds and may_hold_phone(raw, digits, words):
            taken = tuple(found)
            found += [
                f
                for f in find_phones(raw, self._regions, words)
                if not overlaps(taken, f.start, f.end)
            ]
        # A house number may be spelled out ("quatorze rue…"): no digit then.
        numbered = digits or not words.isdisjoint(NUMBER_WORDS)
        if numbered and "address" in kinds and may_hold_address(words, raw):
            found += find_addresses(raw)
        if digits >= 2 and "plate" in kinds:
            found += find_plates(raw, words)
        if "account" in kinds:
            found += find_accounts(raw, words)
        if "id" in kinds and may_hold_identity_number(words, digits):
            found += [f for f in find_identity_numbers(raw) if not overlaps(found, f.start, f.end)]
        if "birthdate" in kinds and may_hold_birthdate(words, digits):
            found += [f for f in find_birthdates(raw) if not overlaps(found, f.start, f.end)]
        return found

    def _private(self, found: list[Found]) -> list[Found]:
        keep: list[Found] = []
        for f in found:
            if f.public and f.kind == "phone" and not self._o.public_numbers:
                continue
            if f.public and f.kind == "email" and self._o.allow_role_emails:
                continue
            keep.append(f)
        return keep

    def _found(self, ctx: Context) -> tuple[frozenset[str], tuple[Found, ...]]:
        """Return the message's words and what the finders see in it, once per message."""
        # The personal_data and doxxing rules read the same message: the finders
        # (phonenumbers above all) and the cue phrases run once for both.
        raw = ctx.text
        words = ctx.once(("personal_data.words",), lambda: words_of(raw))
        found = ctx.once(("personal_data.found", self._key), lambda: tuple(self._find(raw, words)))
        return words, found

    def _cues_of(self, ctx: Context) -> Cues:
        """Return the cue words of the message, once per message."""
        text = ctx.normalized.text
        return ctx.once(("personal_data.cues", self._cue_key), lambda: self._cues.read(text))

    def seen(self, ctx: Context) -> Seen | None:
        """Return the data the finders see and the cue words, with no state read or written."""
        if not ctx.text:
            return None
        _, found = self._found(ctx)
        if not found:
            return None
        return Seen(found, tuple(self._private(list(found))), self._cues_of(ctx))

    async def analyze(self, ctx: Context) -> Finding | None:
        """Return what the message holds, or None when it holds no private data."""
        raw = ctx.text
        if not raw:
            return None
        words, found = self._found(ctx)
        data = self._private(list(found))
        text = ctx.normalized.text
        where_possible = self._whereabouts and (
            (not words.isdisjoint(_WHERE_WORDS) and _WHERE_HINT.search(text) is not None)
            or (not words.isdisjoint(_ROUTINE_WORDS) and ROUTINE_PLACE.search(text) is not None)
        )
        described_possible = self._whereabouts and DescriptionReader.may_hold(words)
        if not data and not where_possible and not described_possible:
            return None
        event = ctx.event
        key = f"{event.community}:personal_data:third_party:{event.member.id}"
        message_id = getattr(event, "message_id", "")
        # Both triggers record the message they judged; only earlier messages make a streak.
        marked = await ctx.state.recent(key, ctx.now, self._o.memory)
        streak = any(m != message_id for m in marked)
        cues = self._cues_of(ctx)
        mention = (
            bool(isinstance(event, MessageCreated) and event.mentions)
            or _MENTION.search(raw) is not None
        )
        # Data posted with a call to go after its owner is someone else's, unless the message
        # says in as many words the number is public ("c'est un numéro public, faites tourner").
        third = cues.third_party or (
            not cues.own
            and (
                streak
                or (bool(data) and cues.incitement and not cues.declared)
                or (mention and self._o.mentions_are_third_party and not cues.public)
            )
        )
        described = (
            self._described.read(text, raw, follows_doxxing=streak)
            if described_possible and not cues.own
            else None
        )
        # A person exposed by description, with a push to act, is someone else's data.
        third = third or described is not None
        data, third = _as_someone_elses(data, text, third=third, pile_on=cues.incitement or streak)
        if not third and not cues.own and cues.public and self._o.public_context:
            # A business's or a service's number or address, given as such; an IBAN
            # asked for in a payment is a person's account whatever the words around it,
            # and a business gives its number plainly: one spelled out or disguised
            # ("bookings: zero seven...") hides from filters, whatever the words around it.
            # Nor is a card number ever a business's to publish.
            data = [f for f in data if f.kind in ("iban", "card") or f.disguised]
            if not data:
                return None
        if (
            where_possible
            and third
            and (cues.routine or (cues.whereabouts and (cues.incitement or streak)))
        ):
            data.append(_whereabouts(ctx))
        if described is not None and not any(f.kind == "whereabouts" for f in data):
            data.append(_described(ctx, described))
        if not data:
            return None
        if third:
            await ctx.state.hit(key, ctx.now, self._o.memory, message_id)
        return Finding(tuple(data), third, cues, streak, mention)


def _as_someone_elses(
    data: list[Found], text: str, *, third: bool, pile_on: bool
) -> tuple[list[Found], bool]:
    """Keep plates and social accounts only as someone else's; say whose the data is now."""
    if not third and any(f.kind == "plate" for f in data):
        # A plate is private only as someone else's: "her car ... plate YK19 EXM" is,
        # a member's own plate or a car for sale is not worth a removal.
        third = speaks_of_someone_else(text)
        if not third:
            data = [f for f in data if f.kind != "plate"]
    if any(f.kind == "account" for f in data) and not (
        third and pile_on and not promotes_own(text)
    ):
        # Handles are given out all day ("her insta is @lea.art, go follow"): one is
        # private data only as someone else's, with a pile-on called or doxxing before.
        data = [f for f in data if f.kind != "account"]
    return data, third


def _whereabouts(ctx: Context) -> Found:
    """Point at the place named in a message about someone's whereabouts."""
    view = ctx.normalized
    m = _WHERE_HINT.search(view.text)
    start, end = view.to_raw(m.start(), len(view.text)) if m else (0, len(view.raw))
    return Found(kind="whereabouts", start=start, end=end, value="home, work or schedule")


def _described(ctx: Context, described: Described) -> Found:
    """Point at the description that exposes someone: an IP address, a school, a door."""
    start, end = ctx.normalized.to_raw(described.start, described.end)
    if described.how == "ip":
        return Found(kind="ip", start=start, end=end, value="IP address")
    return Found(kind="whereabouts", start=start, end=end, value="described whereabouts")
