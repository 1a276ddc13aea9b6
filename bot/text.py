"""Evasion-proof text normalization with a map back to the raw offsets.

The normalized view is what lexicons are matched against. Stage one works
per code point from memoized tables: NFKC, invisible characters removed,
casefold, accents stripped, UTS #39 confusables (data shipped by
``confusable_homoglyphs``) mapped to Latin. Stage two works on the text:
whitespace collapsed, stretched words squeezed, spelled-out letters joined,
then leetspeak mapped (after joining, so "c.0.k.3" becomes "coke"), then
squeezed again. Every character of the view remembers the raw index it
came from.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Final, Generic, TypeAlias, TypeVar

from confusable_homoglyphs import categories as _scripts
from confusable_homoglyphs import confusables as _confusables

__all__ = ["NormalizedText", "normalize", "skeleton"]

_K = TypeVar("_K")
_V = TypeVar("_V")

# Per-character kinds, OR-ed into one int per message so flags cost nothing
# when a message has none of them.
_K_INVISIBLE: Final = 1
_K_JOINER: Final = 2  # ZWJ/ZWNJ: legitimate inside emoji and some scripts
_K_TAG: Final = 4  # tag characters: legitimate after a black flag only
_K_CONFUSABLE: Final = 8
_K_COMPAT: Final = 16
_K_MARK: Final = 32
_K_LATIN: Final = 64
_K_OTHER_SCRIPT: Final = 128
_K_EMOJI: Final = 256
_K_ZALGO: Final = 512  # three or more stacked combining marks
_K_SCRIPTS: Final = _K_OTHER_SCRIPT | _K_CONFUSABLE
# A plain character maps to one character and needs no look at its neighbours.
_PLAIN_KINDS: Final = _K_LATIN | _K_EMOJI
_K_UNPLAIN: Final = ~_PLAIN_KINDS
_CACHE_LIMIT: Final = 70_000  # per-code-point caches: the whole BMP fits

_BLACK_FLAG: Final = "\U0001f3f4"
_VARIATION_SELECTORS: Final = frozenset(map(chr, range(0xFE00, 0xFE10)))
# Blank-looking characters that are not whitespace to Unicode: used to pad
# names and split words while looking like a space, so counted as invisible.
_BLANKS: Final = frozenset("\u115f\u1160\u2800\u3164\uffa0")
# Invisible characters that are not in category Cf.
_EXTRA_INVISIBLE: Final = frozenset(
    ["\u034f", "\u17b4", "\u17b5", "\u180b", "\u180c", "\u180d", "\u180f"]
    + [chr(c) for c in range(0xE0100, 0xE01F0)]  # variation selectors supplement
)
# Only these decompositions count as typographic evasion; superscripts such
# as "m²" or ligatures are ordinary text.
_COMPAT_TAGS: Final = frozenset({"<wide>", "<font>", "<circle>", "<square>", "<narrow>"})
_LEET_DIGITS: Final = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"}
_LEET_INNER: Final = {"!": "i", "|": "l"}  # only between two letters
_LEET_EDGE: Final = {"@": "a", "$": "s", "€": "e"}  # next to a letter
_LEET_SYMBOLS: Final = frozenset(_LEET_INNER) | frozenset(_LEET_EDGE)
# French and English one-letter words: a run made only of these ("il y a à")
# is prose, not a word spelled out.
_STANDALONE_LETTERS: Final = frozenset("aiyo")


def _strip_marks(s: str) -> str:
    """Return ``s`` decomposed with its combining marks removed."""
    return "".join(
        c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) not in ("Mn", "Me")
    )


def _build_confusables() -> dict[str, str]:
    """Map non-ASCII characters to their ASCII skeleton from the UTS #39 data."""
    table: dict[str, str] = {}
    for source, glyphs in _confusables.confusables_data.items():
        if len(source) != 1 or source.isascii():
            continue
        category = unicodedata.category(source)
        if category[0] not in "LNSP":
            continue
        for glyph in glyphs:
            target = _strip_marks(glyph["c"])
            if not target.isascii() or not target:
                continue
            if category[0] == "P":
                # Punctuation only maps to punctuation (U+2019 to ', U+2013 to -).
                if len(target) == 1 and not target.isalnum():
                    table[source] = target
                continue
            if not target.isalnum():
                continue
            # Multi-letter prototypes are trusted for Latin ligatures (œ, æ)
            # only; elsewhere they turn whole-script text into noise.
            if len(target) > 1 and not (category[0] == "L" and _scripts.alias(source) == "LATIN"):
                continue
            previous = table.get(source)
            if previous is None or len(target) < len(previous):
                table[source] = target.lower()
    return table


_CONFUSABLES: Final = _build_confusables()


def _is_spoof_source(ch: str) -> bool:
    """Tell whether mapping ``ch`` to ASCII reveals a homoglyph, not a spelling."""
    # Latin letters of Latin-1 and Extended-A (oe ligature, o and l with
    # stroke) are how people write; IPA letters, small capitals and other
    # scripts are how people disguise.
    return not ch.isascii() and (ord(ch) > 0x24F or _scripts.alias(ch) != "LATIN")


def _fold(ch: str) -> tuple[str, bool]:
    """Return the casefolded, accent-free, Latin-skeleton form of one NFKC char."""
    if ch.isascii():
        return ch.lower(), False
    base = _strip_marks(ch.casefold())
    if base.isascii():
        return base, False
    out: list[str] = []
    confusable = False
    for b in base:
        target = b if b.isascii() else _CONFUSABLES.get(b)
        if target is None and len(base) == 1:
            # Some prototypes exist only for the capital (Cyrillic VE and EN).
            target = _CONFUSABLES.get(ch)
        if target is None:
            out.append(b)
        else:
            confusable = confusable or (target.isalnum() and _is_spoof_source(b))
            out.append(target)
    return "".join(out), confusable


def _classify_blank(ch: str) -> tuple[str, int] | None:
    """Classify whitespace, invisible characters and marks, or return None."""
    cp = ord(ch)
    if ch in _VARIATION_SELECTORS:
        return "", _K_MARK
    if ch in _BLANKS:
        return " ", _K_INVISIBLE
    category = unicodedata.category(ch)
    if ch.isspace() or category in ("Zs", "Zl", "Zp"):
        return " ", 0
    if category in ("Cf", "Cc") or ch in _EXTRA_INVISIBLE:
        kind = _K_INVISIBLE
        if ch in "\u200c\u200d":
            kind |= _K_JOINER
        elif 0xE0020 <= cp <= 0xE007F:
            kind |= _K_TAG
        return "", kind
    if category in ("Mn", "Me"):
        return "", _K_MARK
    return None


def _classify(ch: str) -> tuple[str, int]:
    """Compute what one raw character becomes in stage one, and its kind."""
    if ch.isascii() and ch.isprintable():
        return ch.lower(), 0
    blank = _classify_blank(ch)
    if blank is not None:
        return blank
    cp = ord(ch)
    category = unicodedata.category(ch)
    kind = 0
    if category == "So" or 0x1F3FB <= cp <= 0x1F3FF:
        kind |= _K_EMOJI
    if category[0] == "L":
        kind |= _K_LATIN if _scripts.alias(ch) == "LATIN" else _K_OTHER_SCRIPT
    nfkc = unicodedata.normalize("NFKC", ch)
    if nfkc != ch and unicodedata.decomposition(ch).split(" ", 1)[0] in _COMPAT_TAGS:
        kind |= _K_COMPAT
    pieces: list[str] = []
    for c in nfkc:
        folded, confusable = _fold(c)
        pieces.append(folded)
        if confusable:
            kind |= _K_CONFUSABLE
    out = "".join(pieces)
    if not out.strip():
        # Spacing accents (acute, diaeresis) decompose to a space and a mark.
        return "", kind | _K_MARK
    return out, kind


class _Memo(dict[_K, _V], Generic[_K, _V]):
    """A dict that computes missing values and keeps a bounded number of them."""

    __slots__ = ("_compute",)

    def __init__(self, compute: Callable[[_K], _V]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, key: _K) -> _V:
        value = self._compute(key)
        # Bounded so a stream of rare code points cannot grow memory forever.
        if len(self) < _CACHE_LIMIT:
            self[key] = value
        return value


_TABLE: Final = _Memo(_classify)


def _is_plain(out: str, kind: int, plain_kinds: int = _PLAIN_KINDS) -> bool:
    """Tell whether a character maps to exactly one character and raises no flag."""
    return len(out) == 1 and not kind & ~plain_kinds


def _marked(cp: int, plain_kinds: int) -> str:
    """Return the output of a plain code point, or NUL to resolve it later."""
    out, kind = _TABLE[chr(cp)]
    return out if _is_plain(out, kind, plain_kinds) else "\0"


# str.translate tables: the second one also passes letters of other scripts,
# whose flags are then found by _script_flags.
_MARKED: Final = _Memo(partial(_marked, plain_kinds=_PLAIN_KINDS))
_MARKED_LETTERS: Final = _Memo(partial(_marked, plain_kinds=_PLAIN_KINDS | _K_SCRIPTS))


def _build_cp1252() -> bytes:
    """Build the byte table doing what _MARKED does, for cp1252 text."""
    table = bytearray(256)  # 0 marks "needs the slow path", as NUL does
    for byte in range(256):
        try:
            ch = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
        out, kind = _TABLE[ch]
        if _is_plain(out, kind):
            try:
                table[byte] = out.encode("cp1252")[0]
            except UnicodeEncodeError:
                continue
    return bytes(table)


# French and English chat is almost always cp1252 (accents, curly quotes,
# guillemets, euro sign, oe ligature): a byte-level translate handles it in C.
_CP1252: Final = _build_cp1252()

_WHITESPACE: Final = re.compile(r"^ +| +$| {2,}")
_SEP: Final = r"[ .\-_*·•,/+~|:]"
_NON_SPACE_SEP: Final = r"[.\-_*·•,/+~|:]"
_UNIT: Final = r"[a-z013457]"
# A unit, a separator, then at least two more units with that same separator:
# requiring the same separator keeps "y a-t-il" intact.
_SPACED: Final = re.compile(rf"(?<![^\W_]){_UNIT}({_SEP}{{1,3}}){_UNIT}(?:\1{_UNIT})+(?![^\W_])")
# Cheap necessary condition for _SPACED, run on the text padded with spaces:
# a unit between separators, ignoring " a " and " y " of ordinary prose.
_SPACED_HINT: Final = re.compile(
    rf"{_SEP}(?:[b-hj-npr-xz013457]{_SEP}|[aiyo](?:{_NON_SPACE_SEP}|(?<={_NON_SPACE_SEP}.) ))"
)
# A leet character after a letter, or before one unless it ends a number
# ("20h" and "10k" are not leetspeak).
_LEET_HINT: Final = re.compile(r"[013457@$€!|](?:(?<=[a-z].)|(?<![0-9].)(?=[a-z]))")
_ALPHA: Final = re.compile(r"[^\W\d_]")
_DIGITS: Final = re.compile(r"[0-9]+")
# A number followed by a unit or an ordinal keeps its digits: "5g", "13ans",
# "1er", "10k" are quantities, not leetspeak.
_QUANTITY: Final = re.compile(
    r"[0-9]+(?:er|ere|re|e|eme|em|nd|nde|st|rd|th|h|min|mn|s|sec|j|an|ans|k|m|g|gr|kg"
    r"|mg|cm|mm|km|ml|cl|l|eur|x|p|go|mo|ko|gb|mb|kb|w|kw|v|hz|ghz|am|pm|fps|mah)"
)
_REPEATS: Final = re.compile(r"([a-z])\1\1")
_MAX_RESOLVED: Final = 8  # beyond this many slow characters, translate instead
_NO_FLAGS: Final[frozenset[str]] = frozenset()

_Edit: TypeAlias = tuple[int, int, str, list[int]]


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalized view of a raw text with a map back to raw offsets."""

    raw: str
    text: str
    offsets: tuple[int, ...]
    invisible: int = 0
    flags: frozenset[str] = _NO_FLAGS

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map the half-open span ``[start, end)`` of ``text`` to a span of ``raw``."""
        n = len(self.text)
        if not 0 <= start <= end <= n:
            msg = f"span ({start}, {end}) outside normalized text of length {n}"
            raise ValueError(msg)
        if start == end:
            at = self.offsets[start] if start < n else len(self.raw)
            return at, at
        raw_start = self.offsets[start]
        floor = self.offsets[end - 1] + 1
        raw_end = max(self.offsets[end] if end < n else len(self.raw), floor)
        # What was dropped between two kept characters belongs to the span only
        # if it is letter-like (squeezed repeats, trailing accents), not if it
        # is a separator, a space or an invisible character.
        raw = self.raw
        while raw_end > floor and _is_filler(raw[raw_end - 1]):
            raw_end -= 1
        return raw_start, raw_end


def _is_filler(ch: str) -> bool:
    """Tell whether a raw character carries no letter, digit or accent."""
    out, kind = _TABLE[ch]
    # Leet symbols count as letters: "$" in "ß$" ends up squeezed into "s".
    return not kind & _K_MARK and not any(c.isalnum() or c in _LEET_SYMBOLS for c in out)


def _nul_for_unencodable(exc: UnicodeError) -> tuple[str, int]:
    """Encode every character cp1252 lacks as one NUL, to be resolved later."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "\0" * (exc.end - exc.start), exc.end


codecs.register_error("vigie.text.nul", _nul_for_unencodable)


def _mark(raw: str) -> tuple[str, bool]:
    """Translate ``raw`` through stage one, with NUL where a character is not plain.

    The flag is False when letters of other scripts were translated without
    being looked at, so that their flags are still to be found.
    """
    if raw.isascii() and raw.isprintable():
        return raw.lower(), True
    marked = raw.encode("cp1252", "vigie.text.nul").translate(_CP1252).decode("cp1252")
    if marked.count("\0") > _MAX_RESOLVED:
        # Emoji-rich text: one str.translate beats resolving each emoji in Python.
        marked = raw.translate(_MARKED)
        if marked.count("\0") > _MAX_RESOLVED:
            return raw.translate(_MARKED_LETTERS), False  # mostly another script
    return marked, True


def _resolve(raw: str, marked: str) -> tuple[str, list[int] | None, int, int]:
    """Expand the NUL-marked characters of ``marked`` one by one.

    Returns the stage-one text, its offsets (None when they are the identity),
    the invisible count and the OR of the kinds of the resolved characters.
    """
    table = _TABLE
    pieces: list[str] = []
    offsets: list[int] = []
    expands = False
    invisible = kinds = marks = 0
    pos = 0
    tag_ok = False
    i = marked.find("\0")
    while i != -1:
        out, kind = table[raw[i]]
        if i != pos:
            pieces.append(marked[pos:i])
            offsets.extend(range(pos, i))
            marks = 0
        if len(out) == 1:
            pieces.append(out)
            offsets.append(i)
        else:
            pieces.append(out)
            offsets.extend([i] * len(out))
            expands = True
        kinds |= kind
        if kind & _K_UNPLAIN:
            # Tags spell a subdivision flag after a black flag (🏴 + "gbsct").
            tag_ok = bool(kind & _K_TAG) and (
                (tag_ok and i == pos) or raw[i - 1 : i] == _BLACK_FLAG
            )
            if kind & _K_INVISIBLE and not (
                (kind & _K_TAG and tag_ok) or (kind & _K_JOINER and _joiner_is_legit(raw, i))
            ):
                invisible += 1
            marks = marks + 1 if kind & _K_MARK else 0
            if marks == 3:
                kinds |= _K_ZALGO
        else:
            marks = 0
            tag_ok = False
        pos = i + 1
        i = marked.find("\0", pos)
    pieces.append(marked[pos:])
    if not expands:
        return "".join(pieces), None, invisible, kinds
    offsets.extend(range(pos, len(marked)))
    return "".join(pieces), offsets, invisible, kinds


def _joiner_is_legit(raw: str, i: int) -> bool:
    """Tell whether the ZWJ/ZWNJ at ``i`` joins an emoji or a non-Latin script."""
    j = i - 1
    while j >= 0 and i - j <= 4 and raw[j] in _VARIATION_SELECTORS:
        j -= 1
    if j < 0 or i + 1 >= len(raw):
        return False
    before = _TABLE[raw[j]][1]
    after = _TABLE[raw[i + 1]][1]
    if before & _K_EMOJI and after & _K_EMOJI:
        return True
    # Persian and Indic words need ZWNJ/ZWJ between their own letters.
    return bool(before & (_K_OTHER_SCRIPT | _K_MARK) and after & _K_OTHER_SCRIPT)


def _apply(text: str, offsets: list[int] | None, edits: list[_Edit]) -> tuple[str, list[int]]:
    """Splice ordered edits into ``text``; None offsets stand for the identity."""
    pieces: list[str] = []
    new_offsets: list[int] = []
    pos = 0
    for start, stop, replacement, kept in edits:
        pieces += (text[pos:start], replacement)
        if offsets is None:
            new_offsets += range(pos, start)
            new_offsets += kept
        else:
            new_offsets += offsets[pos:start]
            new_offsets += [offsets[p] for p in kept]
        pos = stop
    pieces.append(text[pos:])
    new_offsets += range(pos, len(text)) if offsets is None else offsets[pos:]
    return "".join(pieces), new_offsets


def _whitespace_edits(text: str) -> list[_Edit]:
    """Strip the ends and turn every whitespace run into one space."""
    n = len(text)
    return [
        (m.start(), m.end(), "", [])
        if m.start() == 0 or m.end() == n
        else (m.start(), m.end(), " ", [m.start()])
        for m in _WHITESPACE.finditer(text)
    ]


def _spaced_edits(text: str) -> list[_Edit]:
    """Join single letters spelled out with a separator ("s.n.a.p")."""
    if not _SPACED_HINT.search(f" {text} "):
        return []
    edits: list[_Edit] = []
    for m in _SPACED.finditer(text):
        positions = list(range(m.start(), m.end(), len(m.group(1)) + 1))
        units = "".join(text[p] for p in positions)
        letters = [u for u in units if not u.isdigit()]
        if len(letters) < 2:
            continue
        if not m.group(1).strip(" ") and _STANDALONE_LETTERS.issuperset(letters):
            continue
        edits.append((m.start(), m.end(), units, positions))
    return edits


def _squeeze_edits(text: str) -> list[_Edit]:
    """Squeeze every letter run of a word that holds a run of three or more.

    A stretched word ("cooookkeee") is stretched everywhere, so its doubles go
    too; words without a triple keep their doubles ("coffee", "cannabis").
    """
    n = len(text)
    edits: list[_Edit] = []
    done = 0
    for m in _REPEATS.finditer(text):
        start, stop = m.span()
        if start < done:
            continue
        while start > done and text[start - 1].isalpha():
            start -= 1
        while stop < n and text[stop].isalpha():
            stop += 1
        kept = [i for i in range(start, stop) if i == start or text[i] != text[i - 1]]
        edits.append((start, stop, "".join(text[i] for i in kept), kept))
        done = stop
    return edits


def _leet_token(token: str) -> str:
    """Map leetspeak in one word; leave numbers and quantities alone."""
    if not _ALPHA.search(token) or _QUANTITY.fullmatch(token):
        return token
    chars = list(token)
    n = len(token)
    for run in _DIGITS.finditer(token):
        a, b = run.span()
        if b - a >= 2 and (a == 0 or b == n):
            continue  # "13ans", "mdma100": a number glued to a word
        for j in range(a, b):
            chars[j] = _LEET_DIGITS.get(token[j], token[j])
    for j, c in enumerate(token):
        if c not in _LEET_SYMBOLS:
            continue
        left = j > 0 and chars[j - 1].isalpha()
        right = j + 1 < n and chars[j + 1].isalpha()
        if c in _LEET_INNER:
            if left and right:
                chars[j] = _LEET_INNER[c]
        elif left or right:
            chars[j] = _LEET_EDGE[c]
    return "".join(chars)


_leet_token_cached = lru_cache(maxsize=4096)(_leet_token)


def _map_leet(text: str) -> str:
    """Map leetspeak in the words where a digit or symbol touches a letter."""
    pieces: list[str] = []
    pos = 0
    n = len(text)
    for hit in _LEET_HINT.finditer(text):
        start, stop = hit.span()
        if start < pos:
            continue
        # Inline loops: this runs per character of the words around a hit.
        while start > pos and (text[start - 1].isalnum() or text[start - 1] in _LEET_SYMBOLS):
            start -= 1
        while stop < n and (text[stop].isalnum() or text[stop] in _LEET_SYMBOLS):
            stop += 1
        pieces.append(text[pos:start])
        token = text[start:stop]
        # Words repeat across messages; huge ones are not worth a cache slot.
        pieces.append(_leet_token_cached(token) if len(token) <= 32 else _leet_token(token))
        pos = stop
    pieces.append(text[pos:])
    return "".join(pieces)


def _script_class(cp: int) -> str:
    """Return the script class of a code point for _script_flags.

    L: Latin letter, K: Latin homoglyph letter (IPA alpha), C: non-Latin
    letter with a Latin confusable, O: other letter, N: other word character,
    "": invisible or mark, space: anything that ends a word.
    """
    ch = chr(cp)
    out, kind = _TABLE[ch]
    latin = ch.isascii() or bool(kind & _K_LATIN)
    if kind & (_K_INVISIBLE | _K_MARK) and not out:
        return ""
    if not (ch.isalnum() or ch == "_"):
        return " "
    if kind & _K_CONFUSABLE:
        return "K" if latin else "C"
    if ch.isalpha():
        return "L" if latin else "O"
    return "N"


_SCRIPTS: Final = _Memo(_script_class)
# A Latin letter next to a non-Latin one within a word, in linear time.
_MIXED: Final = re.compile(r"[LK]N*[CO]|[CO]N*[LK]")


def _script_flags(raw: str, flags: set[str]) -> None:
    """Add "mixed_script" and "confusable" from a word-by-word look at ``raw``."""
    classes = raw.translate(_SCRIPTS)
    foreign = "C" in classes or "O" in classes
    if foreign and ("L" in classes or "K" in classes) and _MIXED.search(classes):
        flags.add("mixed_script")
    if "C" in classes or "K" in classes:
        # A word that turns fully Latin only thanks to confusables is a spoof;
        # Russian prose that stays partly Cyrillic is not.
        for word in classes.split():
            if "O" not in word and ("C" in word or "K" in word):
                flags.add("confusable")
                break


def _normalize(raw: str) -> NormalizedText:
    """Build the normalized view of ``raw``."""
    flags: set[str] = set()
    invisible = 0
    text, scripts_known = _mark(raw)
    offsets: list[int] | None = None
    kinds = 0
    if "\0" in text:
        text, offsets, invisible, kinds = _resolve(raw, text)
        if invisible:
            flags.add("invisible")
        if kinds & _K_COMPAT:
            flags.add("fullwidth_or_math")
        if kinds & _K_ZALGO:
            flags.add("combining")
    if not scripts_known or kinds & _K_SCRIPTS:
        _script_flags(raw, flags)
    if "  " in text or text[:1] == " " or text[-1:] == " ":
        text, offsets = _apply(text, offsets, _whitespace_edits(text))
    if _REPEATS.search(text):
        # Before joining too, so "aaa.b.c" becomes a spelled-out run.
        text, offsets = _apply(text, offsets, _squeeze_edits(text))
        flags.add("repeats")
    changed = False
    edits = _spaced_edits(text)
    if edits:
        text, offsets = _apply(text, offsets, edits)
        flags.add("spaced")
        changed = True
    if _LEET_HINT.search(text):
        mapped = _map_leet(text)
        if mapped != text:
            flags.add("leet")
            text = mapped
            changed = True
    if changed and _REPEATS.search(text):
        # "c.o.o.o.k.e" and "c000ke" only show their repeats once joined or mapped.
        text, offsets = _apply(text, offsets, _squeeze_edits(text))
        flags.add("repeats")
    return NormalizedText(
        raw=raw,
        text=text,
        offsets=tuple(range(len(text)) if offsets is None else offsets),
        invisible=invisible,
        flags=frozenset(flags) if flags else _NO_FLAGS,
    )


# Floods repeat the same message; only short ones are cached so the cache
# stays small (at most ~2048 x 280 characters with their offsets).
_normalize_cached = lru_cache(maxsize=2048)(_normalize)
_CACHE_MAX_LEN: Final = 280


def normalize(raw: str) -> NormalizedText:
    """Normalize ``raw`` for matching, keeping a map back to its offsets."""
    if len(raw) <= _CACHE_MAX_LEN:
        return _normalize_cached(raw)
    return _normalize(raw)


def skeleton(s: str) -> str:
    """Return the normalized text of ``s``, as used for lexicon terms."""
    return normalize(s).text
