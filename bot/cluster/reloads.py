"""Keep every process on the same rules: a change made in one is re-read by the others."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Final

from bot.compiler import RuleCompiler
from bot.config import ConfigError
from bot.moderation import switches
from bot.storage import StorageError

if TYPE_CHECKING:
    from bot.cluster.broadcast import Broadcast
    from bot.moderation.api import Invocation, Press, Reply
    from bot.moderation.policy_bans import PolicyBan, PolicyOutcome
    from bot.moderation.router import CommandRouter

#: The broadcast kind of "the config or a rule switch changed: read yours again".
CONFIG: Final = "config"


class ConfigSync:
    """Publish the config changes moderators make here; re-read on those made elsewhere."""

    def __init__(self, router: CommandRouter, broadcast: Broadcast, logger: logging.Logger) -> None:
        self._router = router
        self._broadcast = broadcast
        self._log = logger
        broadcast.on(CONFIG, self.apply)

    async def changed(self, reason: str) -> None:
        """Tell the other processes that the config in force here changed."""
        await self._broadcast.publish(CONFIG, {"reason": reason})

    async def apply(self, payload: dict[str, Any]) -> None:
        """Re-read the config file (if any) and the rule switches, and put them in force.

        A file that no longer loads keeps the rules in force here, as `reload` does.
        """
        router = self._router
        try:
            fresh = router.loader() if router.loader is not None else router.base_config
            config = await switches.switched(fresh, router.executor.storage)
            # Building may fail on plugin data (a pack file): nothing changes then.
            router.engine.swap(config, RuleCompiler(router.registry, router.services))
        except (ConfigError, OSError, StorageError) as err:
            self._log.error(
                "another process changed the config (%s), but it does not load here: %s",
                payload.get("reason", "?"),
                err,
            )
            return
        router.executor.config = config
        router.base_config = fresh
        self._log.info("config re-read: another process changed it (%s)", payload.get("reason"))


class BroadcastingRouter:
    """Run commands through the router; when one changed the config in force, say so."""

    def __init__(self, router: CommandRouter, sync: ConfigSync) -> None:
        self.router = router
        self._sync = sync

    async def handle(self, invocation: Invocation) -> Reply | None:
        """Run a command, then publish if it put another config in force (reload, rules)."""
        before = self.router.config
        reply = await self.router.handle(invocation)
        if self.router.config is not before:
            await self._sync.changed(f"command in {invocation.community}")
        return reply

    async def press(self, press: Press) -> Reply | None:
        """Run a quick action (they never change the config)."""
        return await self.router.press(press)

    async def policy_ban(self, ban: PolicyBan) -> PolicyOutcome:
        """Carry out a ban a policy list asks for (it never changes the config)."""
        return await self.router.policy_ban(ban)
