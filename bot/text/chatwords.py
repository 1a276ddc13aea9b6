"""Own the list of short and chat words that tell prose from a word cut into pieces.

"il y a", "to be or", "gg wp", "ok.tu viens" are words typed as such; "co ca ine" and
"pé.do" are one word cut up. Both the chunk joiner and the in-word joiner read this list.
"""

from __future__ import annotations

from typing import Final

# French and English words of one to three letters, chat abbreviations, and the
# greetings and fillers that open or close a sentence (next to a dot typed without
# its space: "merci.bonne soirée").
# fmt: off
CHAT_WORDS: Final = frozenset({
    # French
    "a", "y", "o", "l", "d", "j", "m", "n", "s", "t", "c", "qu", "au", "ai", "as", "aux",
    "ca", "ce", "ci", "de", "des", "du", "el", "en", "es", "est", "et", "eu", "il", "ils",
    "je", "la", "le", "les", "lui", "ma", "me", "mes", "moi", "mon", "ne", "ni", "nos",
    "on", "ont", "ou", "par", "pas", "peu", "qui", "que", "sa", "se", "ses", "si", "son",
    "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "va", "vas", "vu", "vos",
    "ici", "oui", "non", "bon", "bien", "fin", "mal", "ok", "oki", "top", "vie", "jeu",
    "mec", "ben", "bah", "eh", "ah", "oh", "euh", "ouf", "hein", "dis", "dit", "fait",
    "fai", "tout", "elle", "mais", "donc", "alors", "voila", "quoi", "bref", "ouais",
    "merci", "salut", "coucou", "bonjour", "bonsoir",
    "mdr", "lol", "ptdr", "jpp", "stp", "svp", "tkt", "wsh", "cc", "slt", "jsp", "bg",
    "dsl", "pk", "pq", "bcp", "tjr", "tt", "ds", "ya", "xd", "ui", "nn", "kk", "mp",
    "mr", "mme", "dr", "st", "ste", "vs", "etc", "ps", "nb", "cv", "rdv", "svt", "cm",
    "fr", "nul", "www",
    # English
    "i", "am", "an", "and", "any", "are", "at", "be", "but", "by", "can", "do", "for",
    "get", "go", "got", "had", "has", "he", "her", "hi", "him", "his", "how", "if", "in",
    "is", "it", "its", "im", "let", "my", "no", "nor", "not", "now", "of", "off", "old",
    "one", "or", "our", "out", "own", "say", "see", "she", "so", "the", "too", "to",
    "two", "up", "us", "was", "way", "we", "who", "why", "yes", "yet", "you", "u", "ur",
    "r", "hey", "bye", "yeah", "thanks", "sorry",
    "gg", "wp", "ez", "gl", "hf", "bb", "tg", "dm", "pm", "rt", "fyi", "btw", "irl",
    "tbh", "idk", "omg", "wtf", "nvm", "np", "ty", "thx", "ily", "brb", "afk", "bro",
    "sis", "lmao", "ofc", "pls", "plz", "yo", "ye", "yea",
})
# fmt: on
