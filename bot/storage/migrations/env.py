"""Run Alembic migrations on the connection bot.storage.migrate hands over.

Vigie has no alembic.ini: Storage.open builds the Config in code, opens an async
engine and passes a sync-facing connection through `config.attributes`, the
recipe Alembic documents for asyncio programs.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from bot.storage.models import Base

config = context.config


def run_offline() -> None:
    """Emit the migration SQL for the URL in the config, without connecting."""
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=Base.metadata,
        literal_binds=True,
        render_as_batch=bool(url and url.startswith("sqlite")),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online(connection: Connection) -> None:
    """Apply the migrations inside the caller's transaction."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    shared = config.attributes.get("connection")
    if not isinstance(shared, Connection):
        msg = "open the database with bot.storage.Storage.open(); it runs the migrations"
        raise RuntimeError(msg)
    run_online(shared)
