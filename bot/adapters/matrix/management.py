"""Management-room traffic: commands and report reactions to the router, its replies as HTML."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from bot.adapters.matrix.render import HTML_FORMAT, escape, report_html
from bot.events import Member
from bot.moderation.api import Invocation, Press, Reply
from bot.moderation.reports import quick_action_for

DEFAULT_PREFIX = "!vigie"
_PILL = re.compile(r'^<a href="https://matrix\.to/#/(@[^"]+)">[^<]*</a>:?\s*')


class Router(Protocol):
    """The platform-neutral command router (bot.moderation), as the adapter uses it."""

    async def handle(self, invocation: Invocation) -> Reply | None:
        """Run a text command; None when the text is not addressed to the bot."""
        ...

    async def press(self, press: Press) -> Reply | None:
        """Run a quick action pressed on a report."""
        ...


@dataclass(frozen=True, slots=True)
class Said:
    """A message in a management room, as the adapter read it."""

    community: str
    room: str
    author: Member
    body: str
    formatted_body: str | None
    event_id: str
    reply_to: str | None
    ts: datetime


def addressed_text(said: Said, bot_id: str, bot_name: str | None, prefix: str) -> str:
    """Return the text to route: a mention of the bot by name or pill becomes the prefix."""
    body = said.body.strip()
    if said.formatted_body:
        pill = _PILL.match(said.formatted_body.strip())
        if pill and pill.group(1) == bot_id:
            # The body of a pill mention starts with the display name the client showed.
            rest = _PILL.sub("", said.formatted_body.strip(), count=1)
            return f"{prefix} {html.unescape(re.sub(r'<[^>]+>', '', rest)).strip()}"
    for name in filter(None, (bot_name, bot_id)):
        for sep in (": ", ", ", ":", " "):
            if body.startswith(name + sep) and not body.startswith(prefix):
                return f"{prefix} {body[len(name) + len(sep) :].strip()}"
    return body


def invocation(said: Said, text: str) -> Invocation:
    """Build the router's Invocation for a message."""
    return Invocation(
        community=said.community,
        room=said.room,
        author=said.author,
        text=text,
        message_id=said.event_id,
        reply_to=said.reply_to,
        ts=said.ts,
    )


def press(community: str, channel: str, report_id: str, emoji: str, author: Member) -> Press | None:
    """Build the router's Press for a reaction on a report, or None for other emoji."""
    action = quick_action_for(emoji)
    if action is None:
        return None
    return Press(
        community=community,
        channel=channel,
        message_id=report_id,
        action=action,
        author=author,
        ts=datetime.now(UTC),
    )


def reply_content(reply: Reply, in_reply_to: str | None) -> dict[str, Any]:
    """Render a router reply as a Matrix notice with an HTML body."""
    text = reply.text
    body_html = escape(text).replace("\n", "<br>")
    if not reply.ok:
        body_html = f'<font color="#c62828">{body_html}</font>'
    if reply.card is not None:
        body_html += report_html(reply.card)
        text = f"{text}\n{reply.card.render_text()}"
    content: dict[str, Any] = {
        "msgtype": "m.notice",
        "body": text,
        "format": HTML_FORMAT,
        "formatted_body": body_html,
        "m.mentions": {},
    }
    if in_reply_to:
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": in_reply_to}}
    return content
