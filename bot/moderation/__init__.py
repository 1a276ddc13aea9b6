"""Moderation: cases, reports, evidence, commands and exports, free of platform code."""
