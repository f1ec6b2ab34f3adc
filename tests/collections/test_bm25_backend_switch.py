"""Switching NONLA_BM25 on a store that already holds collections: a collection the selected backend has not
indexed is refused with index_backend_changed on every surface, never answered as if nothing matched, and the
tantivy index catches up by itself with what was written under FTS5."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import nonla
from nonla.collections import service
from nonla.collections.reindex import reindex
from nonla.collections.search import bm25_search, search
from nonla.core.errors import IndexBackendChanged

DOCS = [
    {"id": "cu-tru", "text": "Điều 1. Đăng ký tạm trú\nCông dân đăng ký tạm trú tại công an xã nơi ở hợp pháp."},
    {"id": "hinh-su", "text": "Điều 1. Tội trộm cắp tài sản\nNgười nào trộm cắp tài sản của người khác thì bị phạt tù."},
]  # fmt: skip
LATER = [{"id": "dat-dai", "text": "Điều 1. Giao đất\nNhà nước giao đất ở cho hộ gia đình, cá nhân."}]


def documents(query: str) -> list[str]:
    return [hit.document for hit in bm25_search("laws", query, 5)]


@pytest.fixture
def laws(database: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The collection as stored under the default backend."""
    monkeypatch.delenv("NONLA_BM25", raising=False)
    service.create("laws")
    service.add("laws", DOCS)
    return database


@pytest.fixture
def sqlite_laws(laws: str) -> str:
    if not laws.startswith("sqlite"):
        pytest.skip("PostgreSQL has one BM25 backend, its own full-text column")
    return laws


def test_fts5_refuses_a_collection_indexed_by_tantivy(sqlite_laws: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert documents("đăng ký tạm trú") == ["cu-tru"]
    monkeypatch.setenv("NONLA_BM25", "fts5")
    with pytest.raises(IndexBackendChanged) as refused:
        documents("đăng ký tạm trú")
    err = refused.value
    assert (err.code, err.http_status, err.exit_code) == ("index_backend_changed", 409, 5)
    assert "tantivy" in err.message and "fts5" in err.message
    assert "nonla collections reindex laws" in err.hint
    with pytest.raises(IndexBackendChanged):
        search("laws", "đăng ký tạm trú", 5, mode="hybrid")  # never quietly down to the other rankers
    assert reindex("laws")["backend"] == "fts5"
    assert documents("đăng ký tạm trú") == ["cu-tru"] and documents("trom cap") == ["hinh-su"]


def test_fts5_refuses_parts_added_under_tantivy_since(sqlite_laws: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NONLA_BM25", "fts5")
    reindex("laws")
    monkeypatch.delenv("NONLA_BM25")
    service.add("laws", LATER)
    assert documents("giao đất") == ["dat-dai"]
    monkeypatch.setenv("NONLA_BM25", "fts5")
    with pytest.raises(IndexBackendChanged):
        documents("giao đất")
    reindex("laws")
    assert documents("giao đất") == ["dat-dai"]


def test_tantivy_catches_up_with_changes_made_under_fts5(sqlite_laws: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert documents("trộm cắp") == ["hinh-su"]  # the tantivy directory exists from here on
    monkeypatch.setenv("NONLA_BM25", "fts5")
    reindex("laws")
    service.add("laws", LATER)
    service.delete_document("laws", "hinh-su")
    assert documents("giao đất") == ["dat-dai"] and documents("trộm cắp") == []
    monkeypatch.delenv("NONLA_BM25")
    assert documents("giao đất") == ["dat-dai"]
    assert documents("trộm cắp") == []
    assert documents("đăng ký tạm trú") == ["cu-tru"]


def test_postgres_ignores_the_sqlite_backends(laws: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if laws.startswith("sqlite"):
        pytest.skip("the SQLite backends are the tests above")
    monkeypatch.setenv("NONLA_BM25", "fts5")
    assert documents("đăng ký tạm trú") == ["cu-tru"]


@pytest.fixture
def switched(sqlite_laws: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("NONLA_BM25", "fts5")
    yield


def test_cli_exits_with_the_conflict_code(
    switched: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from nonla.cli import main

    monkeypatch.setattr(sys, "argv", ["nonla", "collections", "search", "laws", "đăng ký tạm trú", "--mode", "bm25"])
    with pytest.raises(SystemExit) as exited:
        main()
    shown = capsys.readouterr()
    printed = shown.out + shown.err
    assert exited.value.code == 5, printed
    assert "index_backend_changed" in printed and "nonla collections reindex laws" in printed


def test_python_and_rest_answer_409(switched: None) -> None:
    from nonla.api.app import create_app
    from nonla.governance import keys

    with pytest.raises(IndexBackendChanged):
        nonla.run("legal.search", query="đăng ký tạm trú", collection="laws", mode="bm25")
    caller = {"Authorization": f"Bearer {keys.create_key('caller', 'caller')[0]}"}
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        searched = client.get("/v1/collections/laws/search", headers=caller,
                              params={"q": "đăng ký tạm trú", "mode": "bm25"})  # fmt: skip
        called = client.post("/v1/functions/legal.search", headers=caller,
                             json={"query": "đăng ký tạm trú", "collection": "laws", "mode": "bm25"})  # fmt: skip
    for answered in (searched, called):
        assert answered.status_code == 409, answered.text
        assert answered.json()["error"]["code"] == "index_backend_changed"
