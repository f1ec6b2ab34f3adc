"""A store that fails in the middle of serving (a damaged file here; a server gone or a lock held past the wait
alike) is a 503 that names no path, never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.api.app import create_app
from nonla.store.db import dispose_all


def test_a_store_damaged_while_serving_is_a_503(nonla_home: Path) -> None:
    with TestClient(create_app(), raise_server_exceptions=False) as app:
        admin = bearer("admin")
        assert app.get("/v1/keys", headers=admin).status_code == 200
        dispose_all()  # the server's pooled connections end, as when a database server restarts
        for name in ("nonla.db", "nonla.db-wal", "nonla.db-shm"):
            (nonla_home / name).unlink(missing_ok=True)
        (nonla_home / "nonla.db").write_bytes(b"\x00not a database\x00" * 512)  # what the next connection opens
        answer = app.get("/v1/keys", headers=admin)
        assert answer.status_code == 503, answer.text
        error = answer.json()["error"]
        assert error["code"] == "store_unavailable" and str(nonla_home) not in answer.text
        assert int(answer.headers["retry-after"]) > 0  # the hint says to try again shortly: this says when


@pytest.mark.postgres
@pytest.mark.parametrize("made_again", [False, True], ids=["dropped", "dropped-and-made-again-empty"])
def test_a_database_gone_or_emptied_while_serving_is_a_503(
    nonla_home: Path, monkeypatch: pytest.MonkeyPatch, made_again: bool
) -> None:
    """Dropped (its connections end; new ones find nothing), or dropped and made again empty (a restore gone wrong,
    a failover to a new database: its tables are missing)."""
    import os

    import psycopg
    from conftest import _postgres_database

    for url in _postgres_database():
        monkeypatch.setenv("NONLA_DATABASE_URL", url)
        with TestClient(create_app(), raise_server_exceptions=False) as app:
            admin = bearer("admin")
            assert app.get("/v1/keys", headers=admin).status_code == 200
            name = url.rsplit("/", 1)[1]
            with psycopg.connect(os.environ["NONLA_TEST_POSTGRES_URL"], autocommit=True) as conn:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                if made_again:
                    conn.execute(f'CREATE DATABASE "{name}"')
            answer = app.get("/v1/keys", headers=admin)
            assert answer.status_code == 503, answer.text
            error = answer.json()["error"]
            assert error["code"] == "store_unavailable" and name not in answer.text
