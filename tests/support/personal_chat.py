"""Drive one engine with the personal_data and doxxing rules: the categories each message got."""

from __future__ import annotations

from datetime import timedelta

from bot.actions import Hit
from bot.app import build_engine, build_services
from bot.config import validate_source
from bot.engine import Engine
from bot.registry import Registry
from bot.yamlsource import parse_yaml
from tests.support.messages import T0, make_message

CONFIG = """
communities:
  c:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    rules:
      personal-data: {triggers: [personal_data], actions: [report]}
      doxxing: {triggers: [doxxing], actions: [report]}
"""


class Chat:
    """Drive one engine and return the categories each message was filed under."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.now = T0
        self.ids = 0

    async def say(
        self, text: str, user: str | None = None, mentions: tuple[str, ...] = ()
    ) -> tuple[Hit, ...]:
        self.ids += 1
        user = user or f"member{self.ids}"  # a fresh member: no memory from other tests
        self.now += timedelta(seconds=30)
        event = make_message(
            text,
            room="general",
            ts=self.now,
            member=user,
            message_id=f"m{self.ids}",
            mentions=tuple(mentions),
        )
        plan = await self.engine.handle(event)
        return plan.hits

    async def categories(
        self, text: str, user: str | None = None, mentions: tuple[str, ...] = ()
    ) -> set[str]:
        return {str(h.match.category) for h in await self.say(text, user, mentions)}


def make_chat(registry: Registry, text: str = CONFIG) -> Chat:
    """Return a chat whose engine runs the rules of this config."""
    config = validate_source(parse_yaml(text, "test.yaml"), registry, env={})
    return Chat(build_engine(config, registry, build_services(config)))
