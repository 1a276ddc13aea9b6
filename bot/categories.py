"""The fixed harm categories and severities that reports, exports and evaluation share."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema


class Category(StrEnum):
    """Name what kind of harm a match is about."""

    CHILD_SAFETY = "child_safety"
    SEXUAL_SERVICES = "sexual_services"
    DRUGS = "drugs"
    LURING = "luring"
    PERSONAL_DATA = "personal_data"
    SPAM = "spam"
    SCAM = "scam"
    HATE_HARASSMENT = "hate_harassment"
    RAID = "raid"


class Severity(IntEnum):
    """Rank how urgently moderators must look at a match."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4


#: Categories whose reports ping the on-call moderators and whose evidence is always kept.
URGENT_CATEGORIES = frozenset({Category.CHILD_SAFETY, Category.LURING})


def _severity(value: object) -> object:
    if isinstance(value, str) and value.upper() in Severity.__members__:
        return Severity[value.upper()]
    return value


#: A severity as written in YAML: low, medium, high or critical.
SeverityLevel = Annotated[
    Severity,
    BeforeValidator(_severity),
    PlainSerializer(lambda s: s.name.lower(), return_type=str),
    WithJsonSchema({"enum": ["low", "medium", "high", "critical"]}),
]
