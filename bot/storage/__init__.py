"""Persistent storage for Vigie: cases, pending actions, the evidence chain, small values.

Open it with ``await Storage.open(url)`` (``sqlite:///vigie.db``, ``sqlite:///:memory:``
or ``postgresql://user@host:port/db``); opening applies the Alembic migrations.
"""

from bot.storage.chain import GENESIS_HASH, canonical_json, link_hash
from bot.storage.errors import StorageConflict, StorageError, StorageNotFound, StorageUnavailable
from bot.storage.records import (
    ActionStatus,
    Applied,
    CaseEvent,
    CaseKind,
    CaseRecord,
    ChainReport,
    EvidenceRecord,
    Incident,
    NewAction,
    NewCase,
    PendingAction,
)
from bot.storage.store import Storage
from bot.storage.workflow import NewUserReport, ReportMessage, UserReport

__all__ = [
    "GENESIS_HASH",
    "ActionStatus",
    "Applied",
    "CaseEvent",
    "CaseKind",
    "CaseRecord",
    "ChainReport",
    "EvidenceRecord",
    "Incident",
    "NewAction",
    "NewCase",
    "NewUserReport",
    "PendingAction",
    "ReportMessage",
    "Storage",
    "StorageConflict",
    "StorageError",
    "StorageNotFound",
    "StorageUnavailable",
    "UserReport",
    "canonical_json",
    "link_hash",
]
