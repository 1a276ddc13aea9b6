"""Keep small named values (lockdown state, anchors) in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.storage.database import Database
from bot.storage.models import KeyValue


class ValueStore(Database):
    """Read and write small values by key."""

    async def get_value(self, key: str) -> str | None:
        """Return the value stored under `key`, or None."""
        async with self._transaction() as session:
            row = await session.get(KeyValue, key)
            return None if row is None else row.value

    async def set_value(self, key: str, value: str, at: datetime) -> None:
        """Store `value` under `key`, replacing any previous value."""
        insert = pg_insert if self.dialect == "postgresql" else sqlite_insert
        statement = insert(KeyValue).values(key=key, value=value, updated_at=at)
        statement = statement.on_conflict_do_update(
            index_elements=[KeyValue.key],
            set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
        )
        async with self._transaction() as session:
            await session.execute(statement)
