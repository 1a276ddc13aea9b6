"""The command table: names, aliases, usage and help; and what a handler is given."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.events import Member
from bot.moderation.errors import UsageError
from bot.moderation.parsing import Parsed, member_ref, split_flags
from bot.moderation.permissions import check_target

if TYPE_CHECKING:
    from bot.adapters.base import Adapter
    from bot.config_models import CommunityBase
    from bot.executor import Executor
    from bot.moderation.api import Invocation, Reply
    from bot.moderation.router import CommandRouter
    from bot.registry import Services
    from bot.storage import Storage


@dataclass(frozen=True, slots=True)
class Needs:
    """How many positional words a command takes, and what to tell a moderator otherwise."""

    least: int
    missing: str
    most: int | None = None

    def check(self, given: int) -> bool:
        """Tell whether `given` words are acceptable."""
        return self.least <= given and (self.most is None or given <= self.most)


@dataclass(frozen=True, slots=True)
class Spec:
    """Describe one command for the parser and for `help`."""

    name: str
    usage: str
    summary: str
    aliases: tuple[str, ...] = ()
    flags: dict[str, bool] = field(default_factory=dict)
    details: str = ""
    anywhere: bool = False
    needs: Needs | None = None


SPECS: tuple[Spec, ...] = (
    Spec("help", "help [command]", "List the commands, or explain one.", anywhere=True),
    Spec(
        "report",
        "report <message link or id> [reason] [--anon] [--category C]",
        "Flag a message to the moderators (or reply to it with `report [reason]`).",
        flags={"anon": False, "category": True},
        details="--anon keeps your name out of the report (then no decision notice is sent). "
        "Categories: child_safety, sexual_services, drugs, luring, personal_data, spam, scam, "
        "hate_harassment, raid.",
        anywhere=True,
    ),
    Spec(
        "warn",
        "warn <user> <reason>",
        "Warn a member; counts in the ladders.",
        needs=Needs(1, "say whom to warn"),
    ),
    Spec(
        "note",
        "note <user> <text> | note #N <text>",
        "Add a note case, or a note to case N.",
        needs=Needs(2, "say whom (or which #case) the note is about, then the note"),
    ),
    Spec(
        "timeout",
        "timeout <user> <duration> [reason]",
        "Mute a member for a while (at most 28d).",
        aliases=("mute",),
        needs=Needs(2, "say whom to mute and for how long"),
    ),
    Spec(
        "untimeout",
        "untimeout <user> [reason]",
        "Lift a timeout.",
        aliases=("unmute",),
        needs=Needs(1, "say whom to unmute"),
    ),
    Spec(
        "kick",
        "kick <user> [reason]",
        "Remove a member; they may come back.",
        needs=Needs(1, "say whom to kick"),
    ),
    Spec(
        "ban",
        "ban <user> [duration] [--clean <duration>] [reason]",
        "Ban a member, for good or for a while; --clean deletes their recent messages.",
        flags={"clean": True},
        needs=Needs(1, "say whom to ban"),
    ),
    Spec(
        "forceban",
        "forceban <id> [duration] [--clean <duration>] [reason]",
        "Ban an account that is not (or no longer) in the community.",
        flags={"clean": True},
        needs=Needs(1, "say whom to ban"),
    ),
    Spec(
        "unban",
        "unban <id> [reason]",
        "Lift a ban.",
        needs=Needs(1, "say whose ban to lift (their id)"),
    ),
    Spec(
        "clean",
        "clean <count> [--room R] [--user U] [--regex RE] [--since duration]",
        "Delete recent messages of a room, filtered by member, pattern and age.",
        aliases=("purge",),
        flags={"room": True, "user": True, "regex": True, "since": True},
        details="Looks at most 500 messages back. The room defaults to the room the command "
        "is typed in, unless that is the mod channel.",
        needs=Needs(1, "say how many messages to delete"),
    ),
    Spec(
        "case",
        "case <N>",
        "Show a case with its history.",
        needs=Needs(1, "give one case number", most=1),
    ),
    Spec(
        "cases",
        "cases [user] [--all]",
        "List a member's cases (or the latest of the community).",
        aliases=("history",),
        flags={"all": False},
    ),
    Spec(
        "reason",
        "reason <N> <new reason>",
        "Replace the reason of case N.",
        needs=Needs(2, "give the case number and the new reason"),
    ),
    Spec(
        "dismiss",
        "dismiss #N [reason]",
        "Mark case N as a false positive: out of the ladders, sanction lifted.",
        needs=Needs(1, "give the case number"),
    ),
    Spec(
        "lockdown",
        "lockdown [room ...] [--reason R]",
        "Let only moderators post in these rooms (all of the community's when none given).",
        flags={"reason": True},
    ),
    Spec("unlock", "unlock [room ...]", "End a lockdown."),
    Spec(
        "slowmode",
        "slowmode <room> <duration>",
        "Set a slow mode; 0s lifts it.",
        needs=Needs(2, "give the room and the delay", most=2),
    ),
    Spec("raid", "raid [level | off]", "Show or set the raid level (stricter rules while raided)."),
    Spec(
        "rules",
        "rules [enable|disable|dry-run|live|reset <name>]",
        "List the rules, or switch one (kept across restarts until `rules reset`).",
    ),
    Spec("reload", "reload", "Re-read the config file; a bad file keeps the rules in force."),
    Spec("status", "status", "Show the state of the bot in this community."),
)

BY_NAME: dict[str, Spec] = {}
for _spec in SPECS:
    BY_NAME[_spec.name] = _spec
    for _alias in _spec.aliases:
        BY_NAME[_alias] = _spec


@dataclass(slots=True)
class CommandContext:
    """Everything a handler needs: the invocation, its community, and the bot's parts."""

    invocation: Invocation
    spec: Spec
    words: list[str]
    community: CommunityBase
    executor: Executor
    services: Services
    router: CommandRouter
    now: datetime

    @property
    def name(self) -> str:
        """Return the community's name."""
        return self.invocation.community

    @property
    def author(self) -> Member:
        """Return who typed the command."""
        return self.invocation.author

    @property
    def storage(self) -> Storage:
        """Return the storage."""
        return self.executor.storage

    @property
    def adapter(self) -> Adapter:
        """Return the adapter."""
        return self.executor.adapter

    def parse(self) -> Parsed:
        """Split the words into positional arguments and flags; check what the spec needs."""
        parsed = split_flags(self.words, self.spec.flags)
        needs = self.spec.needs
        if needs is not None and not needs.check(len(parsed.args)):
            raise self.usage(needs.missing)
        return parsed

    def usage(self, problem: str) -> UsageError:
        """Return a usage error that also shows how to write the command."""
        return UsageError(
            f"{problem}\nUsage: {self.router.prefix_for(self.name)} {self.spec.usage}"
        )

    async def member(self, token: str) -> Member:
        """Resolve a mention or id to a member the platform knows, or explain."""
        ref = member_ref(token)
        found = await self.adapter.resolve_member(self.name, ref)
        if found is None:
            raise UsageError(f"unknown member {token!r}: mention them or give their id")
        return found

    async def target(self, token: str, verb: str) -> Member:
        """Resolve a member and check the author may act on them."""
        member = await self.member(token)
        await check_target(self.adapter, self.name, self.author, member.id, verb)
        return member

    async def target_id(self, token: str, verb: str) -> str:
        """Check the author may act on an account that may not be a member (forceban, unban)."""
        ref = member_ref(token)
        if not ref or " " in ref:
            raise self.usage(f"{token!r} is not an account id")
        await check_target(self.adapter, self.name, self.author, ref, verb)
        return ref


Handler = Callable[[CommandContext], Awaitable["Reply | str"]]
