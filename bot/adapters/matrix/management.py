"""Management-room traffic: commands and report reactions to the router, its replies as HTML."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from bot.adapters.matrix.render import HTML_FORMAT, escape, report_html
from bot.events import Member
from bot.moderation.api import Invocation, Press, Reply
from bot.moderation.reports import QUICK_EMOJI, quick_action_for

DEFAULT_PREFIX = "!vigie"
_PILL = re.compile(r'^<a href="https://matrix\.to/#/(@[^"]+)">[^<]*</a>:?\s*')
# The quote of the message replied to that older clients put before a reply (spec "fallback").
_HTML_FALLBACK = re.compile(r"^\s*<mx-reply>.*?</mx-reply>", re.DOTALL)
# "Name: ..." is how clients write a mention as text; a name then a space is only talk.
_NAME_SEPARATORS = (":", ",")


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


def without_reply_fallback(body: str, formatted_body: str | None) -> tuple[str, str | None]:
    """Drop the quote of the replied-to message that a reply may start with.

    The quote is someone else's text: a command quoted there is not the sender's command.
    """
    if formatted_body is not None:
        formatted_body = _HTML_FALLBACK.sub("", formatted_body, count=1)
    lines = body.split("\n")
    if lines and lines[0].startswith("> "):
        index = 0
        while index < len(lines) and lines[index].startswith(">"):
            index += 1
        body = "\n".join(lines[index:])
    return body.strip(), formatted_body


def addressed_text(said: Said, bot_id: str, bot_name: str | None, prefix: str) -> str:
    """Return the text to route: a mention of the bot by name or pill becomes the prefix."""
    body, formatted = without_reply_fallback(said.body, said.formatted_body)
    if formatted:
        pill = _PILL.match(formatted.strip())
        if pill and pill.group(1) == bot_id:
            # The body of a pill mention starts with the display name the client showed.
            rest = _PILL.sub("", formatted.strip(), count=1)
            return f"{prefix} {html.unescape(re.sub(r'<[^>]+>', '', rest)).strip()}"
    if body.casefold().startswith(prefix.casefold()):
        return body
    folded = body.casefold()
    # Longest first: one name may start another ("Vigie" and "Vigie Bis").
    for name in sorted(filter(None, {bot_name, bot_id}), key=len, reverse=True):
        for sep in _NAME_SEPARATORS:
            start = (name + sep).casefold()
            if folded.startswith(start) and len(body) > len(start):
                return f"{prefix} {body[len(start) :].strip()}"
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


def press(
    community: str,
    channel: str,
    report_id: str,
    emoji: str,
    author: Member,
    *,
    ts: datetime | None = None,
) -> Press | None:
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
        ts=ts or datetime.now(UTC),
    )


def prompt_content(reply: Reply, press: Press) -> dict[str, Any]:
    """Render a request for confirmation as a reply to the report, to be reacted on."""
    emoji = QUICK_EMOJI[press.action]
    # Matrix keeps one reaction per key and person on an event: the second press of the same
    # button on the report is refused, so the confirmation is a reaction on this prompt.
    hint = f"React {emoji} on this message to confirm."
    content = reply_content(replace(reply, text=f"{reply.text} {hint}"), press.message_id)
    content["m.mentions"] = {"user_ids": [press.author.id]}
    return content


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
