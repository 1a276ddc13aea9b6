"""The `media_hash` trigger: attachments whose SHA-256 or PDQ hash is on an operator's list.

Lists are text files, one 64-digit hex hash per line, ``# comments`` allowed.
A PDQ hash matches when at most ``threshold`` of its 256 bits differ (31 is
the threshold PDQ's authors call a confident match). Large lists are searched
with a multi-index: the 256 bits are cut into sixteen 16-bit chunks, and two
hashes within distance d share at least one chunk within d // 16 bits, so
only the few entries that share such a chunk are compared in full.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import ClassVar, Final

from pydantic import Field, model_validator

from bot.categories import Category, Severity
from bot.context import Context
from bot.events import Event, MessageCreated
from bot.registry import Options, Services
from bot.rules import Match

__all__ = [
    "HashListError",
    "MediaHash",
    "MediaHashOptions",
    "PdqIndex",
    "media_hash",
    "pdq_distance",
    "read_hash_list",
]

_HEX64: Final = re.compile(r"[0-9a-fA-F]{64}")
_CHUNKS: Final = 16
_CHUNK_BITS: Final = 16
_CHUNK_MASK: Final = (1 << _CHUNK_BITS) - 1
#: Up to this many hashes a plain scan is as fast as the index.
LINEAR_MAX: Final = 256


class HashListError(ValueError):
    """Say that a hash list file cannot be used, naming the file and line."""


def read_hash_list(path: Path) -> list[str]:
    """Read one lowercase hex hash per line; blank lines and ``# comments`` are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise HashListError(f"{path}: cannot read the hash list: {exc}") from exc
    hashes: list[str] = []
    for number, line in enumerate(lines, 1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        token = re.split(r"[\s,;]+", content, maxsplit=1)[0]
        if not _HEX64.fullmatch(token):
            raise HashListError(f"{path}:{number}: not a 64-digit hex hash: {token[:70]!r}")
        hashes.append(token.lower())
    return hashes


@cache
def _flips(radius: int) -> tuple[int, ...]:
    """Return every 16-bit mask with at most ``radius`` bits set, the empty one first."""
    masks = [0]
    for bits in range(1, radius + 1):
        for chosen in combinations(range(_CHUNK_BITS), bits):
            mask = 0
            for bit in chosen:
                mask |= 1 << bit
            masks.append(mask)
    return tuple(masks)


class PdqIndex:
    """Find the nearest listed PDQ hash within a Hamming distance."""

    __slots__ = ("_hashes", "_tables")

    def __init__(self, hashes: Iterable[int]) -> None:
        self._hashes: tuple[int, ...] = tuple(hashes)
        self._tables: tuple[dict[int, list[int]], ...] | None = None
        if len(self._hashes) > LINEAR_MAX:
            tables: list[dict[int, list[int]]] = [{} for _ in range(_CHUNKS)]
            for index, value in enumerate(self._hashes):
                for chunk, table in enumerate(tables):
                    key = (value >> (chunk * _CHUNK_BITS)) & _CHUNK_MASK
                    table.setdefault(key, []).append(index)
            self._tables = tuple(tables)

    def __len__(self) -> int:
        return len(self._hashes)

    def nearest(self, query: int, threshold: int) -> tuple[int, int] | None:
        """Return (distance, index) of the closest hash within ``threshold``, or None."""
        hashes = self._hashes
        if self._tables is None:
            candidates: Iterable[int] = range(len(hashes))
        else:
            candidates = self._candidates(query, threshold)
        best: tuple[int, int] | None = None
        for index in candidates:
            distance = (query ^ hashes[index]).bit_count()
            if distance <= threshold and (best is None or distance < best[0]):
                best = (distance, index)
                if distance == 0:
                    break
        return best

    def _candidates(self, query: int, threshold: int) -> set[int]:
        assert self._tables is not None
        masks = _flips(threshold // _CHUNKS)
        found: set[int] = set()
        for chunk, table in enumerate(self._tables):
            key = (query >> (chunk * _CHUNK_BITS)) & _CHUNK_MASK
            for mask in masks:
                bucket = table.get(key ^ mask)
                if bucket:
                    found.update(bucket)
        return found


def _resolve(name: str, packs_dir: object) -> Path:
    """Find a list file: absolute, else under the packs folder, else from the working folder."""
    path = Path(name).expanduser()
    if path.is_absolute():
        return path
    tried = []
    if packs_dir is not None:
        tried.append(Path(str(packs_dir)) / path)
    tried.append(Path.cwd() / path)
    for candidate in tried:
        if candidate.is_file():
            return candidate
    raise HashListError(f"hash list {name!r} not found in {', '.join(map(str, tried))}")


@dataclass(frozen=True, slots=True)
class _Lists:
    sha256: dict[str, str]
    pdq: PdqIndex
    pdq_names: tuple[str, ...]


class MediaHashOptions(Options):
    """Hash lists the operator supplies; the media itself is never kept, only its hashes."""

    sha256: list[str] = Field(
        default_factory=list, description="Files of SHA-256 hashes (exact copies)."
    )
    pdq: list[str] = Field(
        default_factory=list, description="Files of PDQ hashes (visually similar images)."
    )
    threshold: int = Field(
        default=31, ge=0, le=80, description="Most PDQ bits (of 256) that may differ."
    )
    category: Category = Field(description="What the listed media are, e.g. child_safety.")

    @model_validator(mode="after")
    def _some_list(self) -> MediaHashOptions:
        if not self.sha256 and not self.pdq:
            raise ValueError("give sha256 or pdq list files")
        return self


class MediaHash:
    """Fire when an attachment's SHA-256 or PDQ hash is on a list."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: MediaHashOptions, packs_dir: object = None) -> None:
        self._options = options
        self._lists = _load(options, packs_dir)

    async def match(self, ctx: Context) -> Match | None:
        """Match the first attachment whose hash is listed."""
        event = ctx.event
        if not isinstance(event, MessageCreated) or not event.attachments:
            return None
        lists = self._lists
        for attachment in event.attachments:
            sha = attachment.sha256
            if sha is not None and (listed := lists.sha256.get(sha.lower())) is not None:
                return self._match(attachment.filename, f"the SHA-256 list {listed}", "sha256")
            if attachment.pdq is not None and len(lists.pdq):
                try:
                    query = int(attachment.pdq, 16)
                except ValueError:
                    continue
                near = lists.pdq.nearest(query, self._options.threshold)
                if near is not None:
                    distance, index = near
                    where = f"the PDQ list {lists.pdq_names[index]} (distance {distance})"
                    return self._match(attachment.filename, where, "pdq")
        return None

    def _match(self, filename: str, where: str, kind: str) -> Match:
        category = self._options.category
        severity = Severity.CRITICAL if category is Category.CHILD_SAFETY else Severity.HIGH
        return Match(
            category=category,
            severity=severity,
            summary=f"{filename} matches {where}",
            signals=(f"media.{kind}",),
        )


def _load(options: MediaHashOptions, packs_dir: object) -> _Lists:
    sha256: dict[str, str] = {}
    for name in options.sha256:
        path = _resolve(name, packs_dir)
        for value in read_hash_list(path):
            sha256.setdefault(value, path.name)
    pdq: dict[int, str] = {}
    for name in options.pdq:
        path = _resolve(name, packs_dir)
        for value in read_hash_list(path):
            pdq.setdefault(int(value, 16), path.name)
    return _Lists(sha256, PdqIndex(pdq), tuple(pdq.values()))


def media_hash(options: MediaHashOptions, services: Services) -> MediaHash:
    """Build the trigger, reading its lists now so a bad file fails before any message."""
    return MediaHash(options, services.packs_dir)


def pdq_distance(a: str, b: str) -> int:
    """Return the Hamming distance of two hex PDQ hashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
