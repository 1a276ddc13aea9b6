"""Read the labelled example corpora the learned signal trains on."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.categories import Category
from bot.events import MessageCreated
from bot.replay import ReplayError, read_events, read_labels
from bot.text import normalize
from plugins.learned.thread import NO_THREAD, Thread, threads

#: The two files a corpus folder holds (the format of the dev corpus, docs/learned.md).
EVENTS, LABELS = "events.jsonl", "labels.jsonl"
#: An optional file of categories whose labels in this corpus the model does not learn from
#: (one per line, `#` starts a comment): its writer drew that category's line elsewhere.
UNLEARNED = "unlearned.txt"


class ExamplesError(ValueError):
    """Say which example corpus cannot be read and why."""


@dataclass(frozen=True, slots=True)
class Example:
    """Hold one labelled message: its text, its categories (none when benign), its thread."""

    id: str
    text: str
    labels: frozenset[str]
    thread: Thread = NO_THREAD
    unlearned: frozenset[str] = frozenset()


def corpora(folder: Path) -> list[Path]:
    """Return the corpus folders under `folder` (those holding both files), sorted."""
    if not folder.is_dir():
        raise ExamplesError(f"{folder}: no such folder of example corpora")
    return sorted(p for p in folder.iterdir() if (p / EVENTS).is_file() and (p / LABELS).is_file())


def unlearned(folder: Path) -> frozenset[str]:
    """Return the categories a corpus folder's `unlearned.txt` names, or none without one."""
    path = folder / UNLEARNED
    if not path.is_file():
        return frozenset()
    known = {str(category) for category in Category}
    found: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        name = line.partition("#")[0].strip()
        if name and name not in known:
            raise ExamplesError(f"{path}, line {number}: {name!r} is no category")
        if name:
            found.add(name)
    return frozenset(found)


def read_corpus(folder: Path) -> Iterator[Example]:
    """Yield the labelled messages of one corpus folder, in stream order, with their thread."""
    left = unlearned(folder)
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
            yield Example(event.message_id, event.text, labels[event.message_id], thread, left)


def read_all(folder: Path) -> list[Example]:
    """Return every labelled message of every corpus under `folder`."""
    return [example for corpus in corpora(folder) for example in read_corpus(corpus)]


def digest(folder: Path) -> str:
    """Return a hash of the corpus files, so a cached model is rebuilt when they change."""
    sha = hashlib.sha256()
    for corpus in corpora(folder):
        for name in (EVENTS, LABELS, UNLEARNED):
            if (corpus / name).is_file():
                sha.update(name.encode())
                sha.update((corpus / name).read_bytes())
    return sha.hexdigest()
