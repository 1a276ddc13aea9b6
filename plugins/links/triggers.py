"""The `invites` and `links` triggers."""

from __future__ import annotations

from typing import ClassVar, Final

from pydantic import Field, model_validator

from bot.categories import Category, Severity
from bot.context import Context
from bot.events import Event, MessageCreated
from bot.registry import Options, Registry, Services
from bot.rules import Match, Span
from plugins.links.brands import Brand, BrandIndex, link_lists
from plugins.links.domains import DomainSet
from plugins.links.invites import Invite, find_bare_aliases, find_invites, invite_key
from plugins.links.urls import Found, find_links

__all__ = ["Invites", "InvitesOptions", "Links", "LinksOptions", "register_triggers"]

_MAX_SPANS: Final = 10


def _span(item: Found | Invite) -> Span:
    return Span(item.start, item.end, item.text)


class _InviteList:
    """Invite codes, rooms and servers, compared case-insensitively."""

    def __init__(self, entries: list[str]) -> None:
        keys: set[str] = set()
        servers: set[str] = set()
        for entry in entries:
            entry = entry.strip()  # noqa: PLW2901 - entries are cleaned in place
            if not entry:
                continue
            if entry[0] in "#!":
                keys.add(invite_key("matrix", entry))
            elif "/" in entry:
                found = find_invites(entry if "://" in entry else f"https://{entry}")
                keys.update(invite_key(i.platform, i.target) for i in found)
                if not found:
                    raise ValueError(f"not an invite link: {entry!r}")
            elif "." in entry or ":" in entry:
                servers.add(entry.lower().lstrip(":"))
            else:
                keys.add(invite_key("discord", entry))
        self._keys = frozenset(keys)
        self._servers = frozenset(servers)

    def __bool__(self) -> bool:
        return bool(self._keys or self._servers)

    def covers(self, invite: Invite) -> bool:
        """Tell whether the list names this invite, its room or its server."""
        if invite_key(invite.platform, invite.target) in self._keys:
            return True
        return invite.server is not None and invite.server in self._servers


class InvitesOptions(Options):
    """Invites to other Discord servers or Matrix rooms, allowed or denied by code or room."""

    discord: bool = Field(default=True, description="Look for Discord invites.")
    matrix: bool = Field(default=True, description="Look for Matrix room links (matrix.to...).")
    allow: list[str] = Field(
        default_factory=list,
        description="Never fire for these: Discord codes (abc123, discord.gg/abc123), Matrix "
        "rooms (#room:example.org, !id:example.org) or Matrix servers (example.org).",
    )
    deny: list[str] = Field(default_factory=list, description="Always fire for these (same forms).")
    only_denied: bool = Field(
        default=False, description="Fire only on `deny`; otherwise every invite not allowed fires."
    )
    bare_aliases: bool = Field(
        default=False, description="Also count Matrix aliases written without a link (#room:hs)."
    )
    category: Category = Category.SPAM

    @model_validator(mode="after")
    def _something(self) -> InvitesOptions:
        if not (self.discord or self.matrix):
            raise ValueError("enable discord, matrix or both")
        if self.only_denied and not self.deny:
            raise ValueError("only_denied needs a deny list")
        _InviteList(self.allow)  # a malformed entry is an error at load, not on a message
        _InviteList(self.deny)
        return self


class Invites:
    """Fire on invites to other communities, seen through spacing, [.] and lookalike letters."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: InvitesOptions) -> None:
        self._options = options
        self._allow = _InviteList(options.allow)
        self._deny = _InviteList(options.deny)
        platforms = {"discord"} if options.discord else set()
        if options.matrix:
            platforms.add("matrix")
        self._platforms = frozenset(platforms)

    async def match(self, ctx: Context) -> Match | None:
        """Match when the message carries an invite that is denied or not allowed."""
        text = ctx.text
        invites = find_invites(text)
        if self._options.bare_aliases and self._options.matrix:
            invites += find_bare_aliases(text)
        if not invites:
            return None
        bad = [i for i in invites if i.platform in self._platforms and self._fires(i)]
        if not bad:
            return None
        targets = sorted({f"{i.platform}:{i.target}" for i in bad})
        signals = [f"invite.{i.platform}" for i in bad]
        if any(i.obfuscated for i in bad):
            signals.append("invite.obfuscated")
        return Match(
            category=self._options.category,
            severity=Severity.MEDIUM,
            summary=f"invite: {', '.join(targets)}",
            spans=tuple(_span(i) for i in bad[:_MAX_SPANS]),
            signals=tuple(dict.fromkeys(signals)),
        )

    def _fires(self, invite: Invite) -> bool:
        if self._deny.covers(invite):
            return True
        if self._options.only_denied:
            return False
        return not self._allow.covers(invite)


class LinksOptions(Options):
    """Links by domain (allow and deny lists, subdomains included) and brand lookalikes."""

    deny: list[str] = Field(
        default_factory=list, description="Domains that fire; example.com covers a.example.com."
    )
    allow: list[str] = Field(
        default_factory=list, description="Domains that never fire, lookalike or not."
    )
    only_allowed: bool = Field(
        default=False, description="Every link outside `allow` fires (an allow-list room)."
    )
    lookalikes: bool = Field(
        default=True, description="Fire on hosts that imitate a known brand (category scam)."
    )
    brands: dict[str, list[str]] = Field(
        default_factory=dict,
        description="More brands to protect: name -> official domains ({asso: [asso.fr]}).",
    )
    shorteners: bool = Field(default=False, description="Fire on URL shorteners (bit.ly...).")
    ip_loggers: bool = Field(
        default=True, description="Fire on links that log the address of who opens them."
    )
    category: Category = Field(
        default=Category.SPAM, description="Category of denied and unlisted links."
    )

    @model_validator(mode="after")
    def _something(self) -> LinksOptions:
        if not (
            self.deny or self.only_allowed or self.lookalikes or self.shorteners or self.ip_loggers
        ):
            raise ValueError("nothing to look for: give deny, only_allowed, lookalikes...")
        return self


class Links:
    """Fire on denied domains, unlisted domains, shorteners, IP loggers and brand lookalikes."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: LinksOptions) -> None:
        self._options = options
        lists = link_lists()
        self._allow = DomainSet(options.allow)
        self._deny = DomainSet(options.deny)
        self._shorteners = DomainSet(lists.shorteners if options.shorteners else ())
        self._ip_loggers = DomainSet(lists.ip_loggers if options.ip_loggers else ())
        self._brands: BrandIndex | None = None
        if options.lookalikes:
            extra = tuple(
                Brand.from_data(name, {"domains": domains})
                for name, domains in options.brands.items()
            )
            self._brands = BrandIndex(lists.brands + extra, lists.scam_words, lists.not_lookalikes)

    async def match(self, ctx: Context) -> Match | None:
        """Match when a link in the message is denied, unlisted or a lookalike."""
        links = find_links(ctx.text)
        if not links:
            return None
        scam: list[tuple[Found, str]] = []
        other: list[tuple[Found, str]] = []
        signals: list[str] = []
        for link in links:
            if not link.host:
                continue  # matrix: URIs are the invites trigger's business
            verdict = self._verdict(link)
            if verdict is None:
                continue
            signal, reason, is_scam = verdict
            signals.append(signal)
            (scam if is_scam else other).append((link, reason))
            if link.obfuscated:
                signals.append("link.obfuscated")
            if not link.host.isascii():
                signals.append("link.idn")
        if not scam and not other:
            return None
        bad = scam + other
        return Match(
            category=Category.SCAM if scam else self._options.category,
            severity=Severity.HIGH if scam else Severity.MEDIUM,
            summary="; ".join(dict.fromkeys(reason for _, reason in bad)),
            spans=tuple(_span(link) for link, _ in bad[:_MAX_SPANS]),
            signals=tuple(dict.fromkeys(signals)),
        )

    def _verdict(self, link: Found) -> tuple[str, str, bool] | None:
        """Say why a link fires: (signal, one-line reason, is it a scam), or None."""
        host = link.host
        if self._allow.find(host):
            return None
        found = self._listed(host)
        if found is None and self._options.only_allowed:
            return "link.unlisted", f"link outside the allowed domains: {host}", False
        return found

    def _listed(self, host: str) -> tuple[str, str, bool] | None:
        """Say which list or brand check a host falls under, harshest first."""
        if (ip_logger := self._ip_loggers.find(host)) is not None:
            return "link.ip_logger", f"IP logger link: {ip_logger}", True
        if self._brands is not None and (seen := self._brands.check(host)) is not None:
            reason = f"lookalike of {seen.brand} ({seen.how}): {host}"
            return f"link.lookalike:{seen.brand}", reason, True
        if (denied := self._deny.find(host)) is not None:
            return f"link.denied:{denied}", f"denied domain: {host}", False
        if (shortener := self._shorteners.find(host)) is not None:
            return "link.shortener", f"URL shortener: {shortener}", False
        return None


def register_triggers(registry: Registry) -> None:
    """Register the invites and links triggers."""
    registry.add_trigger(
        "invites",
        InvitesOptions,
        _invites,
        "Discord invites and Matrix room links, seen through disguises; allow/deny lists.",
    )
    registry.add_trigger(
        "links",
        LinksOptions,
        _links,
        "Links by domain (allow/deny, subdomains), shorteners, IP loggers, brand lookalikes.",
    )


def _invites(options: InvitesOptions, _services: Services) -> Invites:
    return Invites(options)


def _links(options: LinksOptions, _services: Services) -> Links:
    return Links(options)
