"""Open, migrate and close the database, and run each call in its own transaction."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, Self, TypeVar

from alembic.util import CommandError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage.engine import (
    async_url,
    create_engine,
    current_revision,
    missing_sqlite_directory,
    upgrade_to_head,
)
from bot.storage.errors import StorageError, StorageUnavailable, driver_errors, translate


class Database:
    """Own the engine and hand out transactions to the storage mixins."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        # SQLite has one writer anyway; queueing here beats spinning on its busy lock,
        # and an in-memory database has a single shared connection that must not interleave.
        self._sqlite_lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    @classmethod
    async def open(cls, url: str, *, migrate: bool = True, echo: bool = False) -> Self:
        """Connect to `url` (sqlite:///… or postgresql://…) and migrate it to head."""
        parsed = async_url(url)
        missing = missing_sqlite_directory(parsed)
        if missing is not None:
            # Said up front: clearer than SQLite's "unable to open database file".
            msg = f"cannot open the SQLite database: directory {missing} does not exist"
            raise StorageUnavailable(msg)
        engine = create_engine(parsed, echo=echo)
        try:
            if migrate:
                async with engine.begin() as connection:
                    await connection.run_sync(upgrade_to_head)
        except driver_errors() as err:
            await engine.dispose()
            raise translate(err) from err
        except CommandError as err:
            await engine.dispose()
            msg = f"cannot migrate the database (is it newer than this Vigie?): {err}"
            raise StorageError(msg) from err
        return cls(engine)

    async def close(self) -> None:
        """Close every pooled connection."""
        await self._engine.dispose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def url(self) -> str:
        """Return the database URL, password hidden (the journal goes beside a SQLite file)."""
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        """Name the database backend: 'sqlite' or 'postgresql'."""
        return self._engine.dialect.name

    @contextlib.asynccontextmanager
    async def _transaction(self, *, snapshot: bool = False) -> AsyncIterator[AsyncSession]:
        lock = self._sqlite_lock or contextlib.nullcontext()
        async with lock:
            try:
                async with self._sessions() as session, session.begin():
                    if snapshot and self.dialect == "postgresql":
                        # One consistent view for multi-query reads such as verification.
                        options = {"isolation_level": "REPEATABLE READ"}
                        await session.connection(execution_options=options)
                    yield session
            except driver_errors() as err:
                raise translate(err) from err

    async def schema_revision(self) -> str | None:
        """Return the Alembic revision the database is at."""
        async with self._transaction() as session:
            connection = await session.connection()
            return await connection.run_sync(current_revision)


P = ParamSpec("P")
R = TypeVar("R")


def transactional(
    query: Callable[Concatenate[AsyncSession, P], Awaitable[R]],
) -> Callable[Concatenate[Database, P], Coroutine[Any, Any, R]]:
    """Make a query function a store method that runs it in a transaction of its own.

    The method takes the query's arguments after the session, as the query declares them.
    """

    async def method(self: Database, /, *args: P.args, **kwargs: P.kwargs) -> R:
        async with self._transaction() as session:
            return await query(session, *args, **kwargs)

    method.__doc__ = query.__doc__
    return method
