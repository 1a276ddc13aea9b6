"""Per-character kind bits, OR-ed into one int per message.

One int per message means the flags cost nothing when a message has none.
"""

from typing import Final

K_INVISIBLE: Final = 1
K_JOINER: Final = 2  # ZWJ/ZWNJ: legitimate inside emoji and some scripts
K_TAG: Final = 4  # tag characters: legitimate after a black flag only
K_CONFUSABLE: Final = 8
K_COMPAT: Final = 16
K_MARK: Final = 32
K_LATIN: Final = 64
K_OTHER_SCRIPT: Final = 128
K_EMOJI: Final = 256
K_ZALGO: Final = 512  # three or more stacked combining marks
K_SCRIPTS: Final = K_OTHER_SCRIPT | K_CONFUSABLE
# A plain character maps to one character and needs no look at its neighbours.
PLAIN_KINDS: Final = K_LATIN | K_EMOJI
K_UNPLAIN: Final = ~PLAIN_KINDS
