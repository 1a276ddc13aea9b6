"""Run stage one: translate raw text through the per-character tables."""

from __future__ import annotations

import codecs
from typing import Final

from bot.text.invisible import BLACK_FLAG, VARIATION_SELECTORS
from bot.text.kinds import (
    K_EMOJI,
    K_INVISIBLE,
    K_JOINER,
    K_MARK,
    K_OTHER_SCRIPT,
    K_TAG,
    K_UNPLAIN,
    K_ZALGO,
)
from bot.text.tables import CP1252, MARKED, MARKED_LETTERS, TABLE

_MAX_RESOLVED: Final = 8  # beyond this many slow characters, translate instead


def _nul_for_unencodable(exc: UnicodeError) -> tuple[str, int]:
    """Encode every character cp1252 lacks as one NUL, to be resolved later."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "\0" * (exc.end - exc.start), exc.end


codecs.register_error("vigie.text.nul", _nul_for_unencodable)


def mark(raw: str) -> tuple[str, bool]:
    """Translate ``raw`` through stage one, with NUL where a character is not plain.

    The flag is False when letters of other scripts were translated without
    being looked at, so that their flags are still to be found.
    """
    if raw.isascii() and raw.isprintable():
        return raw.lower(), True
    marked = raw.encode("cp1252", "vigie.text.nul").translate(CP1252).decode("cp1252")
    if marked.count("\0") > _MAX_RESOLVED:
        # Emoji-rich text: one str.translate beats resolving each emoji in Python.
        marked = raw.translate(MARKED)
        if marked.count("\0") > _MAX_RESOLVED:
            return raw.translate(MARKED_LETTERS), False  # mostly another script
    return marked, True


def resolve(raw: str, marked: str) -> tuple[str, list[int] | None, int, int]:
    """Expand the NUL-marked characters of ``marked`` one by one.

    Returns the stage-one text, its offsets (None when they are the identity),
    the invisible count and the OR of the kinds of the resolved characters.
    """
    table = TABLE
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
        if kind & K_UNPLAIN:
            # Tags spell a subdivision flag after a black flag (🏴 + "gbsct").
            tag_ok = bool(kind & K_TAG) and ((tag_ok and i == pos) or raw[i - 1 : i] == BLACK_FLAG)
            if kind & K_INVISIBLE and not (
                (kind & K_TAG and tag_ok) or (kind & K_JOINER and _joiner_is_legit(raw, i))
            ):
                invisible += 1
            marks = marks + 1 if kind & K_MARK else 0
            if marks == 3:
                kinds |= K_ZALGO
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
    while j >= 0 and i - j <= 4 and raw[j] in VARIATION_SELECTORS:
        j -= 1
    if j < 0 or i + 1 >= len(raw):
        return False
    before = TABLE[raw[j]][1]
    after = TABLE[raw[i + 1]][1]
    if before & K_EMOJI and after & K_EMOJI:
        return True
    # Persian and Indic words need ZWNJ/ZWJ between their own letters.
    return bool(before & (K_OTHER_SCRIPT | K_MARK) and after & K_OTHER_SCRIPT)
