"""The media plugin: attached files by type, and media on operator-supplied hash lists."""

from __future__ import annotations

from bot.registry import Registry, Services
from plugins.media.files import Attachments, AttachmentsOptions
from plugins.media.hashes import MediaHashOptions, media_hash


def setup(registry: Registry) -> None:
    """Register the attachments and media_hash triggers."""
    registry.add_trigger(
        "attachments",
        AttachmentsOptions,
        _attachments,
        "Attached files by extension or content type (executables denied by default).",
    )
    registry.add_trigger(
        "media_hash",
        MediaHashOptions,
        media_hash,
        "Attachments whose SHA-256 or PDQ hash is on the operator's lists.",
    )


def _attachments(options: AttachmentsOptions, _services: Services) -> Attachments:
    return Attachments(options)
