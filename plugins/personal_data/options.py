"""Options of the personal_data and doxxing triggers: kinds, regions, what is public, cues."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import Field

from bot.categories import Severity
from bot.durations import Duration
from bot.registry import Options

__all__ = ["DoxxingOptions", "Kind", "PersonalDataOptions"]

Kind = Literal["phone", "email", "iban", "card", "address", "plate", "account", "id", "birthdate"]


def _default_kinds() -> list[Kind]:
    """Return the kinds that fire unless configured otherwise."""
    return ["phone", "email", "iban", "card", "address", "plate", "account", "id", "birthdate"]


class PersonalDataOptions(Options):
    """Say which personal data count, where phone numbers come from, and what is public."""

    kinds: list[Kind] = Field(
        default_factory=_default_kinds,
        description="Kinds of data that fire; a licence `plate` (French AA-123-AA, British "
        "AB12 CDE, or any layout right after a plate word) fires only as someone else's, a "
        "social `account` (a handle after the network's name) only as someone else's with a "
        "call to pile on; `id` is a passport, social security, national insurance or student "
        "number named as such; `card` a payment card number (check digit or card words); "
        "`birthdate` a date of birth with its year after a word saying so (née le, DOB).",
    )
    regions: list[str] = Field(
        default_factory=lambda: ["FR", "US", "GB"],
        min_length=1,
        description="Regions for numbers written without a country code; the first is the "
        "default (any region reads +33, +44... numbers).",
    )
    public_numbers: bool = Field(
        default=False,
        description="Also fire on toll-free, shared-cost, premium-rate and company numbers.",
    )
    public_context: bool = Field(
        default=True,
        description="Let business words (their number, la pizzeria, the dentist, a work "
        "address) mark data as public when nothing says it is the author's or someone else's; "
        "a number spelled out or disguised is never a business's.",
    )
    allow_role_emails: bool = Field(
        default=True, description="Let contact@, support@, info@... of a company domain pass."
    )
    rib: bool = Field(default=True, description="Also read French RIBs (bank, branch, key).")
    hidden_emails: bool = Field(
        default=True, description='Also read e-mails written out: "jean (at) example (dot) com".'
    )
    mentions_are_third_party: bool = Field(
        default=True,
        description="Data posted with an @mention and no word saying it is the author's own "
        "counts as someone else's.",
    )
    memory: Duration = Field(
        default=timedelta(minutes=30),
        description="After a member posts someone else's data, their further data within this "
        "window counts as someone else's too.",
    )
    third_party_cues: list[str] = Field(
        default_factory=list, description="More phrases saying the data is someone else's."
    )
    own_cues: list[str] = Field(
        default_factory=list, description="More phrases saying the data is the author's own."
    )
    public_cues: list[str] = Field(
        default_factory=list, description="More phrases saying the data is a business's."
    )
    severity: Severity = Field(
        default=Severity.MEDIUM, description="Severity for the author's own data."
    )


class DoxxingOptions(PersonalDataOptions):
    """Options of the doxxing trigger: the same, plus where someone lives or works."""

    whereabouts: bool = Field(
        default=True,
        description="Also fire on someone else's home, work or school named with a street or "
        "a schedule, when the message urges others to act or follows other doxxing, and on "
        "their room or class given with a time or a trip (a routine); also on a person "
        "described (school and class, workplace, floor or door, IP address) with a push "
        "to act on it.",
    )
