"""Storage contract tests, run against both SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage import (
    GENESIS_HASH,
    NewAction,
    NewCase,
    Storage,
    StorageConflict,
    StorageError,
    StorageNotFound,
    StorageUnavailable,
)
from bot.storage.chain import purge_stub
from bot.storage.engine import async_url, head_revision

T0 = datetime(2026, 3, 1, 18, 0, 0, 123456, tzinfo=UTC)


def case(community: str = "fr", user: str = "lina", **fields: Any) -> NewCase:
    values: dict[str, Any] = {"kind": "auto", "action": "warn", "created_at": T0}
    values.update(fields)
    return NewCase(community=community, user_id=user, **values)


def action(kind: str = "delete", key: str | None = None, at: datetime = T0) -> NewAction:
    return NewAction(
        kind=kind, payload={"room": "général", "n": 1}, next_attempt_at=at, dedupe_key=key
    )


async def raw(url: str, sql: str, **params: Any) -> None:
    """Write straight to the database, behind Storage's back, as a tamperer would."""
    engine = create_async_engine(async_url(url))
    try:
        async with engine.begin() as connection:
            await connection.execute(text(sql), params)
    finally:
        await engine.dispose()


# Schema


async def test_migrations_reach_head_and_reopen(storage: Storage, storage_url: str) -> None:
    assert await storage.schema_revision() == head_revision() == "0003"
    async with await Storage.open(storage_url) as again:
        assert await again.schema_revision() == "0003"


async def test_models_match_the_migration(storage: Storage) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from bot.storage.models import Base

    async with storage._transaction() as session:
        connection = await session.connection()
        diff = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
        )
    assert diff == []


async def test_memory_database_is_shared_between_sessions() -> None:
    async with await Storage.open("sqlite:///:memory:") as storage:
        await asyncio.gather(*(storage.create_case(case()) for _ in range(5)))
        assert [c.number for c in await storage.list_cases("fr")] == [5, 4, 3, 2, 1]


# Cases


async def test_case_numbers_are_per_community_and_consecutive(storage: Storage) -> None:
    numbers = [(await storage.create_case(case(community))).number for community in "aabab"]
    assert numbers == [1, 2, 1, 3, 2]
    stored = await storage.get_case("a", 3)
    assert stored is not None
    assert stored.community == "a"
    assert await storage.get_case("a", 4) is None
    assert await storage.get_case_by_id(stored.id) == stored


async def test_concurrent_writers_get_unique_consecutive_numbers(storage_url: str) -> None:
    # Two engines behave like two bot processes sharing the database.
    async with await Storage.open(storage_url) as one, await Storage.open(storage_url) as two:
        created = await asyncio.gather(
            *((one if i % 2 else two).create_case(case("race")) for i in range(20))
        )
    assert sorted(c.number for c in created) == list(range(1, 21))


async def test_case_fields_round_trip(storage: Storage) -> None:
    paris = timezone(timedelta(hours=1))
    new = case(
        kind="manual",
        action="timeout",
        user_name="Lina",
        moderator_id="mod-1",
        reason="spam",
        rule="flood",
        category="spam",
        room="général",
        message_id="m-1",
        created_at=T0.astimezone(paris),
        expires_at=T0 + timedelta(hours=1),
        dry_run=True,
        hidden=True,
    )
    stored = await storage.create_case(new)
    assert stored.created_at == T0
    assert stored.created_at.tzinfo == UTC
    assert stored.expires_at is not None
    assert stored.expires_at.tzinfo == UTC
    assert (stored.kind, stored.user_name, stored.room, stored.dry_run, stored.hidden) == (
        "manual", "Lina", "général", True, True,
    )  # fmt: skip
    assert stored.active


async def test_naive_datetimes_are_refused(storage: Storage) -> None:
    with pytest.raises(StorageError, match="naive"):
        await storage.create_case(case(created_at=datetime(2026, 3, 1)))


async def test_list_and_count_cases(storage: Storage) -> None:
    for hours, user, act, rule in [
        (0, "lina", "warn", "drugs"),
        (1, "lina", "timeout", "drugs"),
        (2, "omar", "warn", "spam"),
        (3, "lina", "warn", "spam"),
    ]:
        await storage.create_case(
            case(user=user, action=act, rule=rule, created_at=T0 + timedelta(hours=hours))
        )
    await storage.create_case(case("en"))
    assert [c.number for c in await storage.list_cases("fr")] == [4, 3, 2, 1]
    assert [c.number for c in await storage.list_cases("fr", user_id="lina", limit=2)] == [4, 2]
    since = T0 + timedelta(hours=1)
    assert [c.number for c in await storage.list_cases("fr", since=since)] == [4, 3, 2]
    assert await storage.count_cases("fr", "lina") == 3
    assert await storage.count_cases("fr", "lina", action="warn") == 2
    assert await storage.count_cases("fr", "lina", rule="drugs") == 2
    assert await storage.count_cases("fr", "lina", since=since, rule="drugs") == 1
    assert await storage.count_cases("fr", "lina", dry_run=True) == 0
    assert await storage.count_cases("en", "lina") == 1


async def test_case_events_and_reason(storage: Storage) -> None:
    await storage.create_case(case())
    await storage.add_case_event("fr", 1, "note", "seen before", "mod-1", at=T0)
    updated = await storage.set_reason("fr", 1, "selling", "mod-2", T0 + timedelta(minutes=1))
    assert updated.reason == "selling"
    events = await storage.case_events("fr", 1)
    assert [(e.kind, e.text, e.author) for e in events] == [
        ("note", "seen before", "mod-1"),
        ("reason", "selling", "mod-2"),
    ]
    assert events[1].at == T0 + timedelta(minutes=1)
    with pytest.raises(StorageNotFound):
        await storage.set_reason("fr", 9, "x", None, T0)
    with pytest.raises(StorageNotFound):
        await storage.add_case_event("en", 1, "note", "x", at=T0)


async def test_expiring_and_deactivate(storage: Storage) -> None:
    soon = await storage.create_case(case(action="timeout", expires_at=T0 + timedelta(hours=1)))
    await storage.create_case(case(action="ban", expires_at=T0 + timedelta(days=7)))
    await storage.create_case(case(action="warn"))
    due = await storage.expiring(T0 + timedelta(hours=1))
    assert [c.number for c in due] == [soon.number]
    assert await storage.deactivate(soon.id, T0 + timedelta(hours=1), text="timeout over")
    # A second expiry worker must not log the end twice.
    assert not await storage.deactivate(soon.id, T0 + timedelta(hours=2))
    assert await storage.expiring(T0 + timedelta(hours=1)) == []
    assert [(e.kind, e.text) for e in await storage.case_events("fr", soon.number)] == [
        ("expired", "timeout over")
    ]
    with pytest.raises(StorageNotFound):
        await storage.deactivate(9999, T0)


# Incidents


async def test_record_incident_writes_case_evidence_and_actions(storage: Storage) -> None:
    incident = await storage.record_incident(
        case(), {"text": "beuh à vendre"}, [action("delete", "m-1/delete"), action("timeout")]
    )
    assert incident.case.number == 1
    assert incident.evidence_seq == 1
    assert len(incident.action_ids) == 2
    [link] = await storage.evidence(case_id=incident.case.id)
    assert link.payload == {"text": "beuh à vendre"}
    assert link.at == T0
    queued = await storage.pending_actions("fr")
    assert [(a.id, a.case_id, a.kind) for a in queued] == [
        (incident.action_ids[0], incident.case.id, "delete"),
        (incident.action_ids[1], incident.case.id, "timeout"),
    ]
    plain = await storage.record_incident(case(), None, [])
    assert (plain.case.number, plain.evidence_seq, plain.action_ids) == (2, None, [])


async def test_record_incident_is_atomic(storage: Storage) -> None:
    await storage.record_incident(case(), {"n": 1}, [action(key="m-1/delete")])
    with pytest.raises(StorageConflict):
        await storage.record_incident(
            case(), {"n": 2}, [action(key="m-2/delete"), action(key="m-1/delete")]
        )
    assert [c.number for c in await storage.list_cases("fr")] == [1]
    assert len(await storage.evidence()) == 1
    assert len(await storage.pending_actions(status=None)) == 1
    assert (await storage.verify_evidence()).ok
    # The rolled-back incident gave its case number and chain slot back.
    retry = await storage.record_incident(case(), {"n": 2}, [action(key="m-2/delete")])
    assert (retry.case.number, retry.evidence_seq) == (2, 2)


# Pending actions


async def test_pending_action_lifecycle(storage: Storage) -> None:
    first, second, later = await storage.add_actions(
        "fr", None, [action("delete"), action("ban"), action("kick", at=T0 + timedelta(hours=1))]
    )
    assert [a.id for a in await storage.due_actions(T0)] == [first, second]
    assert [a.id for a in await storage.due_actions(T0, limit=1)] == [first]

    retried = await storage.mark_retry(first, "429", T0 + timedelta(minutes=5), T0)
    assert (retried.attempts, retried.last_error, retried.status) == (1, "429", "pending")
    assert [a.id for a in await storage.due_actions(T0)] == [second]
    again = await storage.mark_retry(first, "503", T0 + timedelta(minutes=10), T0)
    assert again.attempts == 2

    done = await storage.mark_done(second, T0)
    assert (done.status, done.updated_at) == ("done", T0)
    dropped = await storage.give_up(later, "user left", T0 + timedelta(minutes=1))
    assert (dropped.status, dropped.last_error) == ("given_up", "user left")

    at = T0 + timedelta(hours=2)
    assert [(a.id, a.kind) for a in await storage.due_actions(at)] == [(first, "delete")]
    assert [a.id for a in await storage.pending_actions(status="done")] == [second]
    assert [a.id for a in await storage.pending_actions("fr", status="given_up")] == [later]
    assert await storage.pending_actions("en") == []
    assert len(await storage.pending_actions(status=None)) == 3
    assert (await storage.due_actions(at))[0].payload == {"room": "général", "n": 1}
    with pytest.raises(StorageNotFound):
        await storage.mark_done(9999, T0)


async def test_dedupe_key_blocks_a_second_insert(storage: Storage) -> None:
    await storage.add_actions("fr", None, [action(key="k")])
    with pytest.raises(StorageConflict):
        await storage.add_actions("fr", None, [action(key="k")])


# Evidence


async def chain_of(storage: Storage, length: int) -> None:
    for n in range(length):
        await storage.append_evidence("fr", None, {"n": n, "text": "rdv ce soir"}, T0)


async def test_evidence_chain_links_and_verifies(storage: Storage) -> None:
    report = await storage.verify_evidence()
    assert (report.ok, report.count) == (True, 0)
    await chain_of(storage, 3)
    links = await storage.evidence("fr")
    assert [link.seq for link in links] == [1, 2, 3]
    assert links[0].prev_hash == GENESIS_HASH
    assert links[1].prev_hash == links[0].hash
    assert await storage.chain_head() == (3, links[2].hash)
    report = await storage.verify_evidence()
    assert (report.ok, report.count, report.first_bad_seq) == (True, 3, None)


@pytest.mark.parametrize(
    ("tamper", "bad_seq"),
    [
        ("UPDATE evidence SET payload = :edited WHERE seq = 2", 2),
        ("UPDATE evidence SET hash = :zeros WHERE seq = 2", 2),
        ("DELETE FROM evidence WHERE seq = 2", 2),
        ("DELETE FROM evidence WHERE seq = 4", 4),
        ("UPDATE evidence SET at = at + interval '1 second' WHERE seq = 3", 3),
    ],
    ids=["edited-payload", "edited-hash", "deleted-middle", "deleted-last", "edited-time"],
)
async def test_verify_finds_tampering(
    storage: Storage, storage_url: str, tamper: str, bad_seq: int
) -> None:
    await chain_of(storage, 4)
    if "interval" in tamper and storage.dialect == "sqlite":
        tamper = "UPDATE evidence SET at = '2026-03-01 18:00:01.000000' WHERE seq = 3"
    await raw(storage_url, tamper, zeros="0" * 64, edited='{"n":1,"text":"rien"}')
    report = await storage.verify_evidence()
    assert not report.ok
    assert report.first_bad_seq == bad_seq
    assert report.reason


async def test_purge_redacts_and_keeps_the_chain_valid(storage: Storage, storage_url: str) -> None:
    old = await storage.create_case(case(category="drugs"))
    kept = await storage.create_case(case(category="child_safety"))
    await storage.append_evidence("fr", old.id, {"text": "old drugs"}, T0)
    await storage.append_evidence("fr", kept.id, {"text": "old grooming"}, T0)
    await storage.append_evidence("fr", None, {"text": "new"}, T0 + timedelta(days=60))
    before, at = T0 + timedelta(days=30), T0 + timedelta(days=61)

    assert await storage.purge_evidence(before, at=at, categories=["drugs"]) == 1
    assert await storage.purge_evidence(before, at=at, categories=["drugs"]) == 0
    links = await storage.evidence()
    assert links[0].payload["purged"] is True
    assert links[0].purged_at == at
    assert links[1].payload == {"text": "old grooming"}
    marker = links[-1]
    assert (marker.seq, marker.payload["type"], marker.payload["seq_ranges"]) == (
        4,
        "purge",
        [[1, 1]],
    )
    assert (await storage.verify_evidence()).ok

    assert await storage.purge_evidence(before, at=at, community="fr") == 1
    report = await storage.verify_evidence()
    assert (report.ok, report.count) == (True, 5)

    # A well-formed stub carrying another payload's digest is still caught.
    forged = purge_stub('{"text":"nothing to see"}')
    await raw(storage_url, "UPDATE evidence SET payload = :forged WHERE seq = 1", forged=forged)
    assert (await storage.verify_evidence()).first_bad_seq == 1


async def test_unserialisable_evidence_is_refused(storage: Storage) -> None:
    with pytest.raises(StorageError, match="JSON"):
        await storage.append_evidence("fr", None, {"at": T0}, T0)
    assert await storage.chain_head() == (0, GENESIS_HASH)


# Small values


async def test_key_values(storage: Storage) -> None:
    assert await storage.get_value("matrix.since") is None
    await storage.set_value("matrix.since", "s1_2", T0)
    await storage.set_value("matrix.since", "s9_9", T0 + timedelta(seconds=1))
    assert await storage.get_value("matrix.since") == "s9_9"


# Opening


async def test_bad_urls_raise_storage_errors(tmp_path: Any) -> None:
    with pytest.raises(StorageError, match="unsupported"):
        await Storage.open("mysql://db/vigie")
    with pytest.raises(StorageUnavailable, match="does not exist"):
        await Storage.open(f"sqlite:///{tmp_path / 'missing' / 'vigie.db'}")


@pytest.mark.postgres
async def test_unknown_postgres_database_is_unavailable(postgres_server: Any) -> None:
    # asyncpg raises this one itself, unwrapped by SQLAlchemy, while connecting.
    with pytest.raises(StorageUnavailable, match="does not exist"):
        await Storage.open(postgres_server.url("no_such_database"))


def test_sqlite_storage_does_not_import_the_postgresql_driver(tmp_path: Any) -> None:
    code = (
        "import asyncio, sys\n"
        "from datetime import UTC, datetime\n"
        "from bot.storage import Storage\n"
        "async def main():\n"
        f"    async with await Storage.open('sqlite:///{tmp_path / 'vigie.db'}') as storage:\n"
        "        await storage.set_value('k', 'v', datetime.now(UTC))\n"
        "asyncio.run(main())\n"
        "print('asyncpg' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False"]


async def test_unreachable_postgres_is_unavailable() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(StorageUnavailable):
        await Storage.open(f"postgresql://vigie@127.0.0.1:{port}/vigie")
