"""The personal_data plugin: phone numbers, e-mails, IBANs and addresses, and doxxing."""

from __future__ import annotations

from bot.registry import Registry
from plugins.personal_data.options import DoxxingOptions, PersonalDataOptions
from plugins.personal_data.triggers import doxxing, personal_data


def setup(registry: Registry) -> None:
    """Register the personal_data and doxxing triggers."""
    registry.add_trigger(
        "personal_data",
        PersonalDataOptions,
        personal_data,
        "Private phone numbers, e-mails, IBANs and postal addresses (FR, EN), disguised too.",
    )
    registry.add_trigger(
        "doxxing",
        DoxxingOptions,
        doxxing,
        "Someone else's private data or whereabouts posted by a member (hate_harassment).",
    )
