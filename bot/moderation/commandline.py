"""`vigie evidence verify|purge`, `vigie export case|statements`, `vigie stats`.

Each reads the config (for the storage URL, retention and appeal texts) and opens the
database it names; `--storage URL` overrides it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from bot.config import BUNDLED_CONFIG, Config, load_config
from bot.moderation import exports, retention, stats
from bot.moderation.statements import statements
from bot.registry import Registry
from bot.storage import Storage, StorageError

EXIT_PROBLEM = 1


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the moderation subcommands to the `vigie` parser."""
    evidence = sub.add_parser("evidence", help="verify or purge the evidence chain")
    actions = evidence.add_subparsers(required=True, metavar="ACTION")
    verify = actions.add_parser("verify", help="recompute the hash chain; exit 1 if tampered")
    _common(verify)
    verify.set_defaults(run=evidence_verify)
    purge = actions.add_parser("purge", help="redact evidence past its retention period")
    _common(purge)
    purge.add_argument("--dry-run", action="store_true", help="count, redact nothing")
    purge.add_argument("--now", help="purge as of this UTC time (default: now)")
    purge.set_defaults(run=evidence_purge)

    export = sub.add_parser("export", help="export a case bundle or DSA statements of reasons")
    kinds = export.add_subparsers(required=True, metavar="WHAT")
    case = kinds.add_parser("case", help="write a case bundle for law enforcement")
    case.add_argument("number", type=int)
    _common(case)
    case.add_argument("--community", help="the case's community (default: the first)")
    case.add_argument("--out", default=".", help="folder to write into")
    case.add_argument("--zip", action="store_true", help="also write a zip of the bundle")
    case.set_defaults(run=export_case)
    sor = kinds.add_parser("statements", help="DSA Art. 17 statements, Transparency DB shape")
    _common(sor)
    sor.add_argument("--since", required=True, help="UTC date or time, such as 2026-03-01")
    sor.add_argument("--until", help="UTC date or time (default: now)")
    sor.add_argument("--community")
    sor.add_argument("--out", help="file to write (default: standard output)")
    sor.set_defaults(run=export_statements)

    figures = sub.add_parser("stats", help="counts per category and action, time to action")
    _common(figures)
    figures.add_argument("--community")
    figures.add_argument("--since")
    figures.add_argument("--until")
    figures.add_argument("--json", action="store_true", help="print one JSON object")
    figures.set_defaults(run=print_stats)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="the bot's config (default: the bundled example)")
    parser.add_argument("--storage", help="database URL, instead of the config's")


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _time(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise SystemExit(
            f"bad date {text!r}: write it like 2026-03-01 or 2026-03-01T18:00"
        ) from exc
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _config(args: argparse.Namespace, registry: Registry) -> Config:
    return load_config(args.config or BUNDLED_CONFIG, registry, require_secrets=False)


@asynccontextmanager
async def _storage(args: argparse.Namespace, config: Config) -> AsyncIterator[Storage]:
    async with await Storage.open(args.storage or config.model.storage) as storage:
        yield storage


def _community(config: Config, name: str | None) -> str:
    if name is None:
        return next(iter(config.communities))
    if name not in config.communities:
        raise SystemExit(
            f"unknown community {name!r}; this config has: {', '.join(config.communities)}"
        )
    return name


async def evidence_verify(args: argparse.Namespace, registry: Registry) -> int:
    """Recompute the chain; print where it breaks, if it does."""
    config = _config(args, registry)
    try:
        async with _storage(args, config) as storage:
            report, (seq, head) = await retention.verify(storage)
    except StorageError as exc:
        _err(f"cannot read the evidence: {exc}")
        return EXIT_PROBLEM
    if report.ok:
        _out(f"ok: {report.count} record(s) verify; head {seq} {head}")
        return 0
    _out(f"TAMPERED: record {report.first_bad_seq}: {report.reason} ({report.count} checked)")
    return EXIT_PROBLEM


async def evidence_purge(args: argparse.Namespace, registry: Registry) -> int:
    """Redact evidence past each category's retention; the chain keeps verifying."""
    config = _config(args, registry)
    now = _time(args.now) or datetime.now(UTC)
    try:
        async with _storage(args, config) as storage:
            purged = await retention.purge(config, storage, now, dry_run=args.dry_run)
            report = None if args.dry_run else await storage.verify_evidence()
    except StorageError as exc:
        _err(f"cannot purge: {exc}")
        return EXIT_PROBLEM
    if not purged:
        _out("no retention configured: nothing purged (set `retention:` per community)")
        return 0
    verb = "would purge" if args.dry_run else "purged"
    for item in purged:
        _out(
            f"{item.community} {item.category}: {verb} {item.count} record(s) "
            f"older than {item.before:%Y-%m-%d %H:%M} UTC"
        )
    if report is not None:
        _out(f"chain: {'ok' if report.ok else 'BROKEN: ' + str(report.reason)}")
        return 0 if report.ok else EXIT_PROBLEM
    return 0


async def export_case(args: argparse.Namespace, registry: Registry) -> int:
    """Write a case bundle: JSON, summary and SHA-256 manifest."""
    config = _config(args, registry)
    community = _community(config, args.community)
    try:
        async with _storage(args, config) as storage:
            bundle = await exports.gather(storage, community, args.number, datetime.now(UTC))
    except (StorageError, exports.ExportError) as exc:
        _err(f"cannot export: {exc}")
        return EXIT_PROBLEM
    written = exports.write_bundle(bundle, Path(args.out), zipped=args.zip)
    _out(f"case #{args.number} of {community} written to {written}")
    return 0


async def export_statements(args: argparse.Namespace, registry: Registry) -> int:
    """Write the statements of reasons of a time range."""
    config = _config(args, registry)
    since = _time(args.since)
    assert since is not None
    try:
        async with _storage(args, config) as storage:
            found = await statements(
                config,
                storage,
                since,
                _time(args.until),
                args.community and _community(config, args.community),
            )
    except StorageError as exc:
        _err(f"cannot export: {exc}")
        return EXIT_PROBLEM
    text = json.dumps({"statements": found}, indent=2, ensure_ascii=False)
    if args.out:
        _write(Path(args.out), text + "\n")
        _out(f"{len(found)} statement(s) written to {args.out}")
    else:
        _out(text)
    return 0


async def print_stats(args: argparse.Namespace, registry: Registry) -> int:
    """Print counts per category and action, origins and median time to action."""
    config = _config(args, registry)
    names = [_community(config, args.community)] if args.community else list(config.communities)
    try:
        async with _storage(args, config) as storage:
            figures = [
                await stats.gather(storage, name, _time(args.since), _time(args.until))
                for name in names
            ]
    except StorageError as exc:
        _err(f"cannot read the cases: {exc}")
        return EXIT_PROBLEM
    if args.json:
        _out(json.dumps([f.as_dict() for f in figures], ensure_ascii=False))
    else:
        _out("\n".join(f.table() for f in figures))
    return 0
