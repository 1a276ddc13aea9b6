"""Replay: read a JSONL event stream and feed it through the engine with a simulated clock."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.events import (
    Attachment,
    Event,
    Member,
    MemberJoined,
    MemberLeft,
    MessageCreated,
    MessageEdited,
    ProfileChanged,
    ReactionAdded,
    ReportFiled,
)

# A replayed chat log has no structured mentions: they are read from the text as a client
# would highlight them.
_MENTION = re.compile(r"(?<![\w@])@([\w.\-]{2,32})")
_EVERYONE = frozenset({"everyone", "here", "room", "channel"})


class ReplayError(ValueError):
    """Say which line of a stream is malformed and why."""


@dataclass(frozen=True, slots=True)
class Labelled:
    """The expected categories of one message."""

    id: str
    labels: frozenset[str]


def _ts(value: object) -> datetime:
    if not isinstance(value, str):
        raise ReplayError(f"expected an ISO 8601 time, got {value!r}")
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise ReplayError(f"expected an ISO 8601 time, got {value!r}") from exc


def _member(data: dict[str, Any]) -> Member:
    created = data.get("account_created")
    return Member(
        id=str(data["user"]),
        display_name=data.get("display_name"),
        is_bot=bool(data.get("bot", False)),
        roles=frozenset(data.get("roles", ())),
        power_level=data.get("power_level"),
        account_created=_ts(created) if created else None,
        has_avatar=data.get("avatar"),
    )


def event_from(data: dict[str, Any], community: str) -> Event | None:
    """Build a neutral event from one stream object; None for types replay ignores."""
    kind = data.get("type")
    base = {
        "community": community,
        "room": str(data["room"]),
        "ts": _ts(data["ts"]),
        "member": _member(data),
    }
    if kind in {"message", "edit"}:
        text = str(data.get("text", ""))
        named = [m.rstrip(".-") for m in _MENTION.findall(text)]
        message = {
            "message_id": str(data["id"]),
            "text": text,
            "attachments": tuple(Attachment(**a) for a in data.get("attachments", ())),
            "mentions": tuple(
                data.get("mentions", [m for m in named if m.lower() not in _EVERYONE])
            ),
            "role_mentions": tuple(data.get("role_mentions", ())),
            "mentions_everyone": bool(
                data.get("mentions_everyone", any(m.lower() in _EVERYONE for m in named))
            ),
            "reply_to": data.get("reply_to"),
        }
        if kind == "edit":
            return MessageEdited(**base, **message, previous_text=data.get("previous_text"))
        return MessageCreated(**base, **message)
    simple: dict[str, Any] = {
        "join": lambda: MemberJoined(**base),
        "leave": lambda: MemberLeft(**base, banned_by=data.get("banned_by")),
        "profile": lambda: ProfileChanged(**base),
        "reaction": lambda: ReactionAdded(**base, message_id=data["id"], emoji=data["emoji"]),
        "report": lambda: ReportFiled(**base, message_id=data["id"], reason=data.get("reason", "")),
    }
    build = simple.get(str(kind))
    return build() if build else None


def read_events(path: Path | str, community: str) -> Iterator[Event]:
    """Yield the events of a JSONL stream, naming the line of any malformed one."""
    with Path(path).open(encoding="utf-8") as handle:
        yield from parse_events(handle, community, str(path))


def parse_events(lines: Iterable[str], community: str, name: str = "<stream>") -> Iterator[Event]:
    """Yield events from JSONL lines."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            event = event_from(_object(line), community)
        except (json.JSONDecodeError, KeyError, TypeError, ReplayError) as exc:
            detail = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
            raise ReplayError(f"{name}:{number}: {detail}") from exc
        if event is not None:
            yield event


def _object(line: str) -> dict[str, Any]:
    data = json.loads(line)
    if not isinstance(data, dict):
        raise ReplayError("each line must be a JSON object")
    return data


def read_labels(path: Path | str) -> dict[str, frozenset[str]]:
    """Read a labels file: one {"id", "labels"} object per line."""
    labels: dict[str, frozenset[str]] = {}
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                labels[str(data["id"])] = frozenset(data["labels"])
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ReplayError(f"{path}:{number}: expected {{'id', 'labels'}}") from exc
    return labels


def read_meta(path: Path | str) -> dict[str, frozenset[str]]:
    """Read a meta.json list and return, per message id, its true flags (evasion...)."""
    try:
        entries = json.loads(Path(path).read_text(encoding="utf-8"))
        return {
            str(entry["id"]): frozenset(k for k, v in entry.items() if v is True)
            for entry in entries
        }
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ReplayError(f"{path}: expected a list of {{'id', ...flags}} objects") from exc
