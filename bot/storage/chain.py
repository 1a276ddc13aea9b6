"""The evidence hash chain: canonical JSON, link hashes, redaction stubs, verification.

Each link hashes the SHA-256 of its payload rather than the payload itself, so a
retention purge can replace the payload with a stub carrying that digest and the
chain still verifies end to end. Everything here is pure so an exported chain can
be checked with this module alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeGuard

from bot.storage.errors import StorageError
from bot.storage.records import ChainReport

GENESIS_HASH = "0" * 64
_HEX = frozenset("0123456789abcdef")


def canonical_json(value: Any) -> str:
    """Serialise `value` to the one canonical JSON text used for hashing."""
    try:
        return json.dumps(
            value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )
    except (TypeError, ValueError) as err:
        msg = f"evidence payload is not plain JSON: {err}"
        raise StorageError(msg) from err


def sha256_hex(text: str) -> str:
    """Return the hex SHA-256 of `text` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def format_at(at: datetime) -> str:
    """Render a timestamp in the fixed UTC form that enters the hash."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def link_hash(
    prev_hash: str, *, seq: int, community: str, case_id: int | None, at: datetime, payload_sha: str
) -> str:
    """Compute a link's hash from its predecessor and its own fields."""
    body = canonical_json(
        {
            "seq": seq,
            "community": community,
            "case_id": case_id,
            "at": format_at(at),
            "payload_sha256": payload_sha,
        }
    )
    return sha256_hex(prev_hash + body)


def purge_stub(payload_text: str) -> str:
    """Return the canonical redaction stub that replaces a purged payload."""
    return canonical_json({"purged": True, "payload_sha256": sha256_hex(payload_text)})


def stub_digest(stub_text: str) -> str | None:
    """Return the payload digest a redaction stub carries, or None if it is malformed."""
    try:
        stub = json.loads(stub_text)
    except ValueError:
        return None
    if not isinstance(stub, dict) or set(stub) != {"purged", "payload_sha256"}:
        return None
    digest = stub["payload_sha256"]
    if stub["purged"] is not True or not _is_hex64(digest):
        return None
    return digest


def _is_hex64(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX


@dataclass(frozen=True, slots=True)
class Link:
    """Hold the stored fields of one link, as read back for verification."""

    seq: int
    community: str
    case_id: int | None
    at: datetime
    payload: str
    prev_hash: str
    hash: str
    purged: bool


class ChainVerifier:
    """Check links fed in seq order and remember the first break."""

    def __init__(self) -> None:
        self.count = 0
        self.last_seq = 0
        self.last_hash = GENESIS_HASH
        self.first_bad_seq: int | None = None
        self.reason: str | None = None

    @property
    def ok(self) -> bool:
        """Tell whether no break has been seen so far."""
        return self.first_bad_seq is None

    def feed(self, link: Link) -> bool:
        """Check the next link; return False once the chain is broken."""
        if not self.ok:
            return False
        self.count += 1
        expected = self.last_seq + 1
        if link.seq != expected:
            return self._fail(expected, f"record {expected} is missing (next found is {link.seq})")
        if link.prev_hash != self.last_hash:
            return self._fail(link.seq, "prev_hash does not match the previous record's hash")
        digest = stub_digest(link.payload) if link.purged else sha256_hex(link.payload)
        if digest is None:
            return self._fail(link.seq, "purged record carries a malformed redaction stub")
        computed = link_hash(
            link.prev_hash,
            seq=link.seq,
            community=link.community,
            case_id=link.case_id,
            at=link.at,
            payload_sha=digest,
        )
        if computed != link.hash:
            return self._fail(link.seq, "hash does not match the record's contents")
        self.last_seq, self.last_hash = link.seq, link.hash
        return True

    def finish(self, head_seq: int, head_hash: str) -> ChainReport:
        """Compare the last link with the stored chain head and report."""
        if self.ok:
            self._check_head(head_seq, head_hash)
        return ChainReport(
            ok=self.ok, count=self.count, first_bad_seq=self.first_bad_seq, reason=self.reason
        )

    def _check_head(self, head_seq: int, head_hash: str) -> None:
        # The head catches what no link can: records cut off the end of the chain.
        if self.last_seq < head_seq:
            self._fail(self.last_seq + 1, f"records after {self.last_seq} are missing")
        elif self.last_seq > head_seq:
            self._fail(head_seq + 1, f"records run past the chain head at {head_seq}")
        elif self.last_hash != head_hash:
            self._fail(head_seq, "the chain head hash does not match the last record")

    def _fail(self, seq: int, reason: str) -> bool:
        self.first_bad_seq, self.reason = seq, reason
        return False
