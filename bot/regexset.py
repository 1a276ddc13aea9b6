"""Run moderators' regexes on RE2, which has no backtracking and so no catastrophic pattern."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import re2

from bot.matching import Hit, PatternError
from bot.text import NormalizedText

__all__ = ["RegexSet"]

_DEFAULT_MAX_MEM: Final = 8 << 20
_SET_MAX_TEXT: Final = 4096


def _reason(exc: Exception) -> str:
    """Extract RE2's message, which it raises as bytes."""
    message = exc.args[0] if exc.args else str(exc)
    if isinstance(message, bytes):
        return message.decode("utf-8", "replace")
    return str(message)


class RegexSet:
    """Moderators' regexes, compiled with RE2 and matched case-insensitively."""

    __slots__ = ("_regexes", "_set")

    def __init__(
        self, patterns: Iterable[tuple[str, str]], *, max_mem: int = _DEFAULT_MAX_MEM
    ) -> None:
        options = re2.Options()
        options.case_sensitive = False
        options.max_mem = max_mem
        options.log_errors = False
        regexes: list[tuple[str, str, Any]] = []
        # The set tells in one pass which regexes match at all; only those
        # are run again to find where.
        search_set = re2.Set.SearchSet(options)
        for key, pattern in patterns:
            try:
                compiled = re2.compile(pattern, options)
                search_set.Add(pattern)
            except re2.error as exc:
                raise PatternError(pattern, _reason(exc), key) from exc
            regexes.append((key, pattern, compiled))
        if regexes:
            search_set.Compile()
        self._regexes = regexes
        self._set = search_set

    def __len__(self) -> int:
        """Return the number of regexes."""
        return len(self._regexes)

    def find(self, text: NormalizedText | str) -> list[Hit]:
        """Return the non-empty matches in ``text``: the normalized view, or a str as is."""
        s = text.text if isinstance(text, NormalizedText) else text
        if not self._regexes:
            return []
        if len(s) <= _SET_MAX_TEXT:
            matched = sorted(self._set.Match(s) or ())
        else:
            # A set has no slower fallback if its DFA runs out of memory, which
            # only a long text can cause: try every regex, each falls back alone.
            matched = list(range(len(self._regexes)))
        hits: list[Hit] = []
        for index in matched:
            key, pattern, compiled = self._regexes[index]
            hits.extend(
                Hit(key, pattern, m.start(), m.end(), 1.0)
                for m in compiled.finditer(s)
                if m.end() > m.start()
            )
        hits.sort(key=lambda h: (h.start, h.end, h.key))
        return hits
