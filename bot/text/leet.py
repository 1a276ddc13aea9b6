"""Map leetspeak ("c0k3") in the words where a digit or symbol touches a letter."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

_LEET_DIGITS: Final = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"}
_VOWELS: Final = frozenset("aeiouy")
_LEET_INNER: Final = {"!": "i", "|": "l"}  # between two letters
# A bar glued to the start of a word ("|ivraison") is a letter too; a bar beside
# another ("||spoiler||"), a blank ("Lily | 13") or at a word's end ("dispo|") is
# not. "!" there is punctuation or a bot command ("!help").
_LEET_EDGE_BAR: Final = "|"
_LEET_EDGE: Final = {"@": "a", "$": "s", "€": "e"}  # next to a letter
LEET_SYMBOLS: Final = frozenset(_LEET_INNER) | frozenset(_LEET_EDGE)
# A leet character after a letter, or before one unless it ends a number
# ("20h" and "10k" are not leetspeak), or the second of two leet digits
# opening a word ("31ghth").
# Or a digit before the o's of an amount typed with letters ("8OO €", see `_O_NUMBER`).
LEET_HINT: Final = re.compile(
    r"[013457@$€!|](?:(?<=[a-z].)|(?<![0-9].)(?=[a-z])|(?<=[013457].)(?<![0-9a-z]..)(?=[a-z]))"
    r"|[0-9](?=[0o]{2})(?=[0o]*o)"
)
_ALPHA: Final = re.compile(r"[^\W\d_]")
_DIGITS: Final = re.compile(r"[0-9]+")
# A link or an e-mail address, judged on the space-delimited chunk around a word.
_ADDRESS: Final = re.compile(
    r"://|^\W*www\.|[a-z0-9]\.(?:com|net|org|fr|io|gg|co|me|ly|ru|xyz|app|gift|be|ch|uk|de|tk"
    r"|info|site|online|shop|top|click|link|to)\b|[a-z0-9]@[a-z0-9-]+\.[a-z]"
)
# A number followed by a unit or an ordinal keeps its digits: "5g", "13ans",
# "1er", "10k" are quantities, not leetspeak.
_QUANTITY: Final = re.compile(
    r"[0-9]+(?:er|ere|re|e|eme|em|nd|nde|st|rd|th|h|min|mn|s|sec|j|an|ans|k|m|g|gr|kg"
    r"|mg|cm|mm|km|ml|cl|l|eur|x|p|go|mo|ko|gb|mb|kb|w|kw|v|hz|ghz|am|pm|fps|mah|hr|hrs)"
    r"|[0-9]{1,2}h[0-9]{2}|v[0-9]+"  # a time ("1h30") or a version ("v1")
)
_VOWEL_RUN: Final = re.compile(r"[aeiouy]")
# Letters of a word with no vowel: its edge digits must be the vowels ("31ghth").
_MIN_VOWELLESS: Final = 3
_MAX_LEET_EDGE: Final = 2
_DOUBLED_VOWELS: Final = frozenset({"00", "33"})
# Two or three consonants and one digit name a product or a model ("ps5", "mp3", "ds4"):
# no word hides behind them.
_MODEL_NAME: Final = re.compile(r"[bcdfghjklmnpqrstvwxz]{2,3}[0-9]")
_MIN_DOUBLED: Final = 2
# A number whose zeros are typed as the letter o ("5OO€", "1OO", "2ooo"): reversed
# leetspeak, to slip an amount past a filter. Two o's at least: "5o" may be "so".
_O_NUMBER: Final = re.compile(r"[1-9][0-9]*(?=[0o]*o)[0o]{2,}[€$]?")


def _leet_token(token: str) -> str:
    """Map leetspeak in one word; leave numbers and quantities alone."""
    if _O_NUMBER.fullmatch(token):
        return token.replace("o", "0")
    if not _ALPHA.search(token) or _QUANTITY.fullmatch(token) or _MODEL_NAME.fullmatch(token):
        return token
    chars = list(token)
    n = len(token)
    runs = [run.span() for run in _DIGITS.finditer(token)]
    edges_are_leet = _edges_are_leet(token, runs)
    for a, b in runs:
        trailing_ll = token[a:b] == "11" and b == n and a > 0 and token[a - 1] in _VOWELS
        if b - a >= 2 and (a == 0 or b == n) and not trailing_ll and not edges_are_leet:
            continue  # "13ans", "mdma100": a number glued to a word; "ki11" is "kill"
        double_one = token[a:b] == "11"
        for j in range(a, b):
            chars[j] = _LEET_DIGITS.get(token[j], token[j])
            if token[j] == "1" and (double_one or _between_vowels(chars, j)):
                chars[j] = "l"  # "ki11", "a1one": "1" stands for "l" there, for "i" elsewhere
    for j, c in enumerate(token):
        if c not in LEET_SYMBOLS:
            continue
        left = j > 0 and chars[j - 1].isalpha()
        right = j + 1 < n and chars[j + 1].isalpha()
        if c in _LEET_INNER:
            opens = c == _LEET_EDGE_BAR and j == 0 and n >= 3 and token[1:3].isalpha()
            if (left and right) or opens:
                chars[j] = _LEET_INNER[c]
        elif left or right:
            chars[j] = _LEET_EDGE[c]
    return "".join(chars)


def _edges_are_leet(token: str, runs: list[tuple[int, int]]) -> bool:
    """Tell whether digit runs at a word's ends are leetspeak, not a number glued to it.

    They are when every edge run is two leet digits and the word has more
    leet inside ("r3nc0ntr35", "53ll1ng"), or when its letters have no vowel
    the digits do not supply ("31ghth", "fr33"); "covid19" and "mdma100" keep theirs.
    """
    n = len(token)
    edges = [(a, b) for a, b in runs if b - a >= 2 and (a == 0 or b == n)]
    if not edges or any(b - a > _MAX_LEET_EDGE for a, b in edges):
        return False  # "p4y150": three digits and more are a number
    if not all(c in _LEET_DIGITS for a, b in edges for c in token[a:b]):
        return False
    if any(a > 0 and b < n for a, b in runs):
        return True
    letters = "".join(c for c in token if c.isalpha())
    if _VOWEL_RUN.search(letters):
        return False
    # Two letters are enough when the digits are one doubled vowel ("fr33", "t00"); a
    # game's number ("ff14", "mk11") is not.
    doubled = all(token[a:b] in _DOUBLED_VOWELS for a, b in edges)
    return len(letters) >= (_MIN_DOUBLED if doubled else _MIN_VOWELLESS)


def _between_vowels(chars: list[str], j: int) -> bool:
    """Tell whether position ``j`` sits between two vowels, where "i" is rare and "l" common."""
    return 0 < j < len(chars) - 1 and chars[j - 1] in _VOWELS and chars[j + 1] in _VOWELS


_leet_token_cached = lru_cache(maxsize=4096)(_leet_token)


def in_address(text: str, start: int, stop: int) -> bool:
    """Tell whether a word lies in a link or an e-mail address, where digits are no disguise."""
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", stop)
    return _ADDRESS.search(text[left : len(text) if right == -1 else right]) is not None


def map_leet(text: str) -> tuple[str, bool]:
    """Map leetspeak in the words where a digit or symbol touches a letter.

    Returns the mapped text and whether a word outside links and e-mail
    addresses changed: that is evasion, "t.co/4bc1" is not. An @mention keeps
    its name as typed ("@m4rie" is someone, not "amarie").
    """
    pieces: list[str] = []
    pos = 0
    n = len(text)
    evasive = False
    for hit in LEET_HINT.finditer(text):
        start, stop = hit.span()
        if start < pos:
            continue
        # Inline loops: this runs per character of the words around a hit.
        while start > pos and (text[start - 1].isalnum() or text[start - 1] in LEET_SYMBOLS):
            start -= 1
        while stop < n and (text[stop].isalnum() or text[stop] in LEET_SYMBOLS):
            stop += 1
        pieces.append(text[pos:start])
        token = text[start:stop]
        pos = stop
        if token[0] == "@" and (start == 0 or not text[start - 1].isalnum()):
            pieces.append(token)  # a mention
            continue
        # Words repeat across messages; huge ones are not worth a cache slot.
        mapped = _leet_token_cached(token) if len(token) <= 32 else _leet_token(token)
        if mapped != token:
            if not in_address(text, start, stop):
                evasive = True
            elif "@" in token:
                mapped = token  # an e-mail address keeps its "@"
        pieces.append(mapped)
    pieces.append(text[pos:])
    return "".join(pieces), evasive
