"""Own the short and chat words that tell prose from a word cut into pieces.

"il y a", "to be or", "gg wp" are words typed as such, "co ca ine" one word cut up:
the chunk joiner reads ``CHAT_WORDS``. "ok.tu viens" is a missing space after a full
stop, "ni.que" a word cut up: the in-word joiner reads ``SENTENCE_WORDS``, the chat
words that end or open a sentence, a subset of ``CHAT_WORDS``.
"""

from __future__ import annotations

from typing import Final

# Greetings, fillers, pronouns and chat abbreviations that end or open a sentence.
# fmt: off
SENTENCE_WORDS: Final = frozenset({
    # French
    "ok", "oki", "oui", "non", "ouais", "mdr", "lol", "ptdr", "stp", "svp", "merci", "tu",
    "je", "il", "elle", "on", "et", "la", "le", "les", "de", "un", "une", "ca", "moi",
    "toi", "bon", "bah", "ben", "bref", "mais", "donc", "alors", "voila", "quoi", "hein",
    "wsh", "yo", "cc", "slt", "jsp", "tkt", "ah", "oh", "eh", "euh", "ouf", "salut",
    "coucou", "bonjour", "bonsoir", "dsl", "ps", "nb", "etc", "vs", "mr", "mme", "dr", "st",
    # English
    "the", "and", "you", "yes", "no", "yeah", "so", "it", "is", "im", "hi", "hey", "bye",
    "thanks", "thx", "ty", "pls", "plz", "sorry", "www",
})
# French and English words of one to three letters and chat abbreviations: a run of
# chunks made mostly of these is prose.
CHAT_WORDS: Final = SENTENCE_WORDS | frozenset({
    # French, with the elided letters ("l", "d", "j") and words typed as they sound
    "a", "y", "o", "l", "d", "j", "m", "n", "s", "t", "c", "qu", "au", "ai", "as", "aux",
    "ce", "ci", "des", "du", "el", "en", "es", "est", "eu", "ils", "lui", "ma", "me",
    "mes", "mon", "ne", "ni", "nos", "ont", "ou", "par", "pas", "peu", "qui", "que", "sa",
    "se", "ses", "si", "son", "sur", "ta", "te", "tes", "ton", "va", "vas", "vu", "vos",
    "ici", "bien", "fin", "mal", "top", "vie", "jeu", "mec", "dis", "dit", "fait", "fai",
    "tout", "jpp", "bg", "pk", "pq", "bcp", "tjr", "tt", "ds", "ya", "xd", "ui", "nn",
    "kk", "mp", "ste", "cv", "rdv", "svt", "cm", "fr", "nul",
    "ke", "ki", "koi", "pa", "fo", "tro", "kan",
    # English
    "i", "am", "an", "any", "are", "at", "be", "but", "by", "can", "do", "for", "get",
    "go", "got", "had", "has", "he", "her", "him", "his", "how", "if", "in", "its", "let",
    "my", "nor", "not", "now", "of", "off", "old", "one", "or", "our", "out", "own", "say",
    "see", "she", "too", "to", "two", "up", "us", "was", "way", "we", "who", "why",
    "yet", "u", "ur", "r", "gg", "wp", "ez", "gl", "hf", "bb", "tg", "dm", "pm", "rt",
    "fyi", "btw", "irl", "tbh", "idk", "omg", "wtf", "nvm", "np", "ily", "brb", "afk",
    "bro", "sis", "lmao", "ofc", "ye", "yea",
})
# fmt: on
