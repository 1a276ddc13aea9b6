"""Turn a configured URL into an async engine and bring its schema to head."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

from bot.storage.errors import StorageError

_SQLITE_NAMES = frozenset({"sqlite", "sqlite+pysqlite", "sqlite+aiosqlite"})
_POSTGRES_NAMES = frozenset(
    {"postgres", "postgresql", "postgresql+psycopg2", "postgresql+psycopg", "postgresql+asyncpg"}
)
# Any constant works; it only has to be the same for every Vigie process.
_MIGRATION_LOCK_KEY = 0x76_69_67_69_65
# Seconds SQLite waits for another process's write lock before giving up.
_SQLITE_BUSY_TIMEOUT = 30


def async_url(url: str) -> URL:
    """Rewrite a sqlite:// or postgresql:// URL to its asyncio driver."""
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        msg = f"invalid database URL {url!r}: {err}"
        raise StorageError(msg) from err
    if parsed.drivername in _SQLITE_NAMES:
        return parsed.set(drivername="sqlite+aiosqlite")
    if parsed.drivername in _POSTGRES_NAMES:
        return parsed.set(drivername="postgresql+asyncpg")
    msg = f"unsupported database URL {parsed.render_as_string(hide_password=True)!r}"
    msg += ": use sqlite:///path or postgresql://user@host/db"
    raise StorageError(msg)


def is_memory(url: URL) -> bool:
    """Tell whether a SQLite URL names an in-memory database."""
    return url.database in (None, "", ":memory:") or url.query.get("mode") == "memory"


def missing_sqlite_directory(url: URL) -> Path | None:
    """Return the directory a SQLite file URL needs but lacks, if any."""
    if url.get_backend_name() != "sqlite" or is_memory(url) or url.database is None:
        return None
    parent = Path(url.database).expanduser().parent
    return None if parent.is_dir() else parent


def create_engine(url: URL, *, echo: bool = False) -> AsyncEngine:
    """Create the async engine, with SQLite tuned for one serialised writer."""
    if url.get_backend_name() != "sqlite":
        return create_async_engine(url, echo=echo, pool_pre_ping=True)
    memory = is_memory(url)
    options: dict[str, Any] = {"connect_args": {"timeout": _SQLITE_BUSY_TIMEOUT}}
    if memory:
        # Every session must see the same in-memory database, hence one shared connection.
        options["poolclass"] = StaticPool
    engine = create_async_engine(url, echo=echo, **options)
    _install_sqlite_hooks(engine, wal=not memory)
    return engine


def _install_sqlite_hooks(engine: AsyncEngine, *, wal: bool) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from the driver so we can issue BEGIN IMMEDIATE ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock up front: a read-then-write transaction
        # (chain head, counters) can then never fail halfway on a lock upgrade.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def migrations_config(connection: Connection | None = None) -> Config:
    """Build the Alembic config in code, pointing at the packaged migrations."""
    config = Config()
    location = resources.files("bot.storage").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    """Return the newest revision the packaged migrations define."""
    return ScriptDirectory.from_config(migrations_config()).get_current_head()


def upgrade_to_head(connection: Connection) -> None:
    """Apply every pending migration on `connection`, inside its transaction."""
    if connection.dialect.name == "postgresql":
        # Two bots starting together must not both create the tables.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
    command.upgrade(migrations_config(connection), "head")


def current_revision(connection: Connection) -> str | None:
    """Return the revision the database is at, or None before any migration."""
    return MigrationContext.configure(connection).get_current_revision()
