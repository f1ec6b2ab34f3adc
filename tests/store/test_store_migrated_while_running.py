"""A store migrated past this nonla while it runs (an upgrade that left a server running) takes no more writes
from it: each write transaction checks the store's revision and is refused with store_incompatible, and releases
the writers' lock; reads carry on. Both databases."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from nonla.api.app import create_app
from nonla.core.errors import StoreIncompatible
from nonla.governance import consent, keys
from nonla.store.db import WRITERS_LOCK, normalise_url, session
from nonla.store.schema_faces import ConsentRecord

FUTURE = "9999_of_a_newer_nonla"


def _set_revision(url: str, revision: str) -> str:
    """Set the store's revision from outside this process's engine, as another nonla's migration does; the old."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as conn:
            before = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
        return str(before)
    finally:
        engine.dispose()


@pytest.fixture
def migrated_past(database: str) -> Iterator[str]:
    """The store opened and written by this process, then migrated past it by another."""
    consent.grant("cccd-001", "access-control", granted_by="cccd-001")
    current = _set_revision(database, FUTURE)
    yield current
    _set_revision(database, current)


def _another_writer_can_write(url: str) -> bool:
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=1, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            conn.close()
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as conn:
            return bool(conn.execute(text(f"SELECT pg_try_advisory_xact_lock({WRITERS_LOCK})")).scalar_one())
    finally:
        engine.dispose()


def test_writes_are_refused_and_reads_carry_on(database: str, migrated_past: str) -> None:
    with pytest.raises(StoreIncompatible) as refused:
        consent.grant("cccd-002", "access-control", granted_by="cccd-002")
    assert refused.value.code == "store_incompatible" and FUTURE in refused.value.message
    assert _another_writer_can_write(database), "the refused write let go of the writers' lock"
    assert [c["subject_id"] for c in consent.consents()] == ["cccd-001"]  # reads carry on
    with session() as s:
        assert s.query(ConsentRecord).count() == 1
    _set_revision(database, migrated_past)  # the store back at this nonla's revision: writes go through again
    consent.grant("cccd-002", "access-control", granted_by="cccd-002")
    assert len(consent.consents()) == 2


def test_a_running_server_answers_writes_with_store_incompatible(database: str) -> None:
    key, _ = keys.create_key("admin", "root")
    with TestClient(create_app(), raise_server_exceptions=False) as app:
        admin = {"Authorization": f"Bearer {key}"}
        body = {"subject_id": "cccd-003", "purpose": "access-control", "granted_by": "cccd-003"}
        assert app.post("/v1/consents", headers=admin, json=body).status_code in (200, 201)
        current = _set_revision(database, FUTURE)
        try:
            answer = app.post("/v1/consents", headers=admin, json=body)
            assert answer.status_code == 503, answer.text
            assert answer.json()["error"]["code"] == "store_incompatible"
        finally:
            _set_revision(database, current)
