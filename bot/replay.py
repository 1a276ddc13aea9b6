"""Replay: read a JSONL event stream and feed it through the engine with a simulated clock."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.events import (
    Attachment,
    Event,
    EventFields,
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
        found = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ReplayError(f"expected an ISO 8601 time, got {value!r}") from exc
    # The core compares aware times only; a stream written without a zone is in UTC.
    return found if found.tzinfo is not None else found.replace(tzinfo=UTC)


def _text(data: dict[str, Any], key: str, default: str | None = None) -> str | None:
    """Return a string field, or the default when absent or null; refuse other types."""
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ReplayError(f"field {key!r} must be a string, got {_short(value)}")
    # JSON escapes can carry lone surrogates, which no UTF-8 encoder downstream accepts.
    return str(value).encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _texts(data: dict[str, Any], key: str, default: list[str] | None = None) -> tuple[str, ...]:
    """Return a list-of-strings field as a tuple; refuse other shapes."""
    value = data.get(key, default if default is not None else [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ReplayError(f"field {key!r} must be a list of strings, got {_short(value)}")
    return tuple(value)


def _typed(data: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    """Return an optional field of the given type; refuse other types (bool is not an int)."""
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ReplayError(f"field {key!r} has the wrong type: {_short(value)}")
    return value


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _member(data: dict[str, Any]) -> Member:
    created = _text(data, "account_created")
    return Member(
        id=str(_text(data, "user") or ""),
        display_name=_text(data, "display_name"),
        is_bot=bool(_typed(data, "bot", bool)),
        roles=frozenset(_texts(data, "roles")),
        power_level=_typed(data, "power_level", int),
        account_created=_ts(created) if created else None,
        has_avatar=_typed(data, "avatar", bool),
    )


def _attachment(value: object) -> Attachment:
    if not isinstance(value, dict) or not isinstance(value.get("filename"), str):
        raise ReplayError(f"an attachment is an object with a filename, got {_short(value)}")
    return Attachment(
        filename=value["filename"],
        content_type=_text(value, "content_type"),
        size=_typed(value, "size", int),
        sha256=_text(value, "sha256"),
        pdq=_text(value, "pdq"),
    )


def event_from(data: dict[str, Any], community: str) -> Event | None:
    """Build a neutral event from one stream object; None for types replay ignores.

    Whatever the object holds, the answer is an event with well-typed fields, None, or a
    ReplayError saying what is wrong: a stream is input, and input can be hostile.
    """
    if not isinstance(data, dict):
        raise ReplayError("each line must be a JSON object")
    for key in ("room", "ts", "user"):
        if key not in data:
            raise ReplayError(f"missing field {key!r}")
    try:
        return _event(data, community)
    except KeyError as exc:
        raise ReplayError(f"missing field {exc}") from exc
    except (TypeError, ValueError) as exc:  # ReplayError included: it is a ValueError
        raise ReplayError(str(exc)) from exc


def _event(data: dict[str, Any], community: str) -> Event | None:
    kind = data.get("type")
    if kind not in _KINDS:
        return None
    base: EventFields = {
        "community": community,
        "room": _text(data, "room") or "",
        "ts": _ts(data["ts"]),
        "member": _member(data),
    }
    if kind in {"message", "edit"}:
        return _message(data, base, edit=kind == "edit")
    simple: dict[str, Callable[[], Event]] = {
        "join": lambda: MemberJoined(**base),
        "leave": lambda: MemberLeft(**base, banned_by=_text(data, "banned_by")),
        "profile": lambda: ProfileChanged(**base),
        "reaction": lambda: ReactionAdded(
            **base, message_id=_required(data, "id"), emoji=_required(data, "emoji")
        ),
        "report": lambda: ReportFiled(
            **base, message_id=_required(data, "id"), reason=_text(data, "reason", "") or ""
        ),
    }
    return simple[kind]()


def _required(data: dict[str, Any], key: str) -> str:
    value = _text(data, key)
    if value is None:
        raise ReplayError(f"missing field {key!r}")
    return value


def _message(data: dict[str, Any], base: EventFields, *, edit: bool) -> MessageCreated:
    text = _text(data, "text", "") or ""
    named = [m.rstrip(".-") for m in _MENTION.findall(text)]
    attachments = data.get("attachments", [])
    if not isinstance(attachments, list):
        raise ReplayError(f"field 'attachments' must be a list, got {_short(attachments)}")
    everyone = _typed(data, "mentions_everyone", bool)
    message = MessageCreated(
        **base,
        message_id=_required(data, "id"),
        text=text,
        attachments=tuple(_attachment(a) for a in attachments),
        mentions=_texts(data, "mentions", [m for m in named if m.lower() not in _EVERYONE]),
        role_mentions=_texts(data, "role_mentions"),
        mentions_everyone=(
            any(m.lower() in _EVERYONE for m in named) if everyone is None else everyone
        ),
        reply_to=_text(data, "reply_to"),
    )
    if edit:
        return MessageEdited.of(message, _text(data, "previous_text"))
    return message


_KINDS = frozenset({"message", "edit", "join", "leave", "profile", "reaction", "report"})


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
        except (json.JSONDecodeError, ReplayError) as exc:
            raise ReplayError(f"{name}:{number}: {exc}") from exc
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
