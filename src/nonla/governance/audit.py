"""The tamper-evident audit log: each row's hash covers its fields and the previous row's hash.

Editing, deleting or reordering any row breaks the chain at that row; deleting rows at the end shows against the
head record written in the same transaction as every append. Raw inputs are never stored, only digests, keyed with
the installation's secret (nonla.governance.call_digest).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, Text, func, select, text, type_coerce
from sqlalchemy.orm import Session, defer

from nonla.core.events import Event
from nonla.governance.call_digest import stored_call_digest
from nonla.store.db import session
from nonla.store.schema import ApiKey, AuditHead, AuditRecord

GENESIS = "0" * 64
HASHED_FIELDS = (
    "seq", "at", "actor", "action", "target", "status", "error_code", "items",
    "model_sha256", "input_digest", "output_digest", "latency_us", "detail",
)  # fmt: skip
# Hashed only when set: rows written before a field existed keep the hash they were written with, so old chains verify.
OPTIONAL_HASHED = ("tenant",)


def row_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """sha256(prev_hash || canonical JSON of the hashed fields).

    >>> row_hash(GENESIS, {"seq": 1})[:16]
    '5b1e3fb3f8f96129'
    >>> row_hash(GENESIS, {"seq": 1, "tenant": None}) == row_hash(GENESIS, {"seq": 1})
    True
    >>> row_hash(GENESIS, {"seq": 1, "tenant": "so-y-te"}) == row_hash(GENESIS, {"seq": 1})
    False
    """
    hashed = {k: fields.get(k) for k in HASHED_FIELDS}
    hashed.update({k: fields[k] for k in OPTIONAL_HASHED if fields.get(k) is not None})
    body = json.dumps(hashed, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def append(s: Session, event: Event) -> AuditRecord:
    """Append one row inside the caller's transaction (so the action and its audit row commit together)."""
    if s.get_bind().dialect.name == "postgresql":
        # Serialise appends across connections, including the very first one when no head row exists to lock yet.
        s.execute(text("SELECT pg_advisory_xact_lock(7324001)"))
    head = s.get(AuditHead, 1)
    seq, prev = (head.seq + 1, head.hash) if head else (1, GENESIS)
    fields: dict[str, Any] = {
        "seq": seq, "at": event.at, "actor": event.actor, "action": event.action, "target": "", "status": "ok",
        "error_code": None, "items": 0, "model_sha256": "", "input_digest": "", "output_digest": "",
        "latency_us": 0, "detail": {},
    }  # fmt: skip
    fields.update(event.audit_fields())
    _key_digests(s, fields)
    record = AuditRecord(**fields, prev_hash=prev, hash=row_hash(prev, fields))
    s.add(record)
    if head is None:
        s.add(AuditHead(id=1, seq=seq, hash=record.hash))
    else:
        head.seq, head.hash = seq, record.hash
    return record


def _key_digests(s: Session, fields: dict[str, Any]) -> None:
    """A call's input and output digests, keyed before they are stored: an auditor reads the rows, and the unkeyed
    digest of one short form field (a CCCD or phone number) gives the field back (nonla.governance.call_digest)."""
    for name in ("input_digest", "output_digest"):
        fields[name] = stored_call_digest(fields[name], s)


def record(event: Event) -> None:
    """A runner sink: one committed audit row per event."""
    with session(write=True) as s:
        append(s, event)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    rows: int
    first_bad_seq: int | None = None
    reason: str = ""


class _Unreadable(str):
    """A row's detail that is not JSON: someone wrote into the table by hand (its hash can never match)."""


def _detail(raw: Any, decoded: bool) -> Any:
    """The stored detail, decoded here rather than by the column type, so a hand-edited value is reported, not
    raised. PostgreSQL's driver hands back JSON already ``decoded`` (and never stores invalid JSON)."""
    if decoded or not isinstance(raw, str):
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return _Unreadable(raw)


def with_raw_detail() -> Select[tuple[AuditRecord, str]]:
    """Rows with their detail as stored text: the JSON column type would raise on a hand-edited value."""
    raw = type_coerce(AuditRecord.detail, Text).label("raw_detail")
    return select(AuditRecord, raw).options(defer(AuditRecord.detail))


def shown_detail(raw: Any, s: Session) -> Any:
    """The detail decoded for display: a value that is not JSON is shown as the text it holds (verify names the
    row)."""
    detail = _detail(raw, s.get_bind().dialect.name == "postgresql")
    return str(detail) if isinstance(detail, _Unreadable) else detail


def _rows(
    s: Session, since_seq: int | None = None, action: str | None = None, batch: int = 5_000
) -> Iterator[dict[str, Any]]:
    """Rows as dicts in sequence order, from the lowest seq stored (a row forged with seq 0 or below is read too)."""
    query = with_raw_detail().order_by(AuditRecord.seq).limit(batch)
    if action:
        query = query.where(AuditRecord.action == action)
    last, decoded = since_seq, s.get_bind().dialect.name == "postgresql"
    while True:
        chunk = list(s.execute(query if last is None else query.where(AuditRecord.seq > last)))
        for row, detail in chunk:
            yield {
                k: _detail(detail, decoded) if k == "detail" else getattr(row, k)
                for k in (*HASHED_FIELDS, *OPTIONAL_HASHED, "prev_hash", "hash")
            }
        if len(chunk) < batch:
            return
        last = chunk[-1][0].seq


def verify() -> Verdict:
    """Walk the chain from the first row; report the first row that does not hold."""
    expected_seq, prev, count = 1, GENESIS, 0
    with session() as s:
        for row in _rows(s):
            seq = row["seq"]
            if seq != expected_seq:
                return Verdict(False, count, expected_seq, f"row {expected_seq} is missing (next row is {seq})")
            if row["prev_hash"] != prev:
                return Verdict(
                    False, count, seq, f"row {seq} does not follow row {seq - 1} (rows deleted, reordered or edited)"
                )
            if isinstance(row["detail"], _Unreadable) or row_hash(prev, row) != row["hash"]:
                return Verdict(False, count, seq, f"row {seq} was edited: its contents no longer match its hash")
            prev, expected_seq, count = row["hash"], expected_seq + 1, count + 1
        head = s.get(AuditHead, 1)
        keys = s.scalar(select(func.count()).select_from(ApiKey)) or 0
    if head is None and not count and keys:  # creating a key writes a row: a store with keys and no log was wiped
        return Verdict(
            False, 0, 1, f"the audit log is empty, yet the store holds {keys} API keys whose creation it records"
        )
    if head is None and count:  # the first row written also writes the head: rows without one lost their end
        return Verdict(False, count, count + 1, f"the chain's head record is gone: rows after {count} may be deleted")
    if head is not None and (head.seq != count or head.hash != prev):
        return Verdict(False, count, count + 1, f"rows after {count} were deleted (the head records row {head.seq})")
    return Verdict(True, count)


def export(since_seq: int = 0, limit: int | None = None, action: str | None = None) -> Iterator[dict[str, Any]]:
    """Rows as plain dicts, in chain order, for JSONL export or the REST listing."""
    with session() as s:
        for count, row in enumerate(_rows(s, since_seq=since_seq, action=action), start=1):
            # a hand-edited detail that is not JSON is exported as the text it holds (verify names the row)
            yield {**row, "detail": str(row["detail"])} if isinstance(row["detail"], _Unreadable) else row
            if limit and count >= limit:
                return
