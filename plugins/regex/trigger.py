"""The `regex` trigger: moderators' own regular expressions, run on RE2."""

from __future__ import annotations

from typing import Annotated, ClassVar, Final, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    model_validator,
)

from bot.categories import Category, Severity
from bot.context import Context
from bot.events import Event, MessageCreated
from bot.matching import Hit, PatternError
from bot.regexset import RegexSet
from bot.registry import Options, Registry, Services
from bot.rules import Match, Span

#: Longest pattern text quoted in a summary or a signal; names are the better label.
MAX_LABEL: Final = 40


def _compiles(pattern: str) -> str:
    """Refuse a pattern RE2 cannot compile, naming it in the config error."""
    if not pattern:
        raise ValueError("a pattern cannot be empty")
    try:
        RegexSet([(pattern, pattern)])
    except PatternError as exc:
        raise ValueError(f"invalid regex {pattern!r}: {exc.reason}") from exc
    return pattern


def _severity(value: object) -> object:
    """Accept a severity by name (low, medium, high, critical) as rules do."""
    if isinstance(value, str) and value.upper() in Severity.__members__:
        return Severity[value.upper()]
    return value


Pattern = Annotated[str, AfterValidator(_compiles)]
# Tags written like pydantic's own type names, so the config loader drops them
# from the key path it prints: errors point at `patterns.2`, not `patterns.list.2`.
Patterns = Annotated[
    Annotated[list[Pattern], Field(min_length=1), Tag("list[str]")]
    | Annotated[dict[str, Pattern], Field(min_length=1), Tag("dict[str,str]")],
    Discriminator(lambda v: "list[str]" if isinstance(v, list) else "dict[str,str]"),
    BeforeValidator(lambda v: [v] if isinstance(v, str) else v),
]


class RegexOptions(Options):
    """Regular expressions in RE2 syntax (no backreferences or lookarounds), case-insensitive."""

    shorthand = "patterns"
    patterns: Patterns = Field(
        description="Regexes, as a list or as a mapping name -> regex (names label reports).",
    )
    on: Literal["raw", "normalized"] = Field(
        default="normalized",
        description="normalized (default): the text with lookalikes, accents, leetspeak and "
        "spacing undone; raw: the text as written, for URLs and formats.",
    )
    category: Category = Field(default=Category.SPAM, description="Category of the matches.")
    severity: Annotated[Severity, BeforeValidator(_severity)] = Field(
        default=Severity.MEDIUM, description="low, medium, high or critical."
    )

    _regexes: RegexSet = PrivateAttr()

    @model_validator(mode="before")
    @classmethod
    def _yaml_on(cls, data: object) -> object:
        # YAML 1.1 reads an unquoted `on:` key as true, which the loader writes "True".
        if isinstance(data, dict) and "True" in data and "on" not in data:
            data = {("on" if k == "True" else k): v for k, v in data.items()}
        return data

    @model_validator(mode="after")
    def _compile(self) -> RegexOptions:
        patterns = self.patterns
        pairs = patterns.items() if isinstance(patterns, dict) else ((p, p) for p in patterns)
        try:
            # Compiled here, so a set RE2 refuses (too big) fails at load, not on a message.
            self._regexes = RegexSet(pairs)
        except PatternError as exc:
            raise ValueError(str(exc)) from exc
        return self

    @property
    def regexes(self) -> RegexSet:
        """Return the compiled set."""
        return self._regexes


class Regex:
    """Fire when any of the regexes matches the message."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: RegexOptions) -> None:
        self._regexes = options.regexes
        self._raw = options.on == "raw"
        self._category = options.category
        self._severity = options.severity

    async def match(self, ctx: Context) -> Match | None:
        """Match when a regex finds something, pointing at it in the raw text."""
        raw = ctx.text
        if not raw:
            return None
        if self._raw:
            hits = self._regexes.find(raw)
            spans = tuple(Span(h.start, h.end, raw[h.start : h.end]) for h in hits)
        else:
            view = ctx.normalized
            hits = self._regexes.find(view)
            spans = tuple(
                Span(a, b, raw[a:b]) for a, b in (view.to_raw(h.start, h.end) for h in hits)
            )
        if not hits:
            return None
        labels = _labels(hits)
        return Match(
            category=self._category,
            severity=self._severity,
            summary=f"regex: {', '.join(labels)}",
            spans=spans,
            signals=tuple(f"regex:{label}" for label in labels),
        )


def _labels(hits: list[Hit]) -> list[str]:
    """Name the regexes that matched, once each, in the order they first matched."""
    seen: dict[str, None] = {}
    for hit in hits:
        key = hit.key
        seen.setdefault(key if len(key) <= MAX_LABEL else key[: MAX_LABEL - 1] + "…")
    return list(seen)


def register_regex(registry: Registry) -> None:
    """Register the regex trigger."""
    registry.add_trigger("regex", RegexOptions, _regex, "Moderators' own regexes (RE2).")


def _regex(options: RegexOptions, _services: Services) -> Regex:
    return Regex(options)
