"""What each platform can do, known without connecting, so configs are checked at load."""

from __future__ import annotations

#: Capabilities: delete, bulk_delete, warn, timeout, kick, ban, unban, slowmode, lockdown,
#: report, buttons, server_acl. The adapters declare the same sets and a test holds them equal.
CAPABILITIES: dict[str, frozenset[str]] = {
    "discord": frozenset(
        {
            "delete",
            "bulk_delete",
            "warn",
            "timeout",
            "kick",
            "ban",
            "unban",
            "slowmode",
            "lockdown",
            "report",
            "buttons",
        }
    ),
    "matrix": frozenset(
        {"delete", "warn", "timeout", "kick", "ban", "unban", "lockdown", "report", "server_acl"}
    ),
}
