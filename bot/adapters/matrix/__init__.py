"""Matrix support: the adapter, built on matrix-nio; nothing from nio leaves this package."""

from bot.adapters.matrix.adapter import MatrixAdapter

__all__ = ["MatrixAdapter"]
