"""Plain frozen values that go in and out of Storage; no ORM object leaves it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

CaseKind = Literal["auto", "manual", "platform"]
ActionStatus = Literal["pending", "done", "given_up"]

CASE_KINDS: tuple[CaseKind, ...] = ("auto", "manual", "platform")
ACTION_STATUSES: tuple[ActionStatus, ...] = ("pending", "done", "given_up")


@dataclass(frozen=True, slots=True, kw_only=True)
class NewCase:
    """Describe a case to record; the number is allocated by storage."""

    community: str
    kind: CaseKind
    action: str
    user_id: str
    created_at: datetime
    user_name: str | None = None
    moderator_id: str | None = None
    reason: str | None = None
    rule: str | None = None
    category: str | None = None
    room: str | None = None
    message_id: str | None = None
    expires_at: datetime | None = None
    active: bool = True
    dry_run: bool = False
    hidden: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class NewAction:
    """Describe a platform action to run later, retried until done or given up."""

    kind: str
    payload: dict[str, Any]
    next_attempt_at: datetime
    dedupe_key: str | None = None
    # A call already tried before its row is written (from the journal) keeps its result.
    status: ActionStatus = "pending"
    attempts: int = 0
    last_error: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseRecord:
    """Hold a stored case."""

    id: int
    community: str
    number: int
    kind: CaseKind
    action: str
    user_id: str
    user_name: str | None
    moderator_id: str | None
    reason: str | None
    rule: str | None
    category: str | None
    room: str | None
    message_id: str | None
    created_at: datetime
    expires_at: datetime | None
    active: bool
    dry_run: bool
    hidden: bool
    dismissed: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseEvent:
    """Hold one entry of a case's history."""

    id: int
    case_id: int
    at: datetime
    kind: str
    author: str | None
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingAction:
    """Hold a stored platform action and where its retries stand."""

    id: int
    community: str
    case_id: int | None
    kind: str
    payload: dict[str, Any]
    status: ActionStatus
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    dedupe_key: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceRecord:
    """Hold one link of the evidence chain; `payload` is the redaction stub once purged."""

    seq: int
    community: str
    case_id: int | None
    at: datetime
    payload: dict[str, Any]
    prev_hash: str
    hash: str
    purged_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainReport:
    """Tell whether the evidence chain verifies and, if not, where it first breaks."""

    ok: bool
    count: int
    first_bad_seq: int | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Incident:
    """Hold what one record_incident call wrote."""

    case: CaseRecord
    action_ids: list[int] = field(default_factory=list)
    evidence_seq: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Applied:
    """Hold what writing a journal entry left in the database.

    `pending` maps the dedupe key of each action still pending to its row id; `fresh` is
    False when the entry had been written before (a replay after a crash).
    """

    case: CaseRecord
    pending: dict[str, int] = field(default_factory=dict)
    evidence_seq: int | None = None
    fresh: bool = True
