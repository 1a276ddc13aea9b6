"""The `vigie` command: check-config, schema, scan, evaluate, explain and the demo."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence

from bot import offline
from bot.config import ROOT, ConfigError
from bot.moderation.commandline import add_commands as moderation_commands
from bot.registry import Registry, load_plugins
from bot.replay import ReplayError

EXIT_CONFIG = 2
DEMO_EVENTS = ROOT / "config" / "demo" / "events.jsonl"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    registry = load_plugins()
    try:
        return int(asyncio.run(args.run(args, registry)) or 0)
    except ConfigError as exc:
        print(f"configuration error:\n{exc}", file=sys.stderr)
        return EXIT_CONFIG
    except ReplayError as exc:
        print(f"bad event stream: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except FileNotFoundError as exc:
        print(f"file not found: {exc.filename}", file=sys.stderr)
        return EXIT_CONFIG


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vigie", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    check = sub.add_parser("check-config", help="validate a config and print effective rules")
    check.add_argument("file")
    check.set_defaults(run=offline.check_config)

    schema = sub.add_parser("schema", help="print the JSON Schema of the config")
    schema.set_defaults(run=offline.schema)

    scan = sub.add_parser("scan", help="replay a JSONL stream and print what triggered")
    scan.add_argument("events")
    scan.add_argument("--config")
    scan.add_argument("--community", help="community the stream belongs to (default: first)")
    scan.set_defaults(run=offline.scan)

    evaluate = sub.add_parser("evaluate", help="precision and recall against labels")
    evaluate.add_argument("events")
    evaluate.add_argument("labels")
    evaluate.add_argument("--config")
    evaluate.add_argument("--community")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument(
        "--errors",
        action="store_true",
        help="also print each mistaken message with its text (never on a held-out corpus)",
    )
    evaluate.add_argument(
        "--by-rule",
        action="store_true",
        help="also tally each rule's flags: right, on benign messages, on other labels "
        "(no message text: fine on a held-out corpus)",
    )
    evaluate.add_argument(
        "--meta",
        help="meta.json naming evasion and hard-negative messages (default: beside LABELS)",
    )
    evaluate.set_defaults(run=offline.evaluate)

    explain = sub.add_parser(
        "explain", help="show which rule fires on a text, and why, and what the others saw"
    )
    explain.add_argument("text")
    explain.add_argument("--config")
    explain.add_argument("--community")
    explain.add_argument("--room", default="general")
    explain.set_defaults(run=offline.explain)

    demo = sub.add_parser("demo", help="replay the bundled demo and narrate what Vigie does")
    demo.add_argument("--config")
    demo.add_argument("--events", default=str(DEMO_EVENTS))
    demo.set_defaults(run=offline.demo)

    invite = sub.add_parser(
        "invite-url", help="print the Discord invite URL with the permissions the rules need"
    )
    invite.add_argument("--config", required=True)
    invite.add_argument("--community", help="only this Discord community (default: all)")
    invite.add_argument("--application-id", help="the bot's application id, if not configured")
    invite.add_argument(
        "--commands", action="store_true", help="add what moderators' commands need (ban, clean...)"
    )
    invite.set_defaults(run=_invite_url)

    live = sub.add_parser("run", help="connect to the platforms and moderate until stopped")
    live.add_argument("--config", required=True)
    live.add_argument(
        "--log-format", choices=["text", "json"], help="log lines (text) or JSON (config: logs)"
    )
    live.set_defaults(run=_run_live)

    # evidence verify|purge, export case|statements, stats (docs/moderation.md)
    moderation_commands(sub)
    return parser


async def _invite_url(args: argparse.Namespace, registry: Registry) -> int:
    from bot.adapters import discord_invite  # noqa: PLC0415 - only this command needs discord.py

    return await discord_invite.run(args, registry)


async def _run_live(args: argparse.Namespace, registry: Registry) -> int:
    from bot import runner  # noqa: PLC0415 - only the live run needs the platform clients

    return await runner.run(args, registry)


def entry() -> None:
    """Exit with main()'s code."""
    try:
        sys.exit(main())
    except BrokenPipeError:
        # The reader went away (`vigie scan ... | head`): stop quietly, as other tools do.
        # Python would report the same error again when flushing stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    entry()
