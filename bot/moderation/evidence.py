"""Evidence records: what is kept of an incident (never the media itself, only its hashes)."""

from __future__ import annotations

from typing import Any

from bot.actions import Plan
from bot.events import MessageCreated


def evidence_of(plan: Plan) -> dict[str, Any]:
    """Return the evidence payload of a plan: message, author, place, time, rules, signals."""
    event = plan.event
    payload: dict[str, Any] = {
        "event": type(event).__name__,
        "community": event.community,
        "room": event.room,
        "author_id": event.member.id,
        "author_name": event.member.display_name,
        "ts": event.ts.isoformat(),
        "matches": [
            {
                "rule": hit.rule,
                "category": str(hit.match.category),
                "severity": hit.match.severity.name.lower(),
                "summary": hit.match.summary,
                "signals": list(hit.match.signals),
                "spans": [[s.start, s.end, s.text] for s in hit.match.spans],
            }
            for hit in plan.hits
        ],
    }
    related = plan.related
    if related:
        # Earlier messages of the thread the match makes part of the harm, as remembered.
        payload["related"] = [
            {"message_id": r.message_id, "category": str(r.category), "excerpt": r.excerpt}
            for r in related
        ]
    context = plan.context
    if context:
        # Earlier messages the match took that the rule's doubt keeps out of the harm: kept,
        # so the case shows how the thread began, with why they do not count.
        payload["context"] = [
            {
                "message_id": r.message_id,
                "category": str(r.category),
                "excerpt": r.excerpt,
                "doubt": r.doubt,
            }
            for r in context
        ]
    if isinstance(event, MessageCreated):
        payload["message_id"] = event.message_id
        payload["text"] = event.text
        payload["link"] = event.link
        payload["attachments"] = [
            {
                "filename": a.filename,
                "content_type": a.content_type,
                "sha256": a.sha256,
                "pdq": a.pdq,
            }
            for a in event.attachments
        ]
    return payload
