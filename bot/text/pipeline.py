"""Run both stages of normalization and cache the results."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Final, NamedTuple

from bot.text.chunks import chunk_edits
from bot.text.inword import inword_edits
from bot.text.kinds import K_COMPAT, K_SCRIPTS, K_ZALGO
from bot.text.leet import LEET_HINT, map_leet
from bot.text.offsets import NO_FLAGS, NO_INDICES, NormalizedText, apply_edits
from bot.text.repeats import REPEATS, squeeze_edits
from bot.text.scripts import script_flags
from bot.text.spacing import spaced_edits, whitespace_edits
from bot.text.translate import mark, resolve


def _normalize(raw: str) -> NormalizedText:
    """Build the normalized view of ``raw``."""
    flags: set[str] = set()
    invisible = 0
    text, scripts_known = mark(raw)
    offsets: list[int] | None = None
    kinds = 0
    if "\0" in text:
        text, offsets, invisible, kinds = resolve(raw, text)
        if invisible:
            flags.add("invisible")
        if kinds & K_COMPAT:
            flags.add("fullwidth_or_math")
        if kinds & K_ZALGO:
            flags.add("combining")
    if not scripts_known or kinds & K_SCRIPTS:
        script_flags(raw, flags)
    if "  " in text or text[:1] == " " or text[-1:] == " ":
        text, offsets = apply_edits(text, offsets, whitespace_edits(text))
    if REPEATS.search(text):
        # Before joining too, so "aaa.b.c" becomes a spelled-out run.
        text, offsets = apply_edits(text, offsets, squeeze_edits(text))
        flags.add("repeats")
    text, offsets, spaced = _join_and_map(raw, text, offsets, flags)
    return NormalizedText(
        raw=raw,
        text=text,
        offsets=tuple(range(len(text)) if offsets is None else offsets),
        invisible=invisible,
        flags=frozenset(flags) if flags else NO_FLAGS,
        seams=spaced.seams,
        breaks=spaced.breaks,
    )


class _Readings(NamedTuple):
    """Raw indices where a second reading differs from the text (see NormalizedText)."""

    seams: frozenset[int]
    breaks: frozenset[int]


_NO_READINGS: Final = _Readings(NO_INDICES, NO_INDICES)


def _join_and_map(
    raw: str, text: str, offsets: list[int] | None, flags: set[str]
) -> tuple[str, list[int] | None, _Readings]:
    """Join spelled-out and split words, map leetspeak, then squeeze what that revealed.

    Also return where the joining leaves a second reading (see ``NormalizedText``).
    """
    changed = False
    raw_index = _raw_index(offsets)
    edits, seams, breaks = spaced_edits(text, raw, raw_index)
    readings = _NO_READINGS
    if seams or breaks:
        # Raw indices, unlike positions in the text, survive the edits that follow.
        readings = _Readings(frozenset(map(raw_index, seams)), frozenset(map(raw_index, breaks)))
    if edits:
        text, offsets = apply_edits(text, offsets, edits)
        flags.add("spaced")
        changed = True
    edits = chunk_edits(text)
    if edits:
        text, offsets = apply_edits(text, offsets, edits)
        flags.add("spaced")  # a word typed in uneven chunks, as in "co ca ine"
        changed = True
    if "." in text or "\u00b7" in text or "\u2022" in text:
        edits = inword_edits(text)
        if edits:
            text, offsets = apply_edits(text, offsets, edits)
            flags.add("spaced")  # separators inside a word, as in "s.n.a.p"
            changed = True
    if LEET_HINT.search(text):
        mapped, evasive = map_leet(text)
        if mapped != text:
            if evasive:
                flags.add("leet")
            text = mapped
            changed = True
    if changed and REPEATS.search(text):
        # "c.o.o.o.k.e" and "c000ke" only show their repeats once joined or mapped.
        text, offsets = apply_edits(text, offsets, squeeze_edits(text))
        flags.add("repeats")
    return text, offsets, readings


def _raw_index(offsets: list[int] | None) -> Callable[[int], int]:
    """Return a function giving the raw index behind a position of the current text."""
    if offsets is None:
        return int
    return offsets.__getitem__


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
