"""The executor: record the case and its evidence first, then act, then report.

Automatic plans (`execute`) and moderators' decisions (`act`) take the same road: a case with
its evidence and pending platform calls in one transaction, then the calls, retried with
backoff until done or given up. On that road the executor also applies the escalation ladders,
never punishes a moderator automatically, and groups the reports of a flood.
"""

from bot.executor.automatic import AutomaticPath
from bot.executor.base import SanctionListener
from bot.executor.manual import ManualPath
from bot.executor.retry import Outcome, RetryPolicy

__all__ = ["Executor", "Outcome", "RetryPolicy", "SanctionListener"]


class Executor(AutomaticPath, ManualPath):
    """Carry out plans and manual actions through the adapter, with a durable record."""
