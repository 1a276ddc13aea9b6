"""Remember recent messages' texts and edits: what an edit replaced, what to redact with it."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace

from bot.events import MessageCreated, MessageEdited

_RECENT_TEXTS = 5000


class RecentTexts:
    """Keep the latest texts by message, and the edit events that carry each one's text."""

    def __init__(self, size: int = _RECENT_TEXTS) -> None:
        self._size = size
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._edits: dict[str, list[str]] = {}

    def remember(self, message: MessageCreated, event_id: str) -> MessageCreated:
        """Keep a message's text; return an edit with the text it replaced."""
        previous = self._texts.get(message.message_id)
        self._texts[message.message_id] = message.text
        self._texts.move_to_end(message.message_id)
        while len(self._texts) > self._size:
            oldest, _ = self._texts.popitem(last=False)
            self._edits.pop(oldest, None)
        if isinstance(message, MessageEdited):
            self._edits.setdefault(message.message_id, []).append(event_id)
            return replace(message, previous_text=previous)
        return message

    def take_edits(self, message_id: str) -> list[str]:
        """Return, and forget, the edit events of a message (redacted along with it)."""
        return self._edits.pop(message_id, [])
