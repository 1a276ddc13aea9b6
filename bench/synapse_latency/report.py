"""Print the figures: one JSON object a line, and percentiles rounded the same way."""

from __future__ import annotations

import json
import math
import sys
from typing import Any


def out(record: dict[str, Any]) -> None:
    """Print one record as a JSON line, at once."""
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def pct(values: list[float], p: float) -> float | None:
    """Return the `p` quantile (nearest rank) to 0.1, or None without values."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, math.ceil(p * len(ordered)) - 1)], 1)
