"""Shared fixtures: every test gets its own NONLA_HOME (a real SQLite file); `database` also runs on PostgreSQL."""

from __future__ import annotations

import os
import uuid
import zlib
from collections.abc import Callable, Iterator
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


@pytest.fixture(autouse=True)
def accept_unverified_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """speech.asr is off until an operator accepts its model's unverified licence; the suite tests and measures it
    (tests/functions/test_speech_asr.py checks the refusal without this)."""
    monkeypatch.setenv("NONLA_ACCEPT_UNVERIFIED_MODELS", "speech.asr")


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


def _text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a compressed text layer (Helvetica, ASCII), written by hand: no PDF writer is installed."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    content = zlib.compress(stream.encode())
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]  # fmt: skip
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(
        b"%010d 00000 n \n" % o for o in offsets
    )
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture(scope="session")
def text_pdf() -> Callable[[list[str]], bytes]:
    """Builds a one-page PDF whose text layer holds the given ASCII lines."""
    return _text_pdf
