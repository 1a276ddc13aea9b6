"""Storage: the one object the rest of Vigie uses to read and write the database."""

from bot.storage.action_store import ActionStore
from bot.storage.applied_store import AppliedStore
from bot.storage.case_store import CaseStore
from bot.storage.evidence_store import EvidenceStore
from bot.storage.value_store import ValueStore
from bot.storage.workflow_store import WorkflowStore


class Storage(CaseStore, ActionStore, AppliedStore, EvidenceStore, ValueStore, WorkflowStore):
    """Read and write cases, pending actions, evidence and small values."""
