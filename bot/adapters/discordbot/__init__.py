"""Vigie on Discord with discord.py; the package is not named `discord`, so it never shadows it."""

from bot.adapters.discordbot.adapter import DiscordAdapter
from bot.adapters.discordbot.client import VigieClient, vigie_intents

__all__ = ["DiscordAdapter", "VigieClient", "vigie_intents"]
