"""The `vigie` commands on stored cases: evidence verify/purge, exports, statements, stats."""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
import zipfile
from datetime import timedelta

from bot.cli import main
from tests.support.modconfig import RULES
from tests.support.testbot import START

RETENTION = RULES.replace(
    "    appeals:",
    "    retention: {default: 30d, hate_harassment: 1d}\n"
    "    terms_url: https://example.org/rules\n"
    "    appeals:",
)


async def vigie(*argv: str) -> int:
    """Run the command line in a thread (it runs its own event loop)."""
    return await asyncio.to_thread(main, list(argv))


async def populated(testbot, tmp_path):
    """A bot whose database holds automatic, manual and reported cases."""
    (tmp_path / "vigie.yaml").write_text(RETENTION)
    bot = await testbot(RETENTION, db="cli")
    bot.member("mod", 50)
    bot.member("alice")
    await bot.say("t'es un connard", user="alice")  # 1 auto warn, hate_harassment
    await bot.say("beuh ce soir", user="bob")  # 2 auto timeout, drugs
    await bot.say("ce sera notre secret", user="carol")  # 3 auto report, child_safety
    await bot.command(
        "!vigie report sells drugs",
        user="dan",
        room="general",
        reply_to="m2",
        reply_to_author="bob",
        reply_to_text="beuh ce soir",
    )
    bot.tick(120)
    await bot.press(bot.adapter.report_ids[-1], "timeout")  # 4 manual timeout from the report
    await bot.command("!vigie ban alice 7d repeated insults")  # 5 manual ban
    options = [
        "--config",
        str(tmp_path / "vigie.yaml"),
        "--storage",
        f"sqlite:///{tmp_path / 'cli.db'}",
    ]
    return bot, options


async def test_evidence_verify_detects_tampering(testbot, tmp_path, capsys):
    _, options = await populated(testbot, tmp_path)
    assert await vigie("evidence", "verify", *options) == 0
    assert capsys.readouterr().out.startswith("ok: 6 record(s) verify; head 6 ")
    with sqlite3.connect(tmp_path / "cli.db") as db:
        db.execute(
            "UPDATE evidence SET payload = replace(payload, 'connard', 'gentil') WHERE seq = 1"
        )
    assert await vigie("evidence", "verify", *options) == 1
    out = capsys.readouterr().out
    assert out.startswith("TAMPERED: record 1: hash does not match the record's contents")


async def test_evidence_purge_by_category_keeps_the_chain_verifiable(testbot, tmp_path, capsys):
    bot, options = await populated(testbot, tmp_path)
    storage = bot.bot.executor.storage
    soon = (START + timedelta(days=2)).isoformat()
    assert await vigie("evidence", "purge", *options, "--now", soon, "--dry-run") == 0
    assert "demo hate_harassment: would purge 1 record(s)" in capsys.readouterr().out
    assert await vigie("evidence", "purge", *options, "--now", soon) == 0
    out = capsys.readouterr().out
    assert "demo hate_harassment: purged 1 record(s)" in out
    assert "demo default: purged 0 record(s)" in out
    assert out.rstrip().endswith("chain: ok")
    later = (START + timedelta(days=40)).isoformat()
    assert await vigie("evidence", "purge", *options, "--now", later) == 0
    assert "demo default: purged 4 record(s)" in capsys.readouterr().out
    records = await storage.evidence(community="demo")
    kept = [r for r in records if r.purged_at is None and r.payload.get("type") != "purge"]
    # Child safety is urgent: only an explicit retention entry would purge it.
    assert [r.payload["matches"][0]["category"] for r in kept] == ["child_safety"]
    assert all(set(r.payload) == {"purged", "payload_sha256"} for r in records[:2])
    assert await vigie("evidence", "verify", *options) == 0


async def test_export_case_bundle_with_a_verifiable_manifest(testbot, tmp_path, capsys):
    _, options = await populated(testbot, tmp_path)
    out = tmp_path / "out"
    assert await vigie("export", "case", "2", *options, "--out", str(out), "--zip") == 0
    assert "written to" in capsys.readouterr().out
    folder = out / "case-demo-2"
    manifest = (folder / "manifest.sha256").read_text().splitlines()
    assert len(manifest) == 2
    for line in manifest:
        digest, name = line.split("  ")
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    bundle = json.loads((folder / "case.json").read_text())
    assert bundle["case"]["action"] == "timeout"
    assert bundle["evidence"][0]["payload"]["text"] == "beuh ce soir"
    assert bundle["chain"]["verified"]["ok"] is True
    assert {a["kind"] for a in bundle["platform_actions"]} >= {"delete", "timeout", "report"}
    summary = (folder / "summary.txt").read_text()
    assert "Vigie case bundle: community demo, case #2" in summary
    assert "text: beuh ce soir" in summary
    with zipfile.ZipFile(out / "case-demo-2.zip") as archive:
        assert sorted(archive.namelist()) == [
            "case-demo-2/case.json",
            "case-demo-2/manifest.sha256",
            "case-demo-2/summary.txt",
        ]
    assert await vigie("export", "case", "99", *options, "--out", str(out)) == 1
    assert "no case #99" in capsys.readouterr().err


async def test_statements_of_reasons_in_transparency_database_shape(testbot, tmp_path, capsys):
    _, options = await populated(testbot, tmp_path)
    target = tmp_path / "sor.json"
    since = "2026-03-01"
    assert (
        await vigie("export", "statements", *options, "--since", since, "--out", str(target)) == 0
    )
    found = {s["puid"]: s for s in json.loads(target.read_text())["statements"]}
    # The report-only child-safety case restricts nothing: no statement.
    assert sorted(found) == ["demo-case-1", "demo-case-2", "demo-case-4", "demo-case-5"]
    auto = found["demo-case-2"]
    assert auto["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert auto["decision_provision"] == "DECISION_PROVISION_PARTIAL_SUSPENSION"
    assert auto["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert auto["incompatible_content_illegal"] == "Yes"
    assert auto["category"] == "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS"
    assert auto["automated_detection"] == "Yes"
    assert auto["automated_decision"] == "AUTOMATED_DECISION_FULLY"
    assert auto["source_type"] == "SOURCE_VOLUNTARY"
    assert auto["content_date"] == "2026-03-01"
    assert auto["end_date_service_restriction"] == "2026-03-01"
    assert "signals: word:beuh" in auto["decision_facts"]
    assert auto["decision_ground_reference_url"] == "https://example.org/rules"
    assert auto["redress"] == "Contest: write to appel@example.org"
    reported = found["demo-case-4"]
    assert reported["source_type"] == "SOURCE_ARTICLE_16"
    assert reported["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    ban = found["demo-case-5"]
    assert ban["decision_provision"] == "DECISION_PROVISION_TOTAL_SUSPENSION"
    assert ban["automated_detection"] == "No"
    assert "decision_visibility" not in ban


async def test_stats_counts_and_time_to_action(testbot, tmp_path, capsys):
    _, options = await populated(testbot, tmp_path)
    assert await vigie("stats", *options, "--json") == 0
    (figures,) = json.loads(capsys.readouterr().out)
    assert figures["cases_by_category"] == {"drugs": 1, "hate_harassment": 1, "none": 2}
    assert figures["cases_by_action"] == {"ban": 1, "timeout": 2, "warn": 1}
    assert figures["cases_by_origin"] == {"moderator": 1, "proactive": 2, "reported": 1}
    assert figures["user_reports"] == {"actioned": 1}
    medians = figures["median_seconds_to_action"]
    assert medians["proactive"] == 0
    assert medians["reported"] == 121
    assert await vigie("stats", *options) == 0
    assert "median time to action: proactive 0s, reported 2m" in capsys.readouterr().out
