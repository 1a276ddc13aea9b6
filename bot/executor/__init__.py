"""The executor: record what it is about to do, then act, then report.

Automatic plans (`execute`) go through the local journal: the entry holding the evidence is
on disk before the message is deleted, the case reaches the database from the journal
afterwards (in order, once, even across a database outage or a crash), and the report
follows. Moderators' decisions (`act`) record the case in the database first, then act.
Failed calls are retried with backoff until done or given up. On that road the executor
also applies the escalation ladders, never punishes a moderator automatically, and groups
the reports of a flood.
"""

from bot.executor.base import SanctionListener
from bot.executor.manual import ManualPath
from bot.executor.resume import ResumePath
from bot.executor.retry import Outcome, RetryPolicy

__all__ = ["Executor", "Outcome", "RetryPolicy", "SanctionListener"]


class Executor(ResumePath, ManualPath):
    """Carry out plans and manual actions through the adapter, with a durable record."""
