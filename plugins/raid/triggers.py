"""The raid triggers: member_join, display_name, join_wave, raid_level and first_message."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from bot.categories import Category, Severity
from bot.context import Context
from bot.durations import Duration, format_duration
from bot.events import Event, MemberJoined, MessageCreated, ProfileChanged
from bot.registry import Options, Registry, Services
from bot.rules import Match, Span
from plugins.links.urls import find_links
from plugins.raid.facts import (
    JOIN_MEMORY,
    MAX_LEVEL,
    MEMBERSHIP_MEMORY,
    account_age,
    describe_age,
    distinct,
    joins_key,
    newness,
    posted_key,
    raid_level,
    set_raid_level,
)
from plugins.raid.names import DEFAULT_IMPERSONATION, NameCheck, compile_patterns

__all__ = [
    "DisplayName",
    "FirstMessage",
    "JoinWave",
    "MemberJoin",
    "RaidLevel",
    "register_triggers",
]


def _category(signals: list[str]) -> Category:
    """Pick the category of name and account findings: posing as staff is a scam."""
    if any(s.startswith("name.impersonation") for s in signals):
        return Category.SCAM
    if any(s in ("name.link", "name.invite", "name.pattern") for s in signals):
        return Category.SPAM
    return Category.RAID


class NameOptions(Options):
    """Options shared by the display-name checks."""

    impersonation: list[str] = Field(
        default_factory=lambda: list(DEFAULT_IMPERSONATION),
        description="Words of a name posing as staff (compared on the normalized name).",
    )
    name_patterns: list[str] = Field(
        default_factory=list, description="Regexes on the normalized name that are suspicious."
    )

    @field_validator("name_patterns")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        compile_patterns(value)
        return value


class MemberJoinOptions(NameOptions):
    """Check who joins: young account, no avatar, suspicious display name."""

    shorthand = "account_younger_than"
    account_younger_than: Duration | None = Field(
        default=None, description="Fire for accounts younger than this, such as 7d."
    )
    no_avatar: bool = Field(default=False, description="Fire for members without an avatar.")
    suspicious_name: bool = Field(
        default=False, description="Fire for names with a link or invite, or posing as staff."
    )
    require: Literal["any", "all"] = Field(
        default="any", description="any: one enabled check suffices; all: every one must hit."
    )

    @model_validator(mode="after")
    def _something(self) -> MemberJoinOptions:
        if self.account_younger_than is None and not self.no_avatar and not self.suspicious_name:
            raise ValueError("enable account_younger_than, no_avatar or suspicious_name")
        return self


class MemberJoin:
    """Fire when a member joins with a young account, no avatar or a suspicious name."""

    events: ClassVar[tuple[type[Event], ...]] = (MemberJoined,)

    def __init__(self, options: MemberJoinOptions) -> None:
        self._options = options
        self._names = (
            NameCheck(options.impersonation, compile_patterns(options.name_patterns))
            if options.suspicious_name
            else None
        )

    async def match(self, ctx: Context) -> Match | None:
        """Match when the enabled checks hit (any or all of them, as configured)."""
        options = self._options
        member = ctx.member
        hits: list[tuple[str, str]] = []
        checks = 0
        if options.account_younger_than is not None:
            checks += 1
            age = account_age(member, ctx.now)
            if age is not None and age < options.account_younger_than:
                hits.append(("join.young_account", f"account {describe_age(age)} old"))
        if options.no_avatar:
            checks += 1
            if member.has_avatar is False:
                hits.append(("join.no_avatar", "no avatar"))
        if self._names is not None:
            checks += 1
            hits.extend(self._names.findings(member.display_name))
        if not hits:
            return None
        if options.require == "all" and _checks_hit(hits) < checks:
            return None
        signals = [s for s, _ in hits]
        return Match(
            category=_category(signals),
            severity=Severity.LOW if signals == ["join.no_avatar"] else Severity.MEDIUM,
            summary=f"{member.display_name or member.id} joined: "
            + ", ".join(what for _, what in hits),
            signals=tuple(signals),
        )


def _checks_hit(hits: list[tuple[str, str]]) -> int:
    """Count the checks that hit: every name finding counts as the one name check."""
    kinds = {"name" if s.startswith("name.") else s for s, _ in hits}
    return len(kinds)


class DisplayNameOptions(NameOptions):
    """Check display names as members join and when they change them."""

    links: bool = Field(default=True, description="Names that carry a link or an invite.")
    on_join: bool = Field(default=True, description="Also check the name a member joins with.")


class DisplayName:
    """Fire when a display name carries a link, poses as staff or matches a listed pattern."""

    events: ClassVar[tuple[type[Event], ...]] = (ProfileChanged, MemberJoined)

    def __init__(self, options: DisplayNameOptions) -> None:
        self._on_join = options.on_join
        self._names = NameCheck(
            options.impersonation, compile_patterns(options.name_patterns), links=options.links
        )

    async def match(self, ctx: Context) -> Match | None:
        """Match a suspicious new display name."""
        event = ctx.event
        name = ctx.member.display_name
        if isinstance(event, ProfileChanged):
            if name == event.previous_display_name:
                return None  # an avatar change: the name was already seen
        elif not self._on_join:
            return None
        found = self._names.findings(name)
        if not found:
            return None
        signals = [s for s, _ in found]
        return Match(
            category=_category(signals),
            severity=Severity.MEDIUM,
            summary=f"display name {name!r}: " + ", ".join(what for _, what in found),
            signals=tuple(signals),
        )


class JoinWaveOptions(Options):
    """Count joins in a community; a wave raises its raid level."""

    shorthand = "count"
    count: int = Field(default=10, ge=2, description="Joins (distinct members) that make a wave.")
    within: Duration = Field(default=timedelta(seconds=30), description="At most 1h.")
    max_level: int = Field(
        default=3, ge=1, le=MAX_LEVEL, description="Each `count` joins adds a level, up to this."
    )
    ttl: Duration = Field(
        default=timedelta(minutes=15), description="The level lasts this long after the last join."
    )

    @field_validator("within")
    @classmethod
    def _kept(cls, value: timedelta) -> timedelta:
        if not timedelta(0) < value <= JOIN_MEMORY:
            raise ValueError("within is more than 0s and at most 1h")
        return value


class JoinWave:
    """Fire on each join of a wave and raise the community's raid level."""

    events: ClassVar[tuple[type[Event], ...]] = (MemberJoined,)

    def __init__(self, options: JoinWaveOptions) -> None:
        self._options = options

    async def match(self, ctx: Context) -> Match | None:
        """Match when `count` members joined within the window; raise the raid level."""
        options = self._options
        event = ctx.event
        # The raid observer records every join once, whatever the rules, so two rules
        # sharing this trigger do not count the same join twice.
        joined = distinct(
            await ctx.state.recent(joins_key(event.community), ctx.now, options.within)
        )
        if joined < options.count:
            return None
        wave = min(options.max_level, joined // options.count)
        current = await raid_level(ctx.state, event.community, ctx.now)
        level = await set_raid_level(
            ctx.state, event.community, max(current, wave), ctx.now, options.ttl
        )
        return Match(
            category=Category.RAID,
            severity=Severity.HIGH,
            summary=f"{joined} joins in {format_duration(options.within)}, raid level {level}",
            signals=("raid.join_wave", f"raid.level:{level}"),
        )


class RaidLevelOptions(Options):
    """Fire while the community's raid level is at least `at_least`, optionally narrowed."""

    shorthand = "at_least"
    at_least: int = Field(default=1, ge=1, le=MAX_LEVEL)
    new_members: Duration | None = Field(
        default=None,
        description="Only members whose account or membership is younger than this (max 30d).",
    )
    links: bool = Field(default=False, description="Only messages with a link or invite.")
    media: bool = Field(default=False, description="Only messages with attachments.")

    @field_validator("new_members")
    @classmethod
    def _remembered(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value > MEMBERSHIP_MEMORY:
            raise ValueError("joins are remembered 30 days: new_members is at most 30d")
        return value


class RaidLevel:
    """Fire during a raid, so rules can be harsher then (delete new members' links...)."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated, MemberJoined, ProfileChanged)

    def __init__(self, options: RaidLevelOptions) -> None:
        self._options = options

    async def match(self, ctx: Context) -> Match | None:
        """Match when the raid level is high enough and the narrowing options hold."""
        options = self._options
        event = ctx.event
        spans: tuple[Span, ...] = ()
        if options.links or options.media:
            if not isinstance(event, MessageCreated):
                return None
            if options.media and not event.attachments:
                return None
            if options.links:
                links = find_links(event.text)
                if not links:
                    return None
                spans = tuple(Span(f.start, f.end, f.text) for f in links[:10])
        level = await raid_level(ctx.state, event.community, ctx.now)
        if level < options.at_least:
            return None
        detail = ""
        if options.new_members is not None:
            new = await newness(ctx, options.new_members, options.new_members)
            if new is None:
                return None
            detail = f", {new}"
        return Match(
            category=Category.RAID,
            severity=Severity.HIGH,
            summary=f"raid level {level}{detail}",
            spans=spans,
            signals=("raid.level", f"raid.level:{level}"),
        )


class FirstMessageOptions(Options):
    """A new member's first message carries media or a link (Draupnir's protection)."""

    account_younger_than: Duration | None = Field(
        default=timedelta(days=7), description="New account: younger than this."
    )
    member_younger_than: Duration | None = Field(
        default=timedelta(days=1), description="New member: joined less than this ago (max 30d)."
    )
    media: bool = Field(default=True, description="Fire when it carries attachments.")
    links: bool = Field(default=True, description="Fire when it carries a link or an invite.")

    @model_validator(mode="after")
    def _something(self) -> FirstMessageOptions:
        if not (self.media or self.links):
            raise ValueError("enable media, links or both")
        if self.account_younger_than is None and self.member_younger_than is None:
            raise ValueError("give account_younger_than, member_younger_than or both")
        if self.member_younger_than is not None and self.member_younger_than > MEMBERSHIP_MEMORY:
            raise ValueError("joins are remembered 30 days: member_younger_than is at most 30d")
        return self


class FirstMessage:
    """Fire when a new member's first message is media or a link."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: FirstMessageOptions) -> None:
        self._options = options

    async def match(self, ctx: Context) -> Match | None:
        """Match the first message of a new member when it carries media or a link."""
        event = ctx.event
        if not isinstance(event, MessageCreated):
            return None
        options = self._options
        media = options.media and bool(event.attachments)
        # Invites are links too: find_links sees them, disguised or not.
        links = find_links(event.text) if options.links else ()
        if not media and not links:
            return None
        new = await newness(ctx, options.account_younger_than, options.member_younger_than)
        if new is None:
            return None
        # The raid observer stores the id of each new member's first message; an edit of
        # that message keeps its id, so a link edited in later is still caught.
        key = posted_key(event.community, event.member.id)
        first = await ctx.state.get(key, ctx.now)
        if first is None:
            # Only without the observer (or past its 30 days): remember this one as first.
            await ctx.state.put(key, event.message_id, ctx.now, MEMBERSHIP_MEMORY)
        elif first != event.message_id:
            return None
        what = "media" if media else "a link"
        signals = ["raid.first_message", "raid.first_media" if media else "raid.first_link"]
        return Match(
            category=Category.SPAM,
            severity=Severity.MEDIUM,
            summary=f"first message of a new member ({new}) carries {what}",
            spans=tuple(Span(f.start, f.end, f.text) for f in links[:10]),
            signals=tuple(signals),
        )


def register_triggers(registry: Registry) -> None:
    """Register the raid triggers."""
    registry.add_trigger(
        "member_join",
        MemberJoinOptions,
        lambda o, _s: MemberJoin(o),
        "A member joins with a young account, no avatar or a suspicious name.",
    )
    registry.add_trigger(
        "display_name",
        DisplayNameOptions,
        lambda o, _s: DisplayName(o),
        "A display name with a link or invite, posing as staff, or matching a pattern.",
    )
    registry.add_trigger(
        "join_wave",
        JoinWaveOptions,
        _join_wave,
        "Many joins in a short time: raises the raid level.",
    )
    registry.add_trigger(
        "raid_level",
        RaidLevelOptions,
        lambda o, _s: RaidLevel(o),
        "While the raid level is at least N (optionally: new members, links, media only).",
    )
    registry.add_trigger(
        "first_message",
        FirstMessageOptions,
        lambda o, _s: FirstMessage(o),
        "A new member's first message is media or a link.",
    )


def _join_wave(options: JoinWaveOptions, _services: Services) -> JoinWave:
    return JoinWave(options)
