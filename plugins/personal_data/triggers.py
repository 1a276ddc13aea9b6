"""The personal_data and doxxing triggers: private data in a message, and whose it is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar, Final, Literal

from pydantic import Field

from bot.categories import Category, Severity
from bot.context import Context
from bot.durations import Duration
from bot.events import Event, MessageCreated
from bot.registry import Options, Services
from bot.rules import Match, Span
from plugins.personal_data.cues import Cues, CueSet
from plugins.personal_data.finders import (
    find_addresses,
    find_emails,
    find_ibans,
    find_plates,
    may_hold_address,
    may_hold_hidden_email,
)
from plugins.personal_data.found import Found
from plugins.personal_data.phones import digit_count, find_phones, may_hold_phone
from plugins.personal_data.spelled import words_of

__all__ = ["Doxxing", "DoxxingOptions", "PersonalData", "PersonalDataOptions"]

Kind = Literal["phone", "email", "iban", "address", "plate"]

_IBAN_HINT: Final = re.compile(r"[A-Za-z]{2} ?\d{2}")
_IBAN_MIN_DIGITS: Final = 10
_MENTION: Final = re.compile(r"(?<![\w.+-])@[\w.-]{2,}(?!@)")
_WHERE_HINT: Final = re.compile(
    r"\b(?:lives|works|studies|habite|bosse|travaille|taffe|etudie|shift|finit|sort)\b"
)
_WHERE_WORDS: Final = frozenset(
    [
        "lives",
        "works",
        "studies",
        "habite",
        "bosse",
        "travaille",
        "taffe",
        "étudie",
        "etudie",
        "shift",
        "finit",
        "sort",
    ]
)
_LABELS: Final[dict[str, str]] = {
    "phone": "phone",
    "email": "e-mail",
    "iban": "IBAN",
    "address": "address",
    "plate": "plate",
    "whereabouts": "whereabouts",
}


class PersonalDataOptions(Options):
    """Say which personal data count, where phone numbers come from, and what is public."""

    kinds: list[Kind] = Field(
        default_factory=lambda: ["phone", "email", "iban", "address"],
        description="Kinds of data that fire; add `plate` for French licence plates.",
    )
    regions: list[str] = Field(
        default_factory=lambda: ["FR", "US", "GB"],
        min_length=1,
        description="Regions for numbers written without a country code; the first is the "
        "default (any region reads +33, +44... numbers).",
    )
    public_numbers: bool = Field(
        default=False,
        description="Also fire on toll-free, shared-cost, premium-rate and company numbers.",
    )
    public_context: bool = Field(
        default=True,
        description="Let business words (their number, la pizzeria, the dentist) mark data "
        "as public when nothing says it is the author's or someone else's.",
    )
    allow_role_emails: bool = Field(
        default=True, description="Let contact@, support@, info@... of a company domain pass."
    )
    rib: bool = Field(default=True, description="Also read French RIBs (bank, branch, key).")
    hidden_emails: bool = Field(
        default=True, description='Also read e-mails written out: "jean (at) example (dot) com".'
    )
    mentions_are_third_party: bool = Field(
        default=True,
        description="Data posted with an @mention and no word saying it is the author's own "
        "counts as someone else's.",
    )
    memory: Duration = Field(
        default=timedelta(minutes=30),
        description="After a member posts someone else's data, their further data within this "
        "window counts as someone else's too.",
    )
    third_party_cues: list[str] = Field(
        default_factory=list, description="More phrases saying the data is someone else's."
    )
    own_cues: list[str] = Field(
        default_factory=list, description="More phrases saying the data is the author's own."
    )
    public_cues: list[str] = Field(
        default_factory=list, description="More phrases saying the data is a business's."
    )
    severity: Severity = Field(
        default=Severity.MEDIUM, description="Severity for the author's own data."
    )


class DoxxingOptions(PersonalDataOptions):
    """Options of the doxxing trigger: the same, plus where someone lives or works."""

    whereabouts: bool = Field(
        default=True,
        description="Also fire on someone else's home, work or school named with a street or "
        "a schedule, when the message urges others to act or follows other doxxing.",
    )


@dataclass(frozen=True, slots=True)
class Finding:
    """What one message holds: the private data found and who it belongs to."""

    data: tuple[Found, ...]
    third_party: bool
    cues: Cues | None
    streak: bool
    mention: bool


#: Key of the shared last-event memo in `Services.extra`.
MEMO_KEY = "personal_data.last_event"


class LastEvent:
    """Remember the finders' results for the event being judged.

    The personal_data and doxxing rules look at the same message one after the
    other; the finders (phonenumbers above all) run once for both.
    """

    __slots__ = ("event", "results", "words")

    def __init__(self) -> None:
        self.event: object = None
        self.results: dict[tuple[object, ...], tuple[Found, ...]] = {}
        self.words: frozenset[str] | None = None

    def words_of(self, event: object, raw: str) -> frozenset[str]:
        """Return the words of this event's text, split once for every trigger."""
        if event is not self.event:
            self.event = event
            self.results = {}
            self.words = None
        if self.words is None:
            self.words = words_of(raw)
        return self.words

    def get(self, event: object, key: tuple[object, ...]) -> tuple[Found, ...] | None:
        """Return what the finders found in this event with these options, if known."""
        if event is not self.event:
            return None
        return self.results.get(key)

    def put(self, event: object, key: tuple[object, ...], found: tuple[Found, ...]) -> None:
        """Remember what the finders found; a new event forgets the previous one."""
        if event is not self.event:
            self.event = event
            self.results = {}
            self.words = None
        self.results[key] = found


def shared_memo(services: Services) -> LastEvent:
    """Return the memo shared by every personal_data and doxxing trigger of a bot."""
    memo = services.extra.get(MEMO_KEY)
    if not isinstance(memo, LastEvent):
        memo = services.extra[MEMO_KEY] = LastEvent()
    return memo


class Analyzer:
    """Find personal data in a message and decide whether it is someone else's."""

    def __init__(
        self,
        options: PersonalDataOptions,
        *,
        whereabouts: bool = False,
        memo: LastEvent | None = None,
    ) -> None:
        self._o = options
        self._memo = memo or LastEvent()
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
        self._whereabouts = whereabouts

    def _find(self, raw: str, words: frozenset[str]) -> list[Found]:
        # Every test before a finder is cheap (a count, a set lookup): most
        # messages hold no digit, no "@" and no spelled number, and stop here.
        kinds = self._kinds
        found: list[Found] = []
        digits = digit_count(raw)
        hidden = self._o.hidden_emails and may_hold_hidden_email(raw, words)
        if "email" in kinds and ("@" in raw or hidden):
            found += find_emails(raw, hidden=hidden)
        if (
            digits >= _IBAN_MIN_DIGITS
            and "iban" in kinds
            and (self._o.rib or _IBAN_HINT.search(raw))
        ):
            found += find_ibans(raw, rib=self._o.rib)
        if "phone" in kinds and may_hold_phone(raw, digits, words):
            taken = [(f.start, f.end) for f in found]
            found += [
                f
                for f in find_phones(raw, self._regions, words)
                if not any(a < f.end and f.start < b for a, b in taken)
            ]
        if digits and "address" in kinds and may_hold_address(words, raw):
            found += find_addresses(raw)
        if digits >= 3 and "plate" in kinds:
            found += find_plates(raw)
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

    async def analyze(self, ctx: Context) -> Finding | None:
        """Return what the message holds, or None when it holds no private data."""
        raw = ctx.text
        if not raw:
            return None
        words = self._memo.words_of(ctx.event, raw)
        found = self._memo.get(ctx.event, self._key)
        if found is None:
            found = tuple(self._find(raw, words))
            self._memo.put(ctx.event, self._key, found)
        data = self._private(list(found))
        where_possible = (
            self._whereabouts
            and not words.isdisjoint(_WHERE_WORDS)
            and _WHERE_HINT.search(ctx.normalized.text) is not None
        )
        if not data and not where_possible:
            return None
        event = ctx.event
        key = f"{event.community}:personal_data:third_party:{event.member.id}"
        message_id = getattr(event, "message_id", "")
        # Both triggers record the message they judged; only earlier messages make a streak.
        marked = await ctx.state.recent(key, ctx.now, self._o.memory)
        streak = any(m != message_id for m in marked)
        cues = self._cues.read(ctx.normalized.text)
        mention = (
            bool(isinstance(event, MessageCreated) and event.mentions)
            or _MENTION.search(raw) is not None
        )
        # Data posted with a call to go after its owner is someone else's, whatever the words.
        third = cues.third_party or (
            not cues.own
            and (
                streak
                or (bool(data) and cues.incitement)
                or (mention and self._o.mentions_are_third_party and not cues.public)
            )
        )
        if not third and not cues.own and cues.public and self._o.public_context:
            return None  # a business's or a service's data, given as such
        if where_possible and third and cues.whereabouts and (cues.incitement or streak):
            data.append(_whereabouts(ctx))
        if not data:
            return None
        if third:
            await ctx.state.hit(key, ctx.now, self._o.memory, message_id)
        return Finding(tuple(data), third, cues, streak, mention)


def _whereabouts(ctx: Context) -> Found:
    """Point at the place named in a message about someone's whereabouts."""
    view = ctx.normalized
    m = _WHERE_HINT.search(view.text)
    start, end = view.to_raw(m.start(), len(view.text)) if m else (0, len(view.raw))
    return Found(kind="whereabouts", start=start, end=end, value="home, work or schedule")


def _signals(finding: Finding, prefix: str) -> tuple[str, ...]:
    signals = [f"{prefix}.{k}" for k in dict.fromkeys(f.kind for f in finding.data)]
    if finding.third_party:
        signals.append(f"{prefix}.third_party")
    elif finding.cues is not None and finding.cues.own:
        signals.append(f"{prefix}.own")
    if finding.streak:
        signals.append(f"{prefix}.streak")
    if finding.cues is not None and finding.cues.incitement:
        signals.append(f"{prefix}.incitement")
    if any(f.disguised for f in finding.data):
        signals.append(f"{prefix}.disguised")
    return tuple(signals)


def _describe(finding: Finding) -> str:
    parts = [f"{_LABELS[f.kind]} {f.masked()}" for f in finding.data]
    return ", ".join(dict.fromkeys(parts))


def _spans(ctx: Context, finding: Finding) -> tuple[Span, ...]:
    raw = ctx.text
    return tuple(Span(f.start, f.end, raw[f.start : f.end]) for f in finding.data)


class PersonalData:
    """Fire on private phone numbers, e-mails, IBANs and addresses, the author's or not."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: PersonalDataOptions, memo: LastEvent | None = None) -> None:
        self._options = options
        self._analyzer = Analyzer(options, whereabouts=True, memo=memo)

    async def match(self, ctx: Context) -> Match | None:
        """Match when the message holds private data."""
        finding = await self._analyzer.analyze(ctx)
        if finding is None:
            return None
        whose = "someone else's" if finding.third_party else "private"
        return Match(
            category=Category.PERSONAL_DATA,
            severity=Severity.HIGH if finding.third_party else self._options.severity,
            summary=f"{whose} data: {_describe(finding)}",
            spans=_spans(ctx, finding),
            signals=(*_signals(finding, "personal_data"),),
        )


class Doxxing:
    """Fire only when a member posts someone else's private data or whereabouts."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: DoxxingOptions, memo: LastEvent | None = None) -> None:
        self._analyzer = Analyzer(options, whereabouts=options.whereabouts, memo=memo)

    async def match(self, ctx: Context) -> Match | None:
        """Match when the data in the message belongs to someone else."""
        finding = await self._analyzer.analyze(ctx)
        if finding is None or not finding.third_party:
            return None
        return Match(
            category=Category.HATE_HARASSMENT,
            severity=Severity.HIGH,
            summary=f"doxxing: someone else's {_describe(finding)}",
            spans=_spans(ctx, finding),
            signals=("doxxing", *_signals(finding, "personal_data")),
        )


def personal_data(options: PersonalDataOptions, services: Services) -> PersonalData:
    """Build a personal_data trigger."""
    return PersonalData(options, shared_memo(services))


def doxxing(options: DoxxingOptions, services: Services) -> Doxxing:
    """Build a doxxing trigger."""
    return Doxxing(options, shared_memo(services))
