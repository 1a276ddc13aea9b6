"""The personal_data and doxxing triggers: private data in a message, and whose it is."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Final

from bot.categories import Category, Severity
from bot.events import Event, MessageCreated
from bot.rules import Match, Span
from plugins.personal_data.analysis import Analyzer, Finding

if TYPE_CHECKING:
    from bot.context import Context
    from bot.registry import Services
    from plugins.personal_data.options import DoxxingOptions, PersonalDataOptions

__all__ = ["Doxxing", "PersonalData", "doxxing", "personal_data"]

_LABELS: Final[dict[str, str]] = {
    "phone": "phone",
    "email": "e-mail",
    "iban": "IBAN",
    "address": "address",
    "plate": "plate",
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


def _describe(finding: Finding) -> str:
    parts = [f"{_LABELS[f.kind]} {f.masked()}" for f in finding.data]
    return ", ".join(dict.fromkeys(parts))


def _spans(ctx: Context, finding: Finding) -> tuple[Span, ...]:
    raw = ctx.text
    return tuple(Span(f.start, f.end, raw[f.start : f.end]) for f in finding.data)


class PersonalData:
    """Fire on private phone numbers, e-mails, IBANs and addresses, the author's or not."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: PersonalDataOptions) -> None:
        self._options = options
        self._analyzer = Analyzer(options, whereabouts=True)

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

    def __init__(self, options: DoxxingOptions) -> None:
        self._analyzer = Analyzer(options, whereabouts=options.whereabouts)

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


def personal_data(options: PersonalDataOptions, _services: Services) -> PersonalData:
    """Build a personal_data trigger."""
    return PersonalData(options)


def doxxing(options: DoxxingOptions, _services: Services) -> Doxxing:
    """Build a doxxing trigger."""
    return Doxxing(options)
