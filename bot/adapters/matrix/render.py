"""Render report cards and replies as Matrix HTML, with every quoted text escaped and defused."""

from __future__ import annotations

import html
from typing import Any

from bot.moderation.reports import QUICK_EMOJI, ReportCard, defuse_mentions

HTML_FORMAT = "org.matrix.custom.html"

#: The reaction the bot adds once a quick action was carried out.
DONE_EMOJI = "☑️"
_HIGHLIGHT = '<font data-mx-bg-color="#ffe082" data-mx-color="#000000"><b>{}</b></font>'


def _text(value: str) -> str:
    """Return quoted text safe to put in HTML: no markup, no mass mention."""
    return html.escape(defuse_mentions(value))


def _excerpt(card: ReportCard) -> str:
    text = card.excerpt
    pieces: list[str] = []
    cursor = 0
    for start, end in sorted(card.spans):
        if start < cursor or end > len(text):
            continue
        pieces += [_text(text[cursor:start]), _HIGHLIGHT.format(_text(text[start:end]))]
        cursor = end
    pieces.append(_text(text[cursor:]))
    return "".join(pieces).replace("\n", "<br>")


def user_pill(user_id: str, name: str | None = None) -> str:
    """Return a link to a user that clients show as a pill."""
    label = _text(name or user_id)
    return f'<a href="https://matrix.to/#/{html.escape(user_id)}">{label}</a>'


def report_html(card: ReportCard) -> str:
    """Render a report card as the HTML of a Matrix message."""
    head = "[DRY RUN] " if card.dry_run else ""
    case = f"Case #{card.case_number} · " if card.case_number is not None else ""
    title = f"{head}{case}{', '.join(card.categories)} · severity {card.severity}"
    who = _text(f"{card.member_name} ({card.member_id})" if card.member_name else card.member_id)
    rows = []
    if card.user_report is not None:
        by = card.extra.get("reported_by", "a member")
        rows.append(f"<p>User report #{card.user_report} by {_text(by)}</p>")
    rows += [
        f"<p><b>{html.escape(title)}</b></p>",
        f"<p>Who: <code>{who}</code> · Where: {_text(card.room)}</p>",
    ]
    if card.link:
        rows.append(f'<p><a href="{html.escape(card.link)}">Open the message</a></p>')
    if card.excerpt:
        rows.append(f"<blockquote>{_excerpt(card)}</blockquote>")
    rows.append(f"<p>Rules: {_text(', '.join(card.rules))}</p>")
    if card.summaries:
        items = "".join(f"<li>{_text(s)}</li>" for s in card.summaries)
        rows.append(f"<p>Why:</p><ul>{items}</ul>")
    if card.signals:
        rows.append(f"<p>Signals: {_text(', '.join(card.signals))}</p>")
    if card.related:
        items = "".join(f"<li>{_text(r)}</li>" for r in card.related)
        rows.append(f"<p>Related:</p><ul>{items}</ul>")
    rows.append(f"<p>Action: {_text(', '.join(card.actions) or 'none (report only)')}</p>")
    if card.history:
        rows.append(f"<p>History: {_text('; '.join(card.history))}</p>")
    if card.pings:
        rows.append("<p>Paging: " + " ".join(_ping(p) for p in card.pings) + "</p>")
    if card.group_count > 1:
        cases = ", ".join(f"#{n}" for n in card.group_cases)
        items = "".join(f"<li>{_text(line)}</li>" for line in card.group_lines)
        rows.append(
            f"<p>Grouped: {card.group_count} incidents from this member ({cases})</p>"
            + (f"<ul>{items}</ul>" if items else "")
        )
    if card.status:
        rows.append(f"<p><b>Status:</b> {_text(card.status)}</p>")
    elif not card.dry_run:
        buttons = [f"{QUICK_EMOJI[a]} {a}" for a in card.quick_actions if a in QUICK_EMOJI]
        if buttons:
            rows.append(f"<p><i>React: {html.escape(' · '.join(buttons))}</i></p>")
    return "".join(rows)


def _ping(target: str) -> str:
    return user_pill(target) if target.startswith("@") else _text(target)


def report_content(card: ReportCard) -> dict[str, Any]:
    """Return the content of the report message: text body, HTML body and who it pings."""
    pinged = [p for p in card.pings if p.startswith("@")]
    return {
        "msgtype": "m.text",
        "body": card.render_text(),
        "format": HTML_FORMAT,
        "formatted_body": report_html(card),
        # Intentional mentions: only the people paged are notified, whatever the excerpt says.
        "m.mentions": {"user_ids": pinged},
    }


def notice_content(text: str, html_body: str | None = None) -> dict[str, Any]:
    """Return a notice with an optional HTML body, pinging nobody."""
    content: dict[str, Any] = {"msgtype": "m.notice", "body": text, "m.mentions": {}}
    if html_body is not None:
        content["format"] = HTML_FORMAT
        content["formatted_body"] = html_body
    return content


def escape(text: str) -> str:
    """Escape and defuse a piece of text for a hand-written HTML reply."""
    return _text(text)
