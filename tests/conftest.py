"""Shared fixtures: every test gets its own NONLA_HOME (a real SQLite file); `database` also runs on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("NONLA_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(autouse=True)
def nonla_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "nonla-home"
    monkeypatch.setenv("NONLA_HOME", str(home))
    monkeypatch.delenv("NONLA_DATABASE_URL", raising=False)
    return home


def _postgres_database() -> Iterator[str]:
    server = os.environ.get("NONLA_TEST_POSTGRES_URL")
    if not server:
        if os.environ.get("CI"):
            pytest.fail(
                "CI must run the PostgreSQL tests: NONLA_TEST_POSTGRES_URL is not set (see scripts/test-postgres.sh)"
            )
        pytest.skip("no PostgreSQL server for tests (make test starts one when postgresql is installed)")
    import psycopg

    name = f"nonla_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        from nonla.store.db import dispose_all

        dispose_all()
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, nonla_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run the test once on the SQLite file and once on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{nonla_home / 'nonla.db'}"
        return
    for url in _postgres_database():
        monkeypatch.setenv("NONLA_DATABASE_URL", url)
        yield url


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"the shared data folder is missing: {SHARED_DATA}")
    return SHARED_DATA
