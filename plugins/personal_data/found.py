"""What a finder reports (one piece of personal data, where it sits) and what finders share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

__all__ = ["Found", "mask", "overlaps", "word_set"]


@dataclass(frozen=True, slots=True)
class Found:
    """One piece of personal data: its kind, raw span, canonical value and nature."""

    kind: str  # phone, email, iban, card, address, plate, account, id, birthdate, …
    start: int
    end: int
    value: str
    public: bool = False
    disguised: bool = False
    detail: str = ""

    def masked(self) -> str:
        """Return the value with its middle hidden, safe to print in a report."""
        return mask(self.kind, self.value)


def word_set(text: str) -> frozenset[str]:
    """Read a space-separated word list."""
    return frozenset(text.split())


def overlaps(found: Iterable[Found], start: int, end: int) -> bool:
    """Tell whether the span ``[start, end)`` shares a character with anything found."""
    return any(f.start < end and start < f.end for f in found)


def mask(kind: str, value: str) -> str:
    """Hide the middle of a value so a summary never repeats the data in full."""
    # Addresses and whereabouts are shown as found: the kind of street and the postal code.
    return _MASKS[kind](value) if kind in _MASKS else value


def _email(value: str) -> str:
    """Keep the first letter of the local part and the whole domain."""
    local, _, domain = value.partition("@")
    return f"{local[:1]}•••@{domain}"


_MASKS: Final[dict[str, Callable[[str], str]]] = {
    "email": _email,
    # Keep the first digits and the last two, and the layout people recognise.
    "phone": lambda value: _hide_middle(value, 2, 2),
    "iban": lambda value: _hide_middle(value, 4, 2),
    "id": lambda value: _hide_middle(value, 4, 2),
    # As receipts print it: the last four digits only.
    "card": lambda value: _hide_middle(value, 0, 4),
    # The year says an age; the day and month make the person findable.
    "birthdate": lambda value: value[:4] + "-••-••",
    "plate": lambda value: value[:2] + "-•••-" + value[-2:],
    "account": lambda value: value[: 2 + value.startswith("@")] + "•••",
}


def _hide_middle(value: str, first: int, last: int) -> str:
    """Replace the letters and digits of a value with dots, but its first and last few."""
    total = sum(c.isalnum() for c in value)
    seen = 0
    out = []
    for c in value:
        if c.isalnum():
            seen += 1
            out.append(c if seen <= first or seen > total - last else "•")
        else:
            out.append(c)
    return "".join(out)
