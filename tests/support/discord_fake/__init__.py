"""A fake Discord under discord.py's HTTP layer, so the library's real models and state run.

`HTTPClient.request` (and `get_from_cdn`) of the client under test is swapped for one that
records every route and answers from an in-memory server: guilds, roles, channels, members,
messages, bans and DMs. The webhook adapter discord.py uses for interaction responses and
follow-ups is replaced the same way. State changes the real Discord would announce on the
gateway (a kick, a ban, a timeout, new overwrites...) are fed back through discord.py's own
gateway parsers, so the client's cache moves as it would in production. Gateway events the
tests push (messages, interactions, AutoMod executions) go through the same parsers.

The parts: `models` (the server's objects and their payloads), `gateway` (events pushed to the
client), `recording` (the HTTP layers swapped in, and what they record), `routes` and
`messages` (the REST routes answered), `server` (FakeDiscord, which ties them), `world` (a
configured guild and a running Vigie on it).
"""

from tests.support.discord_fake.gateway import RefusingGateway, refuse_privileged_intents
from tests.support.discord_fake.messages import (
    EMBED_LIMITS,
    MAX_CONTENT,
    MAX_EMBED_TOTAL,
    MAX_EMBEDS,
    MAX_FIELDS,
    check_message_body,
)
from tests.support.discord_fake.models import ALL, APP_ID, BASE_TIME, FakeGuild, iso
from tests.support.discord_fake.recording import (
    FakeWebhookAdapter,
    RecordingHTTPClient,
    Request,
    http_error,
    install_everywhere,
)
from tests.support.discord_fake.server import FakeDiscord
from tests.support.discord_fake.world import (
    CONFIG,
    WORDS_RULE,
    Running,
    World,
    build_world,
    running_vigie,
)

__all__ = [
    "ALL",
    "APP_ID",
    "BASE_TIME",
    "CONFIG",
    "EMBED_LIMITS",
    "MAX_CONTENT",
    "MAX_EMBEDS",
    "MAX_EMBED_TOTAL",
    "MAX_FIELDS",
    "WORDS_RULE",
    "FakeDiscord",
    "FakeGuild",
    "FakeWebhookAdapter",
    "RecordingHTTPClient",
    "RefusingGateway",
    "Request",
    "Running",
    "World",
    "build_world",
    "check_message_body",
    "http_error",
    "install_everywhere",
    "iso",
    "refuse_privileged_intents",
    "running_vigie",
]
