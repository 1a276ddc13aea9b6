"""The CommandRouter: one command set for every platform, with clear replies.

Adapters call `handle(Invocation)` for text and slash commands and `press(Press)` for quick
actions; see docs/moderation.md. Nothing a user can cause escapes as an exception.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.adapters.base import PlatformError
from bot.events import MemberLeft, ReportFiled
from bot.moderation import admin, casework, sanctioning
from bot.moderation.api import Invocation, Press, Reply, done, failed
from bot.moderation.commands import BY_NAME, SPECS, CommandContext, Handler, Spec
from bot.moderation.errors import CommandError
from bot.moderation.parsing import DEFAULT_PREFIX, prefixes, strip_prefix, words
from bot.moderation.permissions import check_command
from bot.moderation.platform_cases import record_platform_case
from bot.moderation.policy_bans import PolicyBan, PolicyBans, PolicyOutcome
from bot.moderation.quick import QuickActions
from bot.moderation.reports import defuse_mentions
from bot.moderation.user_reports import UserReports, report_command
from bot.storage import StorageError

if TYPE_CHECKING:
    from bot.config import Config
    from bot.config_models import CommunityBase
    from bot.engine import Engine
    from bot.events import Event
    from bot.executor import Executor
    from bot.registry import Registry, Services

HANDLERS: dict[str, Handler] = {
    "report": report_command,
    **sanctioning.HANDLERS,
    **casework.HANDLERS,
    **admin.HANDLERS,
}


class CommandRouter:
    """Parse, check and run moderator commands and quick actions for every community."""

    def __init__(
        self,
        *,
        engine: Engine,
        executor: Executor,
        registry: Registry,
        services: Services,
        loader: Callable[[], Config] | None = None,
        base_config: Config | None = None,
        logger: logging.Logger | None = None,
    ) -> None:
        self.engine = engine
        self.executor = executor
        self.registry = registry
        self.services = services
        self.loader = loader
        #: The config as read from YAML, before rule switches; reload replaces it.
        self.base_config = base_config or executor.config
        self.log = logger or logging.getLogger("vigie.commands")
        self.user_reports = UserReports(executor)
        self.quick = QuickActions(executor, self.user_reports)
        self.policy_bans = PolicyBans(executor)
        executor.sanction_listeners.append(self.user_reports.member_sanctioned)

    @property
    def config(self) -> Config:
        """Return the config in force."""
        return self.executor.config

    def prefix_for(self, community: str) -> str:
        """Return the main prefix of a community, as help shows it."""
        cfg = self.config.communities[community]
        return cfg.command_prefix or DEFAULT_PREFIX.get(cfg.platform, "!vigie")

    async def handle(self, invocation: Invocation) -> Reply | None:
        """Run a command; None when the text is not addressed to the bot."""
        cfg = self.config.communities.get(invocation.community)
        if cfg is None:
            return None
        text = invocation.text
        if invocation.args is not None:
            text = ""
        elif invocation.prefixed:
            stripped = strip_prefix(text, prefixes(cfg.platform, cfg.command_prefix))
            if stripped is None:
                return None
            text = stripped
        try:
            reply = await self._run(invocation, cfg, text)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a reply, never a trace
            return self._failure(exc, f"command {invocation.text!r}", ephemeral=False)
        # Replies quote what was typed ("unknown command '@everyone'"): none may ping.
        return None if reply is None else replace(reply, text=defuse_mentions(reply.text))

    async def press(self, press: Press) -> Reply | None:
        """Run a quick action pressed on a report; None when the message is not ours."""
        if press.community not in self.config.communities:
            return None
        try:
            reply = await self.quick.press(press)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a reply, never a trace
            return self._failure(exc, f"quick action {press.action}", ephemeral=True)
        return replace(reply, text=defuse_mentions(reply.text))

    async def policy_ban(self, ban: PolicyBan) -> PolicyOutcome:
        """Record and carry out a ban a policy list asks for, once per member and community."""
        return await self.policy_bans.ban(ban)

    def _failure(self, exc: Exception, what: str, *, ephemeral: bool) -> Reply:
        """Turn a failure into a reply that says what to do; log what is not the user's doing."""
        if isinstance(exc, CommandError):
            return failed(defuse_mentions(str(exc)), kind=exc.kind, ephemeral=ephemeral)
        if isinstance(exc, PlatformError):
            text = f"the platform refused: {defuse_mentions(str(exc))}"
            return failed(text, ephemeral=ephemeral)
        if isinstance(exc, StorageError):
            self.log.warning("%s failed on storage: %s", what, exc)
            text = "the database is not answering; nothing was done, try again shortly"
            return failed(text, ephemeral=ephemeral)
        self.log.error("%s failed", what, exc_info=exc)
        text = "internal error: nothing more was done; the details are in the log"
        return failed(text, ephemeral=ephemeral)

    async def observe(self, event: Event) -> None:
        """See events moderators care about: platform bans and native user reports."""
        if event.community not in self.config.communities:
            return
        try:
            if isinstance(event, MemberLeft) and (event.banned_by or event.kicked_by):
                await record_platform_case(self.executor, event)
            elif isinstance(event, ReportFiled):
                await self.user_reports.file_event(event)
        except (PlatformError, StorageError) as exc:
            self.log.warning("could not record %s: %s", type(event).__name__, exc)
        except Exception:  # a bug here must not stop the event pipeline
            self.log.exception("could not record %s", type(event).__name__)

    async def _run(self, invocation: Invocation, cfg: CommunityBase, text: str) -> Reply | None:
        tokens = list(invocation.args) if invocation.args is not None else words(text)
        if not tokens:
            return await self._help(invocation, cfg, None)
        name = tokens[0].lower()
        spec = BY_NAME.get(name)
        if spec is None:
            prefix = self.prefix_for(invocation.community)
            if invocation.prefixed and len(prefix) == 1 and invocation.args is None:
                return None  # "!play" in a Discord channel is another bot's business
            return failed(f"unknown command {name!r}; `{prefix} help` lists them", kind="usage")
        check_command(cfg, invocation.author, spec.name)
        # Slash commands (no prefix) are shown only to their author, so they work anywhere.
        private = invocation.direct or not invocation.prefixed
        if not spec.anywhere and invocation.room != cfg.mod_channel and not private:
            return failed(f"`{spec.name}` is read in the moderators' channel only", kind="refused")
        if spec.name == "help":
            return await self._help(invocation, cfg, tokens[1] if len(tokens) > 1 else None)
        ctx = CommandContext(
            invocation=invocation,
            spec=spec,
            words=tokens[1:],
            community=cfg,
            executor=self.executor,
            services=self.services,
            router=self,
            now=invocation.ts or self.executor.clock.now(),
        )
        result = await HANDLERS[spec.name](ctx)
        return done(result) if isinstance(result, str) else result

    async def _help(self, invocation: Invocation, cfg: CommunityBase, topic: str | None) -> Reply:
        prefix = self.prefix_for(invocation.community)
        if topic is not None:
            spec = BY_NAME.get(topic.lower().lstrip("!"))
            if spec is None:
                return failed(f"no command {topic!r}; `{prefix} help` lists them", kind="usage")
            return Reply(text=_help_of(spec, prefix), kind="help")
        lines = [f"Vigie commands (`{prefix} help <command>` for details):"]
        for spec in SPECS:
            try:
                check_command(cfg, invocation.author, spec.name)
            except CommandError:
                continue
            names = "/".join((spec.name, *spec.aliases))
            lines.append(f"- {names}: {spec.summary}")
        return Reply(text="\n".join(lines), kind="help")


def _help_of(spec: Spec, prefix: str) -> str:
    lines = [f"{prefix} {spec.usage}", spec.summary]
    if spec.aliases:
        lines.append("Also: " + ", ".join(spec.aliases))
    if spec.details:
        lines.append(spec.details)
    if not spec.anywhere:
        lines.append("Typed in the moderators' channel.")
    return "\n".join(lines)
