"""The tenant of function-call audit rows joins the hash chain without breaking chains written before it existed:
a store written at revision 0012 still verifies after the upgrade, and an edited tenant on a new row is caught."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy import MetaData, Table, create_engine, update

from nonla.core.events import FunctionCalled
from nonla.governance import audit
from nonla.store.db import dispose_all, session
from nonla.store.migrate import upgrade
from nonla.store.schema import AuditRecord

OLD_FIELDS = ("seq", "at", "actor", "action", "target", "status", "error_code", "items", "model_sha256",
              "input_digest", "output_digest", "latency_us", "detail")  # fmt: skip


def old_hash(prev: str, fields: dict[str, object]) -> str:
    """The row hash as revision 0012 wrote it (no tenant field at all)."""
    body = json.dumps({k: fields.get(k) for k in OLD_FIELDS}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev}\n{body}".encode()).hexdigest()


def write_old_chain(url: str, rows: int) -> None:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    upgrade(engine, "0012")
    log, head = (Table(name, MetaData(), autoload_with=engine) for name in ("audit_log", "audit_head"))
    prev = audit.GENESIS
    with engine.begin() as conn:
        for seq in range(1, rows + 1):
            fields = {"seq": seq, "at": f"2026-01-0{seq}T00:00:00.000000Z", "actor": "key:old", "action": "function.call",
                      "target": "vi.words@1", "status": "ok", "error_code": None, "items": 1, "model_sha256": "",
                      "input_digest": "a" * 64, "output_digest": "b" * 64, "latency_us": 5, "detail": {}}  # fmt: skip
            digest = old_hash(prev, fields)
            conn.execute(log.insert().values(**fields, prev_hash=prev, hash=digest))
            prev = digest
        conn.execute(head.insert().values(id=1, seq=rows, hash=prev))
    engine.dispose()


def test_old_chain_verifies_after_upgrade_and_new_tenants_are_hashed(database: str) -> None:
    dispose_all()
    write_old_chain(database, 3)
    verdict = audit.verify()  # opens the store: migrates 0012 -> head
    assert verdict.ok and verdict.rows == 3, verdict
    with session() as s:
        assert {row.tenant for row in s.query(AuditRecord)} == {None}  # old rows: tenant unknown, not invented
    audit.record(FunctionCalled(actor="key:new", function="vi.words", version=1, tenant="so-y-te"))
    audit.record(FunctionCalled(actor="local", function="vi.words", version=1))  # no tenant: hashed as before
    assert audit.verify().ok and audit.verify().rows == 5
    [row] = [r for r in audit.export() if r["seq"] == 4]
    assert row["tenant"] == "so-y-te"

    def edited(seq: int, tenant: str | None) -> audit.Verdict:
        with session(write=True) as s:
            s.execute(update(AuditRecord).where(AuditRecord.seq == seq).values(tenant=tenant))
        return audit.verify()

    moved = edited(4, "so-xay-dung")  # a call moved to another agency
    assert not moved.ok and moved.first_bad_seq == 4 and "edited" in moved.reason
    assert not edited(4, None).ok  # or its tenant wiped
    assert edited(4, "so-y-te").ok
    assert edited(2, "so-y-te").first_bad_seq == 2  # a tenant given afterwards to an old row
    assert edited(2, None).ok
