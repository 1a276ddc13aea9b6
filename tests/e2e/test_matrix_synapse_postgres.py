"""The local Synapse runs on a throwaway PostgreSQL cluster (the latency bench's --postgres)."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import psycopg2
import pytest

from bot.adapters.matrix.localsynapse import LocalSynapse
from bot.localservers.postgres import LocalPostgres

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


def test_synapse_stores_a_message_in_the_postgres_cluster() -> None:
    for reason in (LocalSynapse.missing(), LocalPostgres.missing()):
        if reason is not None:
            pytest.skip(reason)
    with LocalPostgres() as postgres:
        database = postgres.synapse_database()
        with LocalSynapse(settings={"database": database}) as synapse:
            alice = synapse.register("alice")
            room = synapse.request(
                "POST", "/_matrix/client/v3/createRoom", {}, token=alice.access_token
            )["room_id"]
            path = f"/_matrix/client/v3/rooms/{quote(room)}/send/m.room.message/{uuid.uuid4().hex}"
            body = {"msgtype": "m.text", "body": "bonjour"}
            event_id = synapse.request("PUT", path, body, token=alice.access_token)["event_id"]
            args = {k: v for k, v in database["args"].items() if not k.startswith("cp_")}
            with psycopg2.connect(**args) as connection, connection.cursor() as cur:
                cur.execute("SELECT room_id FROM events WHERE event_id = %s", (event_id,))
                assert cur.fetchall() == [(room,)]
    assert postgres.root is None  # the cluster is gone
