"""Download the media of a message and hash it: the hashes travel on, the bytes do not."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.adapters.base import PlatformError
from bot.adapters.matrix.client import MatrixClient
from bot.adapters.matrix.translate import Media
from bot.events import Attachment
from bot.mediahash import hashed as with_media_hashes

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
        hashed.append(await with_media_hashes(attachment, data))
    return tuple(hashed)
