"""French registration plates (SIV form AA-123-AA)."""

from __future__ import annotations

import re
from typing import Final

from plugins.personal_data.found import Found

__all__ = ["find_plates"]

_PLATE: Final = re.compile(r"(?<![\w-])([A-HJ-NP-TV-Z]{2})-(\d{3})-([A-HJ-NP-TV-Z]{2})(?![\w-])")


def find_plates(raw: str) -> list[Found]:
    """Find French registration plates in the SIV form AA-123-AA."""
    return [
        Found(kind="plate", start=m.start(), end=m.end(), value=m.group())
        for m in _PLATE.finditer(raw)
        if m.group(1) not in ("SS", "WW")
    ]
