"""Read the labelled example corpora the learned signal trains on."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.events import MessageCreated
from bot.replay import ReplayError, read_events, read_labels

#: The two files a corpus folder holds (the format of the dev corpus, docs/learned.md).
EVENTS, LABELS = "events.jsonl", "labels.jsonl"


class ExamplesError(ValueError):
    """Say which example corpus cannot be read and why."""


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled message: its text and the categories it carries (none when benign)."""

    id: str
    text: str
    labels: frozenset[str]


def corpora(folder: Path) -> list[Path]:
    """Return the corpus folders under `folder` (those holding both files), sorted."""
    if not folder.is_dir():
        raise ExamplesError(f"{folder}: no such folder of example corpora")
    return sorted(p for p in folder.iterdir() if (p / EVENTS).is_file() and (p / LABELS).is_file())


def read_corpus(folder: Path) -> Iterator[Example]:
    """Yield the labelled messages of one corpus folder, in stream order."""
    try:
        labels = read_labels(folder / LABELS)
        for event in read_events(folder / EVENTS, "examples"):
            if isinstance(event, MessageCreated) and event.message_id in labels:
                yield Example(event.message_id, event.text, labels[event.message_id])
    except (OSError, ReplayError) as exc:
        raise ExamplesError(f"{folder}: {exc}") from exc


def read_all(folder: Path) -> list[Example]:
    """Return every labelled message of every corpus under `folder`."""
    return [example for corpus in corpora(folder) for example in read_corpus(corpus)]


def digest(folder: Path) -> str:
    """Return a hash of the corpus files, so a cached model is rebuilt when they change."""
    sha = hashlib.sha256()
    for corpus in corpora(folder):
        for name in (EVENTS, LABELS):
            sha.update(name.encode())
            sha.update((corpus / name).read_bytes())
    return sha.hexdigest()
