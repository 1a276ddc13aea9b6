"""Vigie: a moderation bot for Discord and Matrix communities."""
