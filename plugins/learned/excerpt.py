"""Cut the words around a match out of a long message, for the model to judge them alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Iterable

    from bot.rules import Span

__all__ = ["around"]

#: Characters kept on each side of a matched span: a few words of context.
REACH: Final = 80
#: An excerpt longer than this share of the message is the message: read it whole.
MOST: Final = 0.6


def around(text: str, spans: Iterable[Span]) -> str | None:
    """Return the words around the spans, or None when they are most of the text.

    Windows of `REACH` characters on each side, widened to whole words and merged where
    they meet, are joined in order.
    """
    windows: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: s.start):
        start = _word_start(text, max(0, span.start - REACH))
        end = _word_end(text, min(len(text), span.end + REACH))
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    if not windows or sum(end - start for start, end in windows) > MOST * len(text):
        return None
    return " … ".join(text[start:end].strip() for start, end in windows)


def _word_start(text: str, index: int) -> int:
    """Move back to the start of the word `index` falls in."""
    while index > 0 and not text[index - 1].isspace():
        index -= 1
    return index


def _word_end(text: str, index: int) -> int:
    """Move on to the end of the word `index` falls in."""
    while index < len(text) and not text[index].isspace():
        index += 1
    return index
