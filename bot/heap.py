"""Keep full garbage collections short and rare: freeze the heap a bot builds once and keeps."""

from __future__ import annotations

import ctypes
import gc
from typing import Final

#: Collections of the middle generation between two full ones, once the heap is settled
#: (CPython's default is 10). See `settle`.
FULL_EVERY: Final = 100


def settle() -> None:
    """Collect once, move every surviving object out of the collector's reach, space full runs."""
    # The config, compiled rules, the packs' vocabulary and matchers and the learned model
    # live as long as the process; every full collection would walk all of them again (a
    # 170-200 ms pause every few thousand messages, measured with bench/throughput.py).
    # Frozen, they are left alone; objects made later are collected as usual, and a frozen
    # object no longer referenced is still freed by its reference count.
    # What is left for a full collection is the state the bot keeps on purpose (windows,
    # flags, caches), which holds no cycle: over 100,000 messages of bench/throughput.py
    # CPython's default ran 22 full collections, 25 to 90 ms each, and they freed nothing.
    # Cycles die young and go with the younger generations' frequent collections; a full
    # one now comes every `FULL_EVERY` of the middle generation's, not every 10.
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_EVERY)
    trim()


def trim() -> bool:
    """Hand the C heap's free pages back to the system; tell whether the C library can."""
    # Building the rules, the packs' matchers and the model leaves megabytes of freed
    # blocks that glibc keeps for later: 13.5 MB of 204 with 1,000 communities
    # (bench/memory.py). Other C libraries have no malloc_trim and keep them.
    try:
        release = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return False
    release(0)
    return True
