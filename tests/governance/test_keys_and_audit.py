"""Keys and the audit chain on both databases: a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from nonla.core.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from nonla.core.events import FunctionCalled
from nonla.governance import audit, keys
from nonla.store.db import engine_for


def _calls(n: int) -> None:
    for i in range(n):
        audit.record(FunctionCalled(actor="key:test", function="vi.words", version=1, input_digest=f"{i:064d}"))


def _sql(statement: str) -> None:
    engine, _, _ = engine_for()
    with engine.begin() as conn:
        for part in statement.split(";"):
            conn.execute(text(part))


def test_keys_are_shown_once_and_stored_as_hashes(database: str) -> None:
    key, record = keys.create_key("caller", "inbox robot", scopes=["vi.*"])
    assert key.startswith(f"nonla_{record.id}_") and key not in record.secret_hash
    who = keys.authenticate(key)
    assert (who.role, who.scopes, who.actor) == ("caller", ("vi.*",), f"key:{record.id}")
    who.require_function("vi.words")
    with pytest.raises(Forbidden):
        who.require_function("text.language")
    with pytest.raises(Forbidden):
        who.require("keys.manage")
    assert [k.id for k in keys.list_keys()] == [record.id]


def test_revoked_wrong_and_missing_keys_are_refused(database: str) -> None:
    key, record = keys.create_key("admin", "ops")
    for bad in (None, "", "Bearer", key + "x", "nonla_nope_secret", key.replace(record.id, "000000000000")):
        with pytest.raises(Unauthorized):
            keys.authenticate(bad)
    keys.revoke_key(record.id)
    with pytest.raises(Unauthorized, match="revoked"):
        keys.authenticate(key)
    with pytest.raises(NotFound):
        keys.revoke_key("unknown")
    with pytest.raises(InvalidInput):
        keys.create_key("superuser", "x")


def test_a_blank_scope_is_refused_and_no_key_made(database: str) -> None:
    """A blank pattern made a key that may call nothing, which `nonla keys list` showed as '*' (every function)."""
    for scopes in ([""], ["  "], ["vi.*", ""]):
        with pytest.raises(InvalidInput, match="scope is empty"):
            keys.create_key("caller", "portal", scopes=scopes)
    assert keys.list_keys() == []


def test_intact_chain_verifies(database: str) -> None:
    keys.create_key("auditor", "court auditor")
    _calls(5)
    verdict = audit.verify()
    assert verdict.ok and verdict.rows == 6
    rows = list(audit.export())
    assert [r["seq"] for r in rows] == list(range(1, 7))
    assert rows[1]["prev_hash"] == rows[0]["hash"]


@pytest.mark.parametrize(
    ("tamper", "bad_row"),
    [
        ("UPDATE audit_log SET actor = 'key:someone-else' WHERE seq = 3", 3),
        ("UPDATE audit_log SET latency_us = latency_us + 1 WHERE seq = 5", 5),
        ("DELETE FROM audit_log WHERE seq = 2", 2),
        ("DELETE FROM audit_log WHERE seq >= 5", 5),
        (
            "UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3;"
            " UPDATE audit_log SET seq = 3 WHERE seq = -2",
            2,
        ),
        ("DELETE FROM audit_log WHERE seq >= 5; DELETE FROM audit_head", 5),
        ("INSERT INTO audit_log (seq, at, actor, action, target, status, error_code, items, latency_us,"
         " model_sha256, input_digest, output_digest, detail, tenant, prev_hash, hash)"
         " SELECT 0, at, actor, action, target, status, error_code, items, latency_us, model_sha256,"
         " input_digest, output_digest, detail, tenant, prev_hash, hash FROM audit_log WHERE seq = 1", 1),
    ],
    ids=["edited-actor", "edited-latency", "deleted-middle", "deleted-tail", "reordered", "deleted-tail-and-head",
         "forged-before-the-first"],
)
def test_tampering_is_detected_and_the_first_bad_row_named(database: str, tamper: str, bad_row: int) -> None:
    _calls(6)
    assert audit.verify().ok
    _sql(tamper)
    verdict = audit.verify()
    assert not verdict.ok
    assert verdict.first_bad_seq == bad_row, verdict.reason


def test_a_detail_that_is_not_json_is_an_edit_not_a_crash(nonla_home: Path) -> None:
    """SQLite keeps JSON as text, so a hand edit can leave a detail no JSON reader takes (PostgreSQL refuses it)."""
    _calls(4)
    _sql("UPDATE audit_log SET detail = '{not json' WHERE seq = 3")
    verdict = audit.verify()
    assert (verdict.ok, verdict.first_bad_seq) == (False, 3), verdict.reason
    assert [row["detail"] for row in audit.export()][2] == "{not json"  # exported as the text it holds
    assert [row["seq"] for row in audit.export(since_seq=1, limit=2)] == [2, 3]


def test_a_wiped_log_on_a_store_with_keys_does_not_verify(database: str) -> None:
    keys.create_key("auditor", "court auditor")
    _calls(3)
    _sql("DELETE FROM audit_log; DELETE FROM audit_head")
    verdict = audit.verify()
    assert (verdict.ok, verdict.rows) == (False, 0) and "empty" in verdict.reason


def test_concurrent_appends_keep_one_chain(database: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: _calls(5), range(4)))
    verdict = audit.verify()
    assert verdict.ok and verdict.rows == 20


def test_a_store_from_a_newer_version_is_a_clear_error(nonla_home: Path) -> None:
    import sqlite3

    from nonla.core.errors import StoreIncompatible
    from nonla.store.db import dispose_all

    keys.create_key("admin", "first")
    dispose_all()
    with sqlite3.connect(nonla_home / "nonla.db") as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreIncompatible, match="9999"):
        keys.list_keys()
    dispose_all()


def test_the_first_admin_key_is_made_once_however_many_servers_start(database: str) -> None:
    """Two servers starting at once on an empty database both asked 'no key yet?' before either made one."""
    import threading

    from nonla.governance.keys import create_first_admin, list_keys

    made: list[str | None] = []
    starts = [threading.Thread(target=lambda: made.append(create_first_admin("first admin", "local:serve")))
              for _ in range(4)]  # fmt: skip
    for start in starts:
        start.start()
    for start in starts:
        start.join()
    assert len([key for key in made if key]) == 1 and len(list_keys()) == 1
    assert create_first_admin("first admin", "local:serve") is None
