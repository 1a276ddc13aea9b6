"""`vigie export case N`: a bundle for law enforcement, with a SHA-256 manifest.

The bundle is a folder (and optionally a zip of it) holding:
- case.json: the case, its history, its evidence records with their chain hashes, the platform
  actions taken and their status, the user reports linked to it, and the chain verification;
- summary.txt: the same, readable by a person;
- manifest.sha256: `sha256sum -c` compatible digests of the two files above.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.storage import Storage

MANIFEST = "manifest.sha256"
FILES = ("case.json", "summary.txt")


class ExportError(ValueError):
    """Say why a bundle cannot be written."""


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


async def gather(storage: Storage, community: str, number: int, now: datetime) -> dict[str, Any]:
    """Collect everything stored about a case."""
    case = await storage.get_case(community, number)
    if case is None:
        raise ExportError(f"no case #{number} in community {community!r}")
    events = await storage.case_events(community, number)
    evidence = await storage.evidence(community=community, case_id=case.id)
    actions = [a for a in await storage.pending_actions(community, None) if a.case_id == case.id]
    reports = [r for r in await storage.user_reports_between(community) if r.case_id == case.id]
    chain = await storage.verify_evidence()
    seq, head = await storage.chain_head()
    bundle: dict[str, Any] = _plain(
        {
            "format": "vigie-case-bundle/1",
            "exported_at": now,
            "community": community,
            "case": asdict(case),
            "history": [asdict(e) for e in events],
            "evidence": [asdict(r) for r in evidence],
            "platform_actions": [
                {k: v for k, v in asdict(a).items() if k != "payload"} | {"call": a.payload}
                for a in actions
            ],
            "user_reports": [asdict(r) for r in reports],
            "chain": {"verified": asdict(chain), "head_seq": seq, "head_hash": head},
            "how_to_verify": (
                "Each evidence record's hash is SHA-256(prev_hash + canonical JSON of "
                "{seq, community, case_id, at, payload_sha256}), payload_sha256 being the "
                "SHA-256 of the canonical JSON payload (sorted keys, no spaces, UTF-8); see "
                "bot/storage/chain.py. A purged record keeps only that digest."
            ),
        }
    )
    return bundle


def summary(bundle: dict[str, Any]) -> str:
    """Render the bundle for a person to read."""
    case = bundle["case"]
    lines = [
        f"Vigie case bundle: community {bundle['community']}, case #{case['number']}",
        f"Exported at {bundle['exported_at']}",
        "",
        f"Action: {case['action']} ({case['kind']}){' — dismissed' if case['dismissed'] else ''}",
        f"Member: {case['user_name'] or ''} ({case['user_id']})",
        f"Decided by: {case['moderator_id'] or 'Vigie, automatically'} at {case['created_at']}",
        f"Rule: {case['rule'] or '-'} · Category: {case['category'] or '-'}",
        f"Room: {case['room'] or '-'} · Message: {case['message_id'] or '-'}",
        f"Reason: {case['reason'] or '-'}",
    ]
    if case["expires_at"]:
        lines.append(f"Ends: {case['expires_at']}")
    lines += ["", "History:"]
    lines += [
        f"- {e['at']} {e['kind']} ({e['author'] or '-'}): {e['text']}" for e in bundle["history"]
    ]
    lines += ["", "Evidence (append-only hash chain):"]
    for record in bundle["evidence"]:
        payload = record["payload"]
        lines.append(f"- record {record['seq']} at {record['at']}, hash {record['hash']}")
        if record["purged_at"]:
            lines.append(f"  purged at {record['purged_at']}; digest kept")
            continue
        for key in ("author_id", "author_name", "room", "message_id", "ts", "text"):
            if payload.get(key):
                lines.append(f"  {key}: {payload[key]}")
        for match in payload.get("matches", []):
            lines.append(
                f"  rule {match['rule']} ({match['category']}): {match['summary']}; "
                f"signals {', '.join(match['signals']) or '-'}"
            )
        for attachment in payload.get("attachments", []):
            lines.append(f"  attachment {attachment['filename']}: sha256 {attachment['sha256']}")
    lines += ["", "Platform actions:"]
    lines += [
        f"- {a['kind']}: {a['status']} (attempts {a['attempts']}"
        f"{', last error ' + a['last_error'] if a['last_error'] else ''})"
        for a in bundle["platform_actions"]
    ] or ["- none"]
    chain = bundle["chain"]
    state = "verifies" if chain["verified"]["ok"] else f"BROKEN: {chain['verified']['reason']}"
    lines += [
        "",
        f"Whole chain at export: {state}; head {chain['head_seq']} {chain['head_hash']}",
        "",
        bundle["how_to_verify"],
    ]
    return "\n".join(lines) + "\n"


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_bundle(bundle: dict[str, Any], out: Path, *, zipped: bool = False) -> Path:
    """Write the bundle folder (and zip) under `out`; return the folder (or the zip)."""
    case = bundle["case"]
    folder = out / f"case-{bundle['community']}-{case['number']}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.json").write_text(
        json.dumps(bundle, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    (folder / "summary.txt").write_text(summary(bundle), encoding="utf-8")
    manifest = "".join(f"{sha256_file(folder / name)}  {name}\n" for name in FILES)
    (folder / MANIFEST).write_text(manifest, encoding="utf-8")
    if not zipped:
        return folder
    archive = folder.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle_zip:
        for name in (*FILES, MANIFEST):
            bundle_zip.write(folder / name, f"{folder.name}/{name}")
    return archive
