"""A store the command cannot open, read or reach is `store_unavailable` (exit 6) with what to check, never a
traceback, and never the password of the URL; a setting that is not a number is a plain error too."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.test_cli import nonla
from tests.test_cli_bad_input import refused


def test_a_file_that_is_not_a_database(nonla_home: Path) -> None:
    nonla_home.mkdir(parents=True)
    (nonla_home / "nonla.db").write_bytes(b"not a database at all " * 200)
    said = refused(nonla("keys", "list", home=nonla_home), 6)
    assert "store_unavailable" in said and "nonla.db" in said and "backup" in said


def test_a_damaged_table_is_found_while_reading(nonla_home: Path) -> None:
    import sqlite3

    for text in ("một", "hai", "ba"):
        assert nonla("run", "vi.words", "-t", text, home=nonla_home).returncode == 0
    with sqlite3.connect(nonla_home / "nonla.db") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'").fetchone()[0]
        size = db.execute("PRAGMA page_size").fetchone()[0]
    with (nonla_home / "nonla.db").open("r+b") as raw:
        raw.seek((root - 1) * size + 8)
        raw.write(b"\xff" * 64)
    assert "store_unavailable" in refused(nonla("audit", "export", home=nonla_home), 6)


@pytest.mark.parametrize("url", ["garbage", "postgresql://nonla:s3cret-pw@127.0.0.1:1/nonla",
                                 "mysql://nonla:s3cret-pw@localhost/nonla", "http://x",
                                 "postgresql://nonla:s3cret-pw@localhost:port/nonla"])  # fmt: skip
def test_urls_that_name_no_usable_database(url: str, nonla_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NONLA_DATABASE_URL", url)
    said = refused(nonla("keys", "list", home=nonla_home), 6)
    assert "store_unavailable" in said and "s3cret-pw" not in said


def test_a_home_that_is_a_file(nonla_home: Path) -> None:
    nonla_home.write_text("a file where the folder should be", encoding="utf-8")
    said = refused(nonla("keys", "list", home=nonla_home), 6)
    assert "not a folder" in said and "NONLA_HOME" in said


def test_a_store_held_by_another_writer_past_the_wait() -> None:
    from sqlalchemy.exc import OperationalError

    from nonla.cli_errors import caller_error

    err = caller_error(OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked")))
    assert err is not None and (err.code, err.exit_code, err.http_status) == ("store_unavailable", 6, 503)
    assert "busy" in err.message


def test_the_store_error_of_the_rest_api_is_503(nonla_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nonla.core.errors import StoreUnavailable
    from nonla.store.db import engine_for

    monkeypatch.setenv("NONLA_DATABASE_URL", "postgresql://nonla:s3cret-pw@127.0.0.1:1/nonla")
    with pytest.raises(StoreUnavailable) as raised:
        engine_for()
    assert raised.value.http_status == 503 and "s3cret-pw" not in raised.value.message


def test_a_setting_that_is_not_a_number(nonla_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NONLA_MAX_BATCH_ITEMS", "abc")
    assert "NONLA_MAX_BATCH_ITEMS" in refused(nonla("run", "vi.words", "-t", "x", home=nonla_home), 2)
