"""`vigie invite-url`: the OAuth2 link that adds Vigie with exactly the permissions it needs.

The permissions come from what the config asks Vigie to do on Discord: the capabilities the
enabled rules' actions require (escalation steps and community ladders included), the quick
actions under the reports those rules post, and, with `--commands`, what moderators' commands
can do. Each permission is printed with the reasons it is asked for.
"""

from __future__ import annotations

import argparse
import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import discord

from bot.config import Config, ConfigError, Problem, load_config
from bot.config_models import item_name

if TYPE_CHECKING:
    from bot.config_models import RuleBase
    from bot.registry import Registry

AUTHORIZE = "https://discord.com/oauth2/authorize"
SCOPES = ("bot", "applications.commands")

#: Asked whatever the rules: without these Vigie neither sees nor answers anything.
BASE: tuple[tuple[str, str], ...] = (
    ("view_channel", "see the channels it moderates and the mod channel"),
    ("send_messages", "answer moderators' commands and post its setup message"),
    ("read_message_history", "read the message a report or a command points to"),
    ("view_audit_log", "record bans and kicks made in Discord's own menus as cases"),
)

#: What each adapter capability needs on Discord, and why.
CAPABILITY_PERMISSIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "delete": (("manage_messages", "delete messages that break a rule"),),
    "bulk_delete": (
        ("manage_messages", "clean many messages at once"),
        ("read_message_history", "find the messages to clean"),
    ),
    "warn": (("send_messages", "tell a warned member in the channel when their DMs are closed"),),
    "timeout": (("moderate_members", "time members out (Discord's native timeout)"),),
    "kick": (("kick_members", "kick members"),),
    "ban": (("ban_members", "ban members and delete their recent messages"),),
    "unban": (("ban_members", "lift bans"),),
    "slowmode": (("manage_channels", "set a channel's slowmode"),),
    "lockdown": (
        ("manage_roles", "change channel permission overwrites during a lockdown"),
        # Discord lets a bot deny in an overwrite only what it holds itself.
        ("send_messages_in_threads", "deny it to @everyone during a lockdown"),
        ("create_public_threads", "deny it to @everyone during a lockdown"),
        ("create_private_threads", "deny it to @everyone during a lockdown"),
        ("add_reactions", "deny it to @everyone during a lockdown"),
    ),
    "report": (
        ("send_messages", "post reports in the mod channel"),
        ("embed_links", "reports are embeds"),
    ),
    "buttons": (),
}

#: What the buttons under a report can do; a rule that reports needs them.
QUICK_ACTION_CAPABILITIES = {"ban": "ban", "timeout": "timeout", "delete": "delete"}
#: What moderators' commands can ask the platform to do (with --commands).
COMMAND_CAPABILITIES = (
    "warn",
    "timeout",
    "kick",
    "ban",
    "unban",
    "delete",
    "bulk_delete",
    "slowmode",
    "lockdown",
)


@dataclass(slots=True)
class Needs:
    """The permissions needed, each with the reasons it is asked for."""

    reasons: dict[str, list[str]] = field(default_factory=dict)

    def add(self, permission: str, why: str) -> None:
        """Ask for a permission, for one more reason."""
        found = self.reasons.setdefault(permission, [])
        if why not in found:
            found.append(why)

    def add_capability(self, capability: str, because: str) -> None:
        """Ask for what a capability needs."""
        for permission, why in CAPABILITY_PERMISSIONS.get(capability, ()):
            self.add(permission, f"{why} ({because})")

    @property
    def permissions(self) -> discord.Permissions:
        """Return the permissions as Discord's bit field."""
        return discord.Permissions(**dict.fromkeys(self.reasons, True))


def _rule_models(config: Config, community: str) -> dict[str, RuleBase]:
    """Return every rule as written and as each override makes it, by name and origin."""
    found: dict[str, RuleBase] = {}
    for name, rule in config.effective_rules(community).items():
        found[f"rule {name}"] = rule
    overrides = config.communities[community].overrides
    for index in range(len(overrides)):
        for name, rule in config.effective_rules(community, (index,)).items():
            found.setdefault(f"rule {name} (override {index + 1})", rule)
    return found


def _action_names(rule: RuleBase) -> Iterable[str]:
    for item in rule.actions:
        yield item_name(item)
    for step in rule.escalate:
        for item in step.then:
            yield item_name(item)


def needs_of(
    config: Config, registry: Registry, communities: list[str], *, commands: bool = False
) -> Needs:
    """Compute what the enabled rules of these communities need on Discord, and why."""
    needs = Needs()
    for permission, why in BASE:
        needs.add(permission, why)
    for community in communities:
        settings = config.communities[community]
        reports = False
        for origin, rule in _rule_models(config, community).items():
            if not rule.enabled or rule.dry_run:
                continue
            for action in _action_names(rule):
                requires = registry.actions[action].requires
                for capability in sorted(requires):
                    needs.add_capability(capability, f"{origin}: {action}")
                reports = reports or "report" in requires
        for ladder in settings.ladders:
            kind, _ = ladder.sanction()
            needs.add_capability(kind, f"ladder {ladder.label()}")
        if reports:
            needs.add_capability("buttons", "report buttons")
            for action, capability in QUICK_ACTION_CAPABILITIES.items():
                needs.add_capability(capability, f"the {action.capitalize()} button on reports")
        if commands:
            for capability in COMMAND_CAPABILITIES:
                needs.add_capability(capability, "moderators' commands")
    return needs


def invite_url(application_id: str, permissions: discord.Permissions, guild: str | None) -> str:
    """Return the OAuth2 authorize URL for the bot and its application commands."""
    query = {
        "client_id": application_id,
        "scope": " ".join(SCOPES),
        "permissions": str(permissions.value),
    }
    if guild:
        query |= {"guild_id": guild, "disable_guild_select": "true"}
    return f"{AUTHORIZE}?{urlencode(query)}"


def application_id_of(config: Config, given: str | None) -> str | None:
    """Return the application id: given, configured, or read from the bot token."""
    if given:
        return given
    settings = config.model.platforms.discord
    if settings is None:
        return None
    if settings.application_id:
        return str(settings.application_id)
    # A bot token starts with the bot's user id (= the application id), base64-encoded.
    token = settings.token.get_secret_value()
    head = token.split(".", 1)[0]
    try:
        decoded = base64.b64decode(head + "=" * (-len(head) % 4), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded if decoded.isdigit() else None


def describe(needs: Needs) -> list[str]:
    """Return one line per permission: its name as Discord shows it, and why."""
    lines = []
    for permission in sorted(needs.reasons):
        label = permission.replace("_", " ").title()
        lines.append(f"  {label}: {'; '.join(needs.reasons[permission])}")
    return lines


async def run(args: argparse.Namespace, registry: Registry) -> int:
    """Print the invite URL and why each permission is asked for."""
    config = load_config(args.config, registry, require_secrets=False)
    names = [n for n, c in config.communities.items() if c.platform == "discord"]
    if args.community:
        names = [n for n in names if n == args.community]
    if not names:
        which = f"community {args.community!r}" if args.community else "no community"
        raise ConfigError(
            [Problem.at(config.source, ("communities",), f"{which} on platform discord")]
        )
    application = application_id_of(config, args.application_id)
    if application is None:
        raise ConfigError(
            [
                Problem.at(
                    config.source,
                    ("platforms", "discord", "application_id"),
                    "needed for the invite URL: set it, pass --application-id, or export the "
                    "bot token the config names",
                )
            ]
        )
    needs = needs_of(config, registry, names, commands=args.commands)
    guilds = {config.communities[n].guild for n in names}
    guild = next(iter(guilds)) if len(guilds) == 1 else None
    print(invite_url(application, needs.permissions, guild))  # noqa: T201 - the command's output
    print(f"\nPermissions ({needs.permissions.value}), and why:")  # noqa: T201
    print("\n".join(describe(needs)))  # noqa: T201
    if not args.commands:
        more = "Moderators' commands (/ban, /timeout, /clean, /lockdown…) may need more"
        print(f"\n{more}: add --commands.")  # noqa: T201
    return 0
