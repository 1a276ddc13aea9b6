"""The pack file format, as pydantic models: what a moderator may write in a pack YAML."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.categories import Category
from bot.durations import Duration

#: Conversation signals a group may name with `context:`.
CONTEXTS = frozenset(
    {
        "room_offer",
        "deal_party",
        "author_recent",
        "author_score",
        "pair_score",
        "target_minor",
        "author_minor",
        "minor_room",
        "evasion",
    }
)
#: Validators a regex item may name with `check:`.
CHECKS = frozenset({"phone", "iban", "luhn"})
SEVERITIES = ("low", "medium", "high", "critical")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_QUOTED_MAPPING = re.compile(r"^\s*\{\s*(?:pattern|term|emoji|weight|needs|on|check)\s*:")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TermItem(_Strict):
    """A word or phrase with its own weight."""

    term: str = Field(min_length=1)
    weight: float = 1.0


class EmojiItem(_Strict):
    """An emoji with its own weight."""

    emoji: str = Field(min_length=1)
    weight: float = 1.0


class RegexItem(_Strict):
    """An RE2 pattern, where it runs, its prefilter and its validator."""

    pattern: str = Field(min_length=1)
    weight: float = 1.0
    on: Literal["normalized", "raw"] = "normalized"
    needs: str | None = Field(
        default=None, description="`digit`, or characters one of which must be in the text."
    )
    check: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _unquoted_on(cls, data: object) -> object:
        # YAML 1.1 reads a bare `on:` key as the boolean true (which the config reader
        # turns into "True"); `text:` is an alias that avoids the trap.
        if isinstance(data, dict):
            for alias in (True, "True", "text"):
                if alias in data:
                    data = dict(data)
                    data["on"] = data.pop(alias)
        return data

    @field_validator("check")
    @classmethod
    def _known_check(cls, value: str | None) -> str | None:
        if value is not None and value not in CHECKS:
            raise ValueError(f"unknown check {value!r}; known: {', '.join(sorted(CHECKS))}")
        return value


class Group(_Strict):
    """A named signal group: words, patterns or emoji, or a conversation signal."""

    description: str = ""
    weight: float = 1.0
    terms: list[str | TermItem] = Field(default_factory=list)
    regex: list[str | RegexItem] = Field(default_factory=list)
    emoji: list[str | EmojiItem] = Field(default_factory=list)
    allow: list[str] = Field(default_factory=list)
    context: str | None = None

    @field_validator("terms", "allow", mode="before")
    @classmethod
    def _numbers_are_words(cls, value: object) -> object:
        # A moderator writing `- 3018` (a helpline) means the text, not an integer.
        if isinstance(value, list):
            return [
                str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v
                for v in value
            ]
        return value

    @field_validator("terms", "regex", "emoji")
    @classmethod
    def _no_quoted_mapping(cls, value: list[object]) -> list[object]:
        # `- "{pattern: '...'}"` is a string, not an item with options: as a word or a
        # pattern it would silently never match anything people write.
        for item in value:
            if isinstance(item, str) and _QUOTED_MAPPING.match(item):
                raise ValueError(
                    f"{item!r} is a quoted string, not a mapping: remove the outer quotes "
                    "(and write a pattern under `regex`, not `terms`)"
                )
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> Group:
        has_text = bool(self.terms or self.regex or self.emoji)
        if self.context is not None:
            if self.context not in CONTEXTS:
                known = ", ".join(sorted(CONTEXTS))
                raise ValueError(f"unknown context {self.context!r}; known: {known}")
            if has_text or self.allow:
                raise ValueError("a context group has no terms, regex, emoji or allow")
        elif not has_text:
            raise ValueError("a group needs terms, regex or emoji, or a context")
        return self


class Combination(_Strict):
    """When the groups that fired add up to a harm."""

    name: str
    need: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    groups: int = Field(default=1, ge=0)
    score: float | None = None
    severity: Literal["low", "medium", "high", "critical"] | None = None
    plot: bool = Field(
        default=False,
        description="A plan against someone absent: members adding to it in the room are in on it.",
    )

    def alternatives(self) -> list[tuple[tuple[str, float], ...]]:
        """Split each `need` entry into its alternatives, each with its least contribution."""
        out = []
        for entry in self.need:
            options = []
            for part in entry.split("|"):
                name, _, least = part.partition(">=")
                try:
                    options.append((name.strip(), float(least) if least.strip() else 0.0))
                except ValueError as exc:
                    raise ValueError(
                        f"{self.name}: {part.strip()!r}: expected `group >= number`"
                    ) from exc
            out.append(tuple(options))
        return out


class Conversation(_Strict):
    """Windows and thresholds of the conversation signals."""

    thread: Duration = Field(default=timedelta(minutes=15))
    author: Duration = Field(default=timedelta(hours=2))
    pair: Duration = Field(default=timedelta(days=7))
    author_score: float = 4.0
    pair_score: float = 3.0
    reply_score: float | None = Field(
        default=0.6,
        description="Least score of a reply within an open incident (null: never flagged).",
    )
    plot_score: float | None = Field(
        default=None,
        description="Least score of a message adding to a plot in its room (null: never flagged).",
    )
    remember_score: float = Field(
        default=0.5,
        ge=0.0,
        description="Least score of a message kept as an earlier move of the author's thread.",
    )


class Minors(_Strict):
    """How members who are minors are recognised."""

    max_age: int = Field(default=17, ge=1, le=25)
    declare: list[str] = Field(default_factory=list)
    declare_terms: list[str] = Field(default_factory=list)
    display_name: list[str] = Field(default_factory=list)
    rooms: list[str] = Field(default_factory=list)
    #: A message one of these finds speaks of someone else's age ("15 ans ? t'es mature"):
    #: the age in it is not the author's own.
    remarks: list[str] = Field(default_factory=list)


class PackFile(_Strict):
    """One pack file: one pack in one language."""

    pack: str
    category: Category
    language: str = Field(pattern=r"^[a-z]{2,3}$")
    severity: Literal["low", "medium", "high", "critical"] = "medium"
    description: str = ""
    groups: dict[str, Group] = Field(min_length=1)
    allow: list[str] = Field(default_factory=list)
    combine: list[Combination] = Field(default_factory=list)
    conversation: Conversation | None = None
    minors: Minors | None = None

    @model_validator(mode="after")
    def _names(self) -> PackFile:
        for name in self.groups:
            if not _NAME.fullmatch(name):
                raise ValueError(f"group name {name!r}: use lowercase letters, digits and _")
        return self
