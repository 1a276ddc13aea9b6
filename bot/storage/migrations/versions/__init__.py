"""Alembic revision scripts, applied in order by bot.storage.migrate."""
