"""Evasion-proof text normalization with a map back to the raw offsets.

The normalized view is what lexicons are matched against. Stage one works
per code point from memoized tables: NFKC, invisible characters removed,
casefold, accents stripped, UTS #39 confusables (data shipped by
``confusable_homoglyphs``) mapped to Latin. Stage two works on the text:
whitespace collapsed, stretched words squeezed, spelled-out letters joined,
then leetspeak mapped (after joining, so "c.0.k.3" becomes "coke"), then
squeezed again. Every character of the view remembers the raw index it
came from, and the view keeps where a second reading differs (``seams``:
blanks it may remove, ``breaks``: letters where a word may start), which
the matcher tries.

Modules, in pipeline order: ``kinds`` (per-character flag bits),
``invisible`` and ``confusables`` (what one code point is), ``tables`` (the
memoized per-code-point tables), ``translate`` (stage one), ``spacing``,
``chunks``, ``inword``, ``repeats`` and ``leet`` (stage two), ``chatwords``
(the words of prose both joiners read), ``scripts`` (mixed-script flags),
``offsets`` (the offset map and ``NormalizedText``) and ``pipeline``
(``normalize`` and ``skeleton``).
"""

from bot.text.offsets import NormalizedText
from bot.text.pipeline import normalize, skeleton

__all__ = ["NormalizedText", "normalize", "skeleton"]
