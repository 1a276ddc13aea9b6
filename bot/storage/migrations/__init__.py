"""Alembic migrations for the Vigie schema (a package so they ship with bot.storage)."""
