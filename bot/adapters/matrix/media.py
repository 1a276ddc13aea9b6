"""Download the media of a message and hash it: the hashes travel on, the bytes do not."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import replace

from bot.adapters.base import PlatformError
from bot.adapters.matrix.client import MatrixClient
from bot.adapters.matrix.translate import Media
from bot.events import Attachment

#: Files announced larger than this are not downloaded; their event goes on unhashed.
MAX_DOWNLOAD = 25 * 1024 * 1024


async def hash_attachments(
    client: MatrixClient, media: Sequence[Media], log: logging.Logger
) -> tuple[Attachment, ...]:
    """Return the attachments with their SHA-256 (and PDQ for pictures when available)."""
    hashed = []
    for item in media:
        attachment = item.attachment
        if attachment.size is not None and attachment.size > MAX_DOWNLOAD:
            hashed.append(attachment)
            continue
        try:
            data = await client.download(item.mxc)
        except PlatformError as err:
            # A missing hash weakens only hash rules; the text rules still see the message.
            log.warning("cannot download %s: %s", item.mxc, err)
            hashed.append(attachment)
            continue
        hashed.append(await _hashed(attachment, data))
    return tuple(hashed)


async def _hashed(attachment: Attachment, data: bytes) -> Attachment:
    picture = (attachment.content_type or "").startswith("image/")
    if picture:
        try:
            from plugins.media.hashing import hash_media_async  # noqa: PLC0415 - optional extra
        except ImportError:
            pass
        else:
            try:
                hashes = await hash_media_async(data)
            except ImportError:
                pass  # numpy, Pillow or pdqhash missing: SHA-256 alone below
            else:
                return replace(attachment, sha256=hashes.sha256, pdq=hashes.pdq, size=len(data))
    return replace(attachment, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
