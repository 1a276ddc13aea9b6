"""Invites to other communities: Discord invite links and Matrix room links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import unquote

from bot.text import skeleton
from plugins.links.urls import Found, find_links
from plugins.links.view import deobfuscate

__all__ = ["Invite", "find_bare_aliases", "find_invites", "invite_key"]

# Hosts whose first path segment is the invite code (or vanity name).
_CODE_FIRST: Final = frozenset(
    {"discord.gg", "dsc.gg", "discord.me", "discord.io", "invite.gg", "discord.link", "dcd.gg"}
)
# Hosts where the code follows /invite/.
_INVITE_PATH: Final = frozenset(
    {"discord.com", "discordapp.com", "canary.discord.com", "ptb.discord.com"}
)
_CODE: Final = re.compile(r"[A-Za-z0-9-]{2,32}")
_SEGMENTS: Final = re.compile(r"[/\\?#&]+")
_ELEMENT_ROOM: Final = "#/room/"
_MATRIX_TO: Final = frozenset({"matrix.to", "www.matrix.to"})
_BARE_ALIAS: Final = re.compile(
    r"(?<![\w/#])#[A-Za-z0-9._=\-]{1,255}:[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)


@dataclass(frozen=True, slots=True)
class Invite:
    """An invite: to which platform, to what (code or room), and where it is in the raw text."""

    platform: str
    target: str
    server: str | None
    start: int
    end: int
    text: str
    obfuscated: bool


def invite_key(platform: str, target: str) -> str:
    """Return the case-insensitive key that allow and deny lists compare."""
    return f"{platform}:{target.casefold()}"


def _segments(path: str) -> list[str]:
    return [s for s in _SEGMENTS.split(path) if s]


def _discord(host: str, path: str) -> str | None:
    parts = _segments(path)
    code: str | None = None
    if host in _CODE_FIRST:
        if parts and parts[0].lower() == "invite":
            parts = parts[1:]
        code = parts[0] if parts else None
    elif host in _INVITE_PATH:
        if len(parts) >= 2 and parts[0].lower() == "invite":
            code = parts[1]
    elif host == "disboard.org" and len(parts) >= 3 and parts[:2] == ["server", "join"]:
        code = parts[2]
    if code is None or not _CODE.fullmatch(code):
        return None
    return code


def _matrix_room(fragment: str) -> str | None:
    """Return the room (#alias:server or !id:server) a matrix.to fragment points at."""
    target = unquote(fragment).split("?", 1)[0].split("/", 1)[0]
    if len(target) > 1 and target[0] in "#!":
        return target
    return None


def _matrix_uri(path: str) -> str | None:
    """Return the room of a matrix: URI (matrix:r/alias:server, matrix:roomid/id:server)."""
    kind, _, rest = unquote(path).split("?", 1)[0].partition("/")
    name = rest.split("/", 1)[0]
    if not name:
        return None
    if kind.lower() == "r":
        return f"#{name}"
    if kind.lower() == "roomid":
        return f"!{name}"
    return None


def _server(target: str) -> str | None:
    _, colon, server = target.partition(":")
    return server.lower() if colon else None


def _invite(link: Found) -> Invite | None:
    if link.scheme == "matrix":
        room = _matrix_uri(link.path)
        return None if room is None else _make(link, "matrix", room, link.obfuscated)
    host = link.host.removeprefix("www.")
    canonical = host if host.isascii() else skeleton(host)
    obfuscated = link.obfuscated or canonical != host
    code = _discord(canonical, link.path)
    if code is not None:
        return _make(link, "discord", code, obfuscated)
    fragment_at = link.path.find("#/")
    if canonical in _MATRIX_TO and fragment_at != -1:
        room = _matrix_room(link.path[fragment_at + 2 :])
        return None if room is None else _make(link, "matrix", room, obfuscated)
    element_at = link.path.find(_ELEMENT_ROOM)
    if element_at != -1:
        room = _matrix_room(link.path[element_at + len(_ELEMENT_ROOM) :])
        return None if room is None else _make(link, "matrix", room, obfuscated)
    return None


def _make(link: Found, platform: str, target: str, obfuscated: bool) -> Invite:
    return Invite(
        platform=platform,
        target=target,
        server=_server(target) if platform == "matrix" else None,
        start=link.start,
        end=link.end,
        text=link.text,
        obfuscated=obfuscated,
    )


def find_invites(raw: str) -> tuple[Invite, ...]:
    """Return the Discord and Matrix invites in ``raw``, plain or disguised."""
    links = find_links(raw)
    if not links:
        return ()
    return tuple(invite for invite in map(_invite, links) if invite is not None)


def find_bare_aliases(raw: str) -> tuple[Invite, ...]:
    """Return the Matrix room aliases written without a link (#room:example.org)."""
    if "#" not in raw or ":" not in raw:
        return ()
    view = deobfuscate(raw)
    found = []
    for m in _BARE_ALIAS.finditer(view.text):
        start, end = view.to_raw(*m.span())
        target = m.group()
        found.append(
            Invite(
                platform="matrix",
                target=target,
                server=_server(target),
                start=start,
                end=end,
                text=raw[start:end],
                obfuscated=raw[start:end] != target,
            )
        )
    return tuple(found)
