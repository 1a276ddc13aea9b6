"""The personal_data and doxxing triggers: private data in a message, and whose it is."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Final

from bot.categories import Category, Severity
from bot.events import Event, MessageCreated
from bot.rules import Match, Span
from plugins.personal_data.analysis import Analyzer, Finding, Seen
from plugins.personal_data.found import Found

if TYPE_CHECKING:
    from bot.context import Context
    from bot.registry import Services
    from plugins.personal_data.options import DoxxingOptions, PersonalDataOptions

__all__ = ["Doxxing", "PersonalData", "doxxing", "personal_data"]

_LABELS: Final[dict[str, str]] = {
    "phone": "phone",
    "email": "e-mail",
    "iban": "IBAN",
    "card": "card",
    "address": "address",
    "plate": "plate",
    "account": "account",
    "id": "identity number",
    "birthdate": "date of birth",
    "whereabouts": "whereabouts",
    "ip": "IP",
}


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


def _listed(data: tuple[Found, ...]) -> str:
    return ", ".join(dict.fromkeys(f"{_LABELS[f.kind]} {f.masked()}" for f in data))


def _let_be(seen: Seen) -> str:
    """Say why the data a message holds was not reported as private."""
    if not seen.private:
        return f"{_listed(seen.found)}: public (a service's number or a role address)"
    if seen.cues.public and not seen.cues.own:
        return f"{_listed(seen.private)}: given as a business's or a service's"
    return f"{_listed(seen.private)}: found"


def _spans(ctx: Context, finding: Finding) -> tuple[Span, ...]:
    raw = ctx.text
    return tuple(Span(f.start, f.end, raw[f.start : f.end]) for f in finding.data)


class PersonalData:
    """Fire on private phone numbers, e-mails, IBANs and addresses, the author's or not."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: PersonalDataOptions) -> None:
        self._options = options
        self._analyzer = Analyzer(options, whereabouts=True)

    async def describe(self, ctx: Context) -> list[str]:
        """Say which data the message holds and why it was let be."""
        seen = self._analyzer.seen(ctx)
        return [] if seen is None else [_let_be(seen)]

    async def match(self, ctx: Context) -> Match | None:
        """Match when the message holds private data."""
        finding = await self._analyzer.analyze(ctx)
        if finding is None:
            return None
        whose = "someone else's" if finding.third_party else "private"
        return Match(
            category=Category.PERSONAL_DATA,
            severity=Severity.HIGH if finding.third_party else self._options.severity,
            summary=f"{whose} data: {_listed(finding.data)}",
            spans=_spans(ctx, finding),
            signals=(*_signals(finding, "personal_data"),),
        )


class Doxxing:
    """Fire only when a member posts someone else's private data or whereabouts."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: DoxxingOptions) -> None:
        self._analyzer = Analyzer(options, whereabouts=options.whereabouts)

    async def describe(self, ctx: Context) -> list[str]:
        """Say which private data the message holds, that nothing made someone else's."""
        seen = self._analyzer.seen(ctx)
        if seen is None or not seen.private:
            return []
        return [f"{_listed(seen.private)}: nothing says it is someone else's"]

    async def match(self, ctx: Context) -> Match | None:
        """Match when the data in the message belongs to someone else."""
        finding = await self._analyzer.analyze(ctx)
        if finding is None or not finding.third_party:
            return None
        return Match(
            category=Category.HATE_HARASSMENT,
            severity=Severity.HIGH,
            summary=f"doxxing: someone else's {_listed(finding.data)}",
            spans=_spans(ctx, finding),
            signals=("doxxing", *_signals(finding, "personal_data")),
        )


def personal_data(options: PersonalDataOptions, _services: Services) -> PersonalData:
    """Build a personal_data trigger."""
    return PersonalData(options)


def doxxing(options: DoxxingOptions, _services: Services) -> Doxxing:
    """Build a doxxing trigger."""
    return Doxxing(options)
