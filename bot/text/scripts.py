"""Flag words that mix scripts or spell Latin with homoglyphs."""

from __future__ import annotations

import re
from typing import Final

from bot.text.kinds import K_CONFUSABLE, K_INVISIBLE, K_LATIN, K_MARK
from bot.text.tables import TABLE, Memo


def _script_class(cp: int) -> str:
    """Return the script class of a code point for script_flags.

    L: Latin letter, K: Latin homoglyph letter (IPA alpha), C: non-Latin
    letter with a Latin confusable, O: other letter, N: other word character,
    "": invisible or mark, space: anything that ends a word.
    """
    ch = chr(cp)
    out, kind = TABLE[ch]
    latin = ch.isascii() or bool(kind & K_LATIN)
    if kind & (K_INVISIBLE | K_MARK) and not out:
        return ""
    if not (ch.isalnum() or ch == "_"):
        return " "
    if kind & K_CONFUSABLE:
        return "K" if latin else "C"
    if ch.isalpha():
        return "L" if latin else "O"
    return "N"


_SCRIPTS: Final = Memo(_script_class)
# A Latin letter next to a non-Latin one within a word, in linear time.
_MIXED: Final = re.compile(r"[LK]N*[CO]|[CO]N*[LK]")


def script_flags(raw: str, flags: set[str]) -> None:
    """Add "mixed_script" and "confusable" from a word-by-word look at ``raw``."""
    classes = raw.translate(_SCRIPTS)
    foreign = "C" in classes or "O" in classes
    if foreign and ("L" in classes or "K" in classes) and _MIXED.search(classes):
        flags.add("mixed_script")
    if "C" in classes or "K" in classes:
        # A word that turns fully Latin only thanks to confusables is a spoof when
        # it sits in Latin text; Russian prose ("тот кот", "привет всем") is not.
        latin_text = "L" in classes and "O" not in classes
        for word in classes.split():
            if "O" not in word and ("K" in word or ("C" in word and latin_text)):
                flags.add("confusable")
                break
