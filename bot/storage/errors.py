"""Typed storage errors and the translation of driver errors into them.

The Storage* names are the agreed API, hence the N818 exemptions below.
"""

from __future__ import annotations

import asyncpg
from sqlalchemy import exc

# SQLite reports both "cannot open" and "busy" as OperationalError; only these
# messages mean the database is out of reach rather than the query being wrong.
_SQLITE_UNAVAILABLE = (
    "unable to open database",
    "database is locked",
    "disk i/o error",
    "readonly database",
)

# SQLAlchemy wraps driver errors raised by queries, but asyncpg's connect errors
# (unknown database, unknown role) reach us unwrapped.
DRIVER_ERRORS: tuple[type[Exception], ...] = (
    exc.SQLAlchemyError,
    OSError,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
)


class StorageError(Exception):
    """Fail a storage operation."""


class StorageUnavailable(StorageError):
    """Signal that the database cannot be reached or is busy past the timeout."""


class StorageConflict(StorageError):
    """Signal a uniqueness or integrity conflict, such as a reused dedupe key."""


class StorageNotFound(StorageError):
    """Signal that the case, action or key asked for does not exist."""


def translate(err: BaseException) -> StorageError:
    """Map a driver or SQLAlchemy error to the matching StorageError."""
    if isinstance(err, exc.IntegrityError):
        return StorageConflict(f"integrity conflict: {err.orig}")
    if isinstance(err, OSError | TimeoutError | asyncpg.PostgresError | asyncpg.InterfaceError):
        return StorageUnavailable(f"database unreachable: {err}")
    if isinstance(err, exc.DBAPIError):
        message = str(err.orig).lower()
        unreachable = (
            err.connection_invalidated
            or isinstance(err, exc.InterfaceError)
            or any(marker in message for marker in _SQLITE_UNAVAILABLE)
        )
        if unreachable:
            return StorageUnavailable(f"database unreachable: {err.orig}")
        return StorageError(f"database error: {err.orig}")
    if isinstance(err, exc.TimeoutError):
        return StorageUnavailable(f"no database connection available: {err}")
    return StorageError(f"storage failure: {err}")
