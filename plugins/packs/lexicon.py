"""Compiled matchers of a pack: one core Matcher for all its words, one RegexSet per prefilter."""

from __future__ import annotations

import re
from collections.abc import Callable, KeysView
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import re2

from bot.matching import Matcher, PatternError, Term
from bot.regexset import RegexSet
from bot.text import skeleton

if TYPE_CHECKING:
    from bot.text import NormalizedText

#: Scope of an allow phrase that stops the terms of every group.
EVERY_GROUP: Final = -1
_ALLOW_KEY: Final = "allow:"
_DIGIT: Final = re.compile(r"\d")
# A member's handle as typed: "@la_frappe" names someone, it offers no product.
_MENTION: Final = re.compile(r"(?<![\w@])@[\w.\-]+")
#: Memory budget of each RE2 set. Under RE2's default (8 MB) the program of the largest
#: set (hundreds of patterns) leaves its lazy DFA so little room that it flushes its cache
#: on almost every message: ~350 µs a message instead of 2 to 5 µs for that set (the packs'
#: whole scan ~330 → ~100 µs), with the same matches. It is a ceiling, not an allocation:
#: the DFA grows only to the states messages reach.
_SET_MAX_MEM: Final = 64 << 20


class Hit(NamedTuple):
    """One signal found: where (normalized offsets unless `raw`), which group, what weight."""

    start: int
    end: int
    group: int
    weight: float
    item: str
    raw: bool = False
    #: Found by a pattern rather than a word or an emoji.
    pattern: bool = False


class LexiconError(ValueError):
    """Say that a term or pattern cannot be compiled."""


def _spellings(term: str) -> list[str]:
    """Return the ways an apostrophe in a term may be typed: kept, a space, or nothing."""
    if "'" not in term and "\u2019" not in term:
        return [term]
    plain = term.replace("\u2019", "'")
    return [plain, plain.replace("'", " "), plain.replace("'", "")]


class Lexicon:
    """Collect a pack's terms, emoji and allowed phrases; the Scanner matches them all."""

    def __init__(self) -> None:
        self.terms: list[Term] = []
        self.size = 0

    def add_term(self, term: str, group: int, weight: float = 1.0) -> None:
        """Add a word or phrase; `*` at an end lets it run into a longer word."""
        core = term.strip().strip("*")
        if "*" in core:
            raise LexiconError(f"term {term!r}: '*' is only allowed at the start or the end")
        if len(skeleton(core).replace(" ", "")) < 2:
            raise LexiconError(f"term {term!r} is too short to match safely")
        self.terms += [Term(pattern=p, key=str(group), weight=weight) for p in _spellings(term)]
        self.size += 1

    def add_emoji(self, emoji: str, group: int, weight: float = 1.0) -> None:
        """Add an emoji; it matches wherever it stands, glued to words or not."""
        if not skeleton(emoji):
            raise LexiconError(f"emoji {emoji!r} is empty once normalized")
        self.terms.append(Term(pattern=emoji, key=str(group), weight=weight))
        self.size += 1

    def add_allow(self, phrase: str, scope: int = EVERY_GROUP) -> None:
        """Add a phrase inside which the terms of `scope` (or of every group) never count."""
        if not skeleton(phrase.strip("* ")):
            raise LexiconError(f"allowed phrase {phrase!r} is empty once normalized")
        key = f"{_ALLOW_KEY}{scope}"
        self.terms += [Term(pattern=p, key=key) for p in _spellings(phrase)]


class _Item(NamedTuple):
    group: int
    weight: float
    check: Callable[[str], bool] | None


class _Bucket:
    """Patterns that run on the same text under the same prefilter, as one RE2 set.

    The set says in one pass which patterns match; only those are searched again, and
    only up to their first valid match (all matches of every pattern would cost more
    than the rest of the pack).
    """

    __slots__ = ("compiled", "items", "needs", "patterns", "probe", "raw", "set")

    def __init__(self, raw: bool, needs: str | None) -> None:
        self.raw = raw
        self.needs = needs
        self.items: list[tuple[int, _Item]] = []
        self.patterns: list[str] = []
        self.compiled: list[Any] = []
        self.set: Any = None
        # One C-level search tells whether the text has any of the needed characters.
        self.probe: re.Pattern[str] | None = None
        if needs == "digit":
            self.probe = _DIGIT
        elif needs is not None:
            self.probe = re.compile(f"[{re.escape(needs)}]")

    def build(self) -> None:
        """Compile the set and each pattern, case-insensitively as the core RegexSet does."""
        options = re2.Options()
        options.case_sensitive = False
        options.log_errors = False
        options.max_mem = _SET_MAX_MEM
        which = re2.Set.SearchSet(options)
        for pattern in self.patterns:
            try:
                which.Add(pattern)
                self.compiled.append(re2.compile(pattern, options))
            except re2.error as exc:
                raise LexiconError(f"pattern {pattern!r}: {exc}") from exc
        which.Compile()
        self.set = which

    def applies(self, text: str) -> bool:
        """Tell whether the prefilter lets this text through."""
        probe = self.probe
        return probe is None or probe.search(text) is not None

    def scan(self, text: str, out: dict[int, list[Hit]], data: bytes | None = None) -> None:
        """Add the first valid match of every pattern that matches, per pack.

        `data` is the text encoded in UTF-8, when the caller has it. RE2 reads bytes: given
        a str, its binding encodes the whole text again for every pattern searched, so the
        bytes are searched and only the offsets of a match are turned into characters.
        """
        if data is None:
            data = text.encode()
        # On ASCII text byte offsets are character offsets.
        ascii_only = len(data) == len(text)
        # The binding returns None, not an empty list, when nothing matches.
        for index in self.set.Match(data) or ():
            pack, item = self.items[index]
            compiled = self.compiled[index]
            check = item.check
            if check is None:
                found = compiled.search(data)
                if found is None:
                    continue
                start, end = found.span()
            else:
                for found in compiled.finditer(data):
                    start, end = found.span()
                    if check(data[start:end].decode()):
                        break
                else:
                    continue
            if not ascii_only:
                start, end = _chars(data, start), _chars(data, end)
            hit = Hit(
                start, end, item.group, item.weight, self.patterns[index], self.raw, pattern=True
            )
            out.setdefault(pack, []).append(hit)


def _chars(data: bytes, offset: int) -> int:
    """Return the character offset of a byte offset of UTF-8 text (RE2 matches whole chars)."""
    return len(data[:offset].decode())


class Patterns:
    """Collect a pack's RE2 patterns, checked at once; the Scanner runs them."""

    def __init__(self) -> None:
        # A language-neutral pattern (an emoji run, a spaced link) often stands in each file
        # of a pack: an insertion-ordered dict keeps it once, so it is matched once per message.
        self._items: dict[tuple[bool, str | None, str, _Item], None] = {}

    def add(
        self,
        pattern: str,
        group: int,
        weight: float = 1.0,
        *,
        raw: bool = False,
        needs: str | None = None,
        check: Callable[[str], bool] | None = None,
    ) -> None:
        """Add an RE2 pattern for a group."""
        try:
            RegexSet([("0", pattern)])
        except PatternError as exc:
            raise LexiconError(str(exc)) from exc
        self._items.setdefault((raw, needs, pattern, _Item(group, weight, check)))

    @property
    def items(self) -> KeysView[tuple[bool, str | None, str, _Item]]:
        """Return the patterns in the order they were first added."""
        return self._items.keys()

    def __len__(self) -> int:
        return len(self._items)


class Scanner:
    """Match every loaded pack in one pass: one core Matcher, one RegexSet per prefilter.

    The cost of a message is then independent of the number of packs and of terms.
    Triggers of several packs look at the same message one after the other, so the
    hits of the last message seen are kept and shared.
    """

    def __init__(self) -> None:
        self._sources: list[tuple[Lexicon, Patterns]] = []
        # Empty until the first build: a scanner with no pack finds nothing rather than failing.
        self._matcher = Matcher(())
        self._groups: dict[str, tuple[int, int]] = {}
        self._scoped: dict[str, tuple[int, int]] = {}
        self._buckets: tuple[_Bucket, ...] = ()
        self._dirty = False
        self._last: NormalizedText | None = None
        self._hits: dict[int, list[Hit]] = {}

    def add(self, lexicon: Lexicon, patterns: Patterns) -> int:
        """Add a pack's words and patterns; return the index its hits are filed under."""
        self._sources.append((lexicon, patterns))
        self._dirty = True
        return len(self._sources) - 1

    def _build(self) -> None:
        terms: list[Term] = []
        groups: dict[str, tuple[int, int]] = {}
        scoped: dict[str, tuple[int, int]] = {}
        buckets: dict[tuple[bool, str | None], _Bucket] = {}
        for index, (lexicon, patterns) in enumerate(self._sources):
            for term in lexicon.terms:
                key = f"{index}:{term.key}"
                if term.key.startswith(_ALLOW_KEY):
                    scoped[key] = (index, int(term.key[len(_ALLOW_KEY) :]))
                else:
                    groups[key] = (index, int(term.key))
                terms.append(Term(term.pattern, key, term.weight))
            for raw, needs, pattern, item in patterns.items:
                bucket = buckets.get((raw, needs))
                if bucket is None:
                    bucket = buckets[raw, needs] = _Bucket(raw, needs)
                bucket.patterns.append(pattern)
                bucket.items.append((index, item))
        try:
            self._matcher = Matcher(terms)
        except PatternError as exc:
            raise LexiconError(str(exc)) from exc
        for bucket in buckets.values():
            bucket.build()
        self._groups, self._scoped = groups, scoped
        self._buckets = tuple(buckets.values())
        self._dirty = False
        self._last = None

    @property
    def stale(self) -> bool:
        """Tell whether packs were added since the matchers were last built."""
        return self._dirty

    def prepare(self) -> None:
        """Compile the packs added since the last build, before a message waits for it."""
        if self._dirty:
            self._build()

    def hits(self, view: NormalizedText, index: int) -> list[Hit]:
        """Return the hits of one pack in a message."""
        if view is not self._last:
            if self._dirty:
                self._build()
            self._hits = self._scan(view)
            self._last = view
        return self._hits.get(index, [])

    def scan(self, view: NormalizedText) -> dict[int, list[Hit]]:
        """Return the hits of every pack in a text, leaving the shared hits of a message be."""
        if self._dirty:
            self._build()
        return self._scan(view)

    def _scan(self, view: NormalizedText) -> dict[int, list[Hit]]:
        out: dict[int, list[Hit]] = {}
        allowed: list[tuple[int, int, int, int]] = []
        groups = self._groups
        handles = _handles(view.text)
        for start, end, key, term, weight in self._matcher.spans(view):
            if handles and any(a < start < b for a, b in handles):
                continue
            found = groups.get(key)
            if found is None:
                pack, scope = self._scoped[key]
                allowed.append((start, end, pack, scope))
                continue
            pack, group = found
            hit = Hit(start, end, group, weight, term)
            found_hits = out.get(pack)
            if found_hits is None:
                out[pack] = [hit]
            else:
                found_hits.append(hit)
        if allowed:
            out = {
                pack: [
                    h
                    for h in hits
                    if not any(
                        p == pack and a <= h.start and h.end <= b and s in (EVERY_GROUP, h.group)
                        for a, b, p, s in allowed
                    )
                ]
                for pack, hits in out.items()
            }
        # Each text is encoded once for every set that reads it.
        encoded: dict[bool, bytes] = {}
        for bucket in self._buckets:
            raw = bucket.raw
            text = view.raw if raw else view.text
            probe = bucket.probe
            if probe is None or probe.search(text) is not None:
                data = encoded.get(raw)
                if data is None:
                    data = encoded[raw] = text.encode()
                bucket.scan(text, out, data)
        return out


def _handles(text: str) -> list[tuple[int, int]]:
    """Return the spans of @handles, whose words are names rather than message content."""
    if "@" not in text:
        return []
    return [m.span() for m in _MENTION.finditer(text)]
