"""FakeDiscord: the in-memory server side, recording discord.py's requests and answering them."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Iterator
from typing import Any

import discord
import discord.interactions
import discord.webhook.async_
from discord.http import Route
from discord.webhook.async_ import AsyncWebhookAdapter

from tests.support.discord_fake.gateway import GatewayEvents
from tests.support.discord_fake.models import APP_ID, FakeGuild
from tests.support.discord_fake.params import Params
from tests.support.discord_fake.recording import (
    FakeWebhookAdapter,
    RecordingHTTPClient,
    Request,
    http_error,
)
from tests.support.discord_fake.routes import ROUTES


class FakeDiscord(GatewayEvents):
    """An in-memory Discord server side: answers discord.py's requests and records them."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[Request] = []
        self.dms_closed: set[int] = set()
        self.failures: dict[tuple[str, str], list[Exception]] = {}
        self.interaction_responses: list[dict[str, Any]] = []
        self.left: list[int] = []  # guilds the bot left
        self.bot = self.user("Vigie", bot=True, ident=APP_ID)
        self._tasks_before: set[asyncio.Task[Any]] = set()

    # Installing under a client

    def install(self, client: discord.Client, monkeypatch: Any) -> None:
        """Put this fake under a client's HTTP layer and under interaction webhooks."""
        self.client = client
        client.http.__class__ = RecordingHTTPClient
        client.http.fake = self  # type: ignore[attr-defined]
        adapter = FakeWebhookAdapter(self)
        context: contextvars.ContextVar[AsyncWebhookAdapter] = contextvars.ContextVar(
            "fake_webhook_context", default=adapter
        )
        monkeypatch.setattr(discord.interactions, "async_context", context)
        monkeypatch.setattr(discord.webhook.async_, "async_context", context)

    # Failures scripted by tests

    def fail_next(self, method: str, path: str, *errors: Exception) -> None:
        """Make the next requests to a route template fail with these errors, in order."""
        self.failures.setdefault((method, path), []).extend(errors)

    def of(self, method: str, path: str) -> list[Request]:
        """Return the recorded requests to one route template."""
        return [r for r in self.requests if r.method == method and r.path == path]

    def routes(self) -> Iterator[str]:
        for request in self.requests:
            yield f"{request.method} {request.path}"

    # The server

    async def handle(
        self, route: Route, body: Any, reason: str | None, query: dict[str, Any] | None = None
    ) -> Any:
        params = Params(route)
        request = Request(
            route.method, route.path, route.url, params.values, body, reason, dict(query or {})
        )
        self.requests.append(request)
        pending = self.failures.get((route.method, route.path))
        if pending:
            raise pending.pop(0)
        handler = ROUTES.get((route.method, route.path))
        if handler is None:
            raise AssertionError(f"the fake Discord has no route {route.method} {route.path}")
        await asyncio.sleep(0)
        return handler(self, params, body or {})

    def _guild(self, p: Params) -> FakeGuild:
        guild = self.guilds.get(p.int("guild_id"))
        if guild is None:
            raise http_error(404, 10004, "Unknown Guild")
        return guild

    def _channel(self, channel_id: int) -> tuple[FakeGuild | None, dict[str, Any]]:
        for guild in self.guilds.values():
            if channel_id in guild.channels:
                return guild, guild.channels[channel_id]
        if channel_id in self.dm_channels:
            user = self.users[self.dm_channels[channel_id]]
            return None, {"id": str(channel_id), "type": 1, "recipients": [user]}
        raise http_error(404, 10003, "Unknown Channel")
