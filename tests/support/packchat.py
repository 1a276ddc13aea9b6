"""Drive an engine with the bundled packs: members say things, the first match comes back."""

from __future__ import annotations

from datetime import timedelta

from bot.app import build_engine, build_services
from bot.config import BUNDLED_PACKS, load_config_text
from bot.engine import Engine
from bot.registry import Registry
from bot.rules import Match
from plugins.packs.library import SERVICE_KEY, PackLibrary
from tests.support.messages import T0, make_message


class PackChat:
    """Post messages one after the other and return the match of the first rule that fired."""

    def __init__(
        self,
        engine: Engine,
        *,
        step: timedelta = timedelta(seconds=30),
        fresh_members: bool = False,
    ) -> None:
        self.engine = engine
        self.now = T0
        self.ids = 0
        self._step = step
        self._fresh = fresh_members

    async def say(
        self,
        text: str,
        user: str | None = None,
        room: str = "general",
        seconds: float | None = None,
    ) -> Match | None:
        """Post `text` (by a new member each time when `fresh_members`)."""
        self.ids += 1
        self.now += self._step if seconds is None else timedelta(seconds=seconds)
        default = f"member{self.ids}" if self._fresh else "alice"
        event = make_message(
            text, room=room, ts=self.now, member=user or default, message_id=f"m{self.ids}"
        )
        plan = await self.engine.handle(event)
        return next((h.match for h in plan.hits), None)


def pack_config(pack: str) -> str:
    """Return a one-community config whose only rule reports what the pack finds."""
    return f"""
communities:
  c:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    rules:
      {pack}: {{triggers: [{{pack: {pack}}}], actions: [report]}}
"""


def pack_chat(
    pack: str,
    registry: Registry,
    library: PackLibrary | None = None,
    **style: object,
) -> PackChat:
    """Build a chat on a fresh engine whose one rule uses a bundled pack."""
    config = load_config_text(pack_config(pack), registry, file="test.yaml", env={})
    services = build_services(config)
    services.extra[SERVICE_KEY] = library or PackLibrary(BUNDLED_PACKS)
    return PackChat(build_engine(config, registry, services), **style)  # type: ignore[arg-type]


async def fires_as(category: str, chat: PackChat, text: str, **kwargs: object) -> bool:
    """Tell whether `text`, said in `chat`, is matched as `category`."""
    match = await chat.say(text, **kwargs)  # type: ignore[arg-type]
    return match is not None and str(match.category) == category
