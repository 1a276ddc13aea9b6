"""Read the labelled example corpora the learned signal trains on."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.events import MessageCreated
from bot.replay import ReplayError, read_events, read_labels
from bot.text import normalize
from plugins.learned.thread import NO_THREAD, Thread, threads

#: The two files a corpus folder holds (the format of the dev corpus, docs/learned.md).
EVENTS, LABELS = "events.jsonl", "labels.jsonl"


class ExamplesError(ValueError):
    """Say which example corpus cannot be read and why."""


@dataclass(frozen=True, slots=True)
class Example:
    """Hold one labelled message: its text, its categories (none when benign), its thread."""

    id: str
    text: str
    labels: frozenset[str]
    thread: Thread = NO_THREAD


def corpora(folder: Path) -> list[Path]:
    """Return the corpus folders under `folder` (those holding both files), sorted."""
    if not folder.is_dir():
        raise ExamplesError(f"{folder}: no such folder of example corpora")
    return sorted(p for p in folder.iterdir() if (p / EVENTS).is_file() and (p / LABELS).is_file())


def read_corpus(folder: Path) -> Iterator[Example]:
    """Yield the labelled messages of one corpus folder, in stream order, with their thread."""
    try:
        labels = read_labels(folder / LABELS)
        messages = [
            event
            for event in read_events(folder / EVENTS, "examples")
            if isinstance(event, MessageCreated)
        ]
    except (OSError, ReplayError) as exc:
        raise ExamplesError(f"{folder}: {exc}") from exc
    # Every message of the stream, labelled or not, is part of the thread of the next ones.
    seen = (
        (m.message_id, m.room, m.member.id, m.ts.timestamp(), normalize(m.text).text)
        for m in messages
    )
    for event, (_, thread) in zip(messages, threads(seen), strict=True):
        if event.message_id in labels:
            yield Example(event.message_id, event.text, labels[event.message_id], thread)


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
