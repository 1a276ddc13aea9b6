"""Compute the hashes adapters attach to media: SHA-256 of the bytes and PDQ of the picture.

Adapters call this on the bytes they download, then drop the bytes: only the
hashes travel in events and evidence. numpy, Pillow and pdqhash are imported
on first use, so loading the plugin stays cheap.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
from dataclasses import dataclass, replace
from typing import Final

from bot.events import Attachment

__all__ = ["MediaHashes", "hash_media", "hash_media_async", "hashed", "with_hashes"]

# JPEG decoding can scale down by powers of two for free; PDQ reads a 64x64
# downsample anyway, so a 1024-pixel draft changes its bits by little.
_DRAFT: Final = (1024, 1024)


@dataclass(frozen=True, slots=True)
class MediaHashes:
    """The hashes of one file: SHA-256 always, PDQ when it decodes as a picture."""

    sha256: str
    pdq: str | None = None
    quality: int | None = None


def _pdq(data: bytes) -> tuple[str, int] | None:
    """Return the PDQ hash (64 hex digits, ThreatExchange's bit order) and its quality."""
    import numpy as np  # noqa: PLC0415 - heavy, and only needed for pictures
    import pdqhash  # noqa: PLC0415
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", _DRAFT)
            pixels = np.asarray(image.convert("RGB"))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    vector, quality = pdqhash.compute(pixels)
    # Bits in reading order, most significant first, as ThreatExchange writes them.
    packed = np.packbits(np.asarray(vector, dtype=np.uint8))
    return packed.tobytes().hex(), int(quality)


def hash_media(data: bytes) -> MediaHashes:
    """Hash a file's bytes: SHA-256, plus PDQ when the bytes are a picture."""
    sha256 = hashlib.sha256(data).hexdigest()
    pdq = _pdq(data)
    if pdq is None:
        return MediaHashes(sha256)
    return MediaHashes(sha256, pdq[0], pdq[1])


async def hash_media_async(data: bytes) -> MediaHashes:
    """Hash a file's bytes off the event loop (decoding a big picture takes a while)."""
    return await asyncio.to_thread(hash_media, data)


def with_hashes(attachment: Attachment, data: bytes) -> Attachment:
    """Return the attachment with its SHA-256 and PDQ hashes filled in from its bytes."""
    hashes = hash_media(data)
    return replace(attachment, sha256=hashes.sha256, pdq=hashes.pdq, size=len(data))


async def hashed(attachment: Attachment, data: bytes) -> Attachment:
    """Return the attachment with its hashes: PDQ for pictures (off the loop), SHA-256 always."""
    if (attachment.content_type or "").startswith("image/"):
        hashes = await hash_media_async(data)
        return replace(attachment, sha256=hashes.sha256, pdq=hashes.pdq, size=len(data))
    return replace(attachment, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
