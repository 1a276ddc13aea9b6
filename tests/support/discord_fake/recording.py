"""The HTTP layers swapped under discord.py: each request recorded, then answered by the fake."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import discord
from discord.http import HTTPClient, Route
from discord.webhook.async_ import AsyncWebhookAdapter

if TYPE_CHECKING:
    from tests.support.discord_fake.server import FakeDiscord


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP call discord.py made."""

    method: str
    path: str  # the route template, such as /guilds/{guild_id}/bans/{user_id}
    url: str  # with the parameters filled in
    params: dict[str, Any]
    json: Any = None
    reason: str | None = None
    query: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.method} {self.url.removeprefix(Route.BASE)}"


class _Response:
    """What discord.HTTPException reads from an aiohttp response."""

    def __init__(self, status: int, reason: str, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.reason = reason
        self.headers = headers or {}


def http_error(status: int, code: int, message: str) -> discord.HTTPException:
    """Return the exception discord.py raises for an error answer."""
    response = _Response(status, message)
    data = {"code": code, "message": message}
    kinds: dict[int, type[discord.HTTPException]] = {
        403: discord.Forbidden,
        404: discord.NotFound,
    }
    if status >= 500:
        return discord.DiscordServerError(response, data)  # type: ignore[arg-type]
    return kinds.get(status, discord.HTTPException)(response, data)  # type: ignore[arg-type]


class RecordingHTTPClient(HTTPClient):
    """discord.py's HTTP client with the network swapped for the fake server."""

    fake: FakeDiscord

    async def request(
        self, route: Route, *, files: Any = None, form: Any = None, **kwargs: Any
    ) -> Any:
        body = kwargs.get("json")
        if body is None and form:
            for part in form:
                if part.get("name") == "payload_json":
                    body = json.loads(part["value"])
        return await self.fake.handle(route, body, kwargs.get("reason"), kwargs.get("params"))

    async def get_from_cdn(self, url: str) -> bytes:
        self.fake.requests.append(Request("GET", "cdn", url, {}))
        try:
            return self.fake.cdn[url]
        except KeyError:
            raise http_error(404, 0, "asset not found") from None


class FakeWebhookAdapter(AsyncWebhookAdapter):
    """Interaction responses and follow-ups, answered by the fake server."""

    def __init__(self, fake: FakeDiscord) -> None:
        super().__init__()
        self.fake = fake

    async def request(
        self,
        route: Route,
        session: Any,
        *,
        payload: Any = None,
        multipart: Any = None,
        reason: str | None = None,
        **kwargs: Any,
    ) -> Any:
        body = payload
        if body is None and multipart:
            for part in multipart:
                if part.get("name") == "payload_json":
                    body = json.loads(part["value"])
        return await self.fake.handle(route, body, reason)


def install_everywhere(fake: FakeDiscord, monkeypatch: Any) -> None:
    """Answer every discord.py HTTP client from this fake (for clients a test cannot reach)."""

    async def request(self: HTTPClient, route: Route, **kwargs: Any) -> Any:
        return await fake.handle(
            route, kwargs.get("json"), kwargs.get("reason"), kwargs.get("params")
        )

    monkeypatch.setattr(HTTPClient, "request", request)
