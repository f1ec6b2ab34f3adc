"""The embedded BM25 index on tantivy: add, filters, delete, rebuild from the store, FTS5 on request, two processes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from nonla.collections import service
from nonla.collections.bm25 import Bm25, Filters
from nonla.collections.bm25_tantivy import FORMAT_FILE, TantivyIndex
from nonla.collections.reindex import reindex
from nonla.collections.search import bm25_search
from nonla.core.errors import IndexBackendChanged, InvalidInput, NotFound
from nonla.store.db import session

DOCS = [
    {"id": "a", "text": "Điều 1. Đăng ký thường trú\nCông dân đăng ký thường trú tại nơi ở hợp pháp.",
     "metadata": {"doc_type": "Luật", "issuer": "Quốc hội", "year": 2020, "effective": "2021-07-01"}},
    {"id": "b", "text": "Điều 1. Tội trộm cắp tài sản\nNgười nào trộm cắp tài sản của người khác thì bị phạt tù.",
     "metadata": {"doc_type": "Bộ luật", "issuer": "Quốc hội", "year": 2015, "effective": "2018-01-01",
                  "expired": "2030-01-01"}},
]  # fmt: skip


def keys(query: str, filters: Filters | None = None) -> list[str]:
    return [hit.document for hit in bm25_search("laws", query, 5, filters)]


def index() -> TantivyIndex:
    with session() as s:
        return TantivyIndex(service.collection_row(s, "laws", "default").id)


@pytest.fixture
def laws(nonla_home: Path) -> Path:
    service.create("laws")
    service.add("laws", DOCS)
    return nonla_home


def test_add_search_filters_and_result_shape(laws: Path) -> None:
    assert index().path.is_dir() and index().path.parent == laws / "bm25"
    assert keys("đăng ký thường trú") == ["a"] and keys("dang ky thuong tru") == ["a"]
    assert keys("trộm cắp tài sản") == ["b"] and keys("trom cap") == ["b"]
    [hit] = bm25_search("laws", "trộm cắp", 5)
    assert (
        hit.key.startswith("b")
        and hit.document == "b"
        and hit.score > 0
        and hit.metadata["issuer"] == "Quốc hội"
        and "trộm" in hit.text
    )
    assert keys("đăng ký trộm cắp", Filters(doc_type="bộ luật")) == ["b"]  # case-insensitive, as on SQL
    assert keys("đăng ký trộm cắp", Filters(issuer="QUỐC HỘI", year=2020)) == ["a"]
    assert keys("đăng ký trộm cắp", Filters(in_force_on="2019-06-01")) == ["b"]
    assert keys("đăng ký trộm cắp", Filters(in_force_on="2030-01-01")) == ["a"]  # b ends that day
    assert keys("đăng ký trộm cắp", Filters(year=1999)) == []


def test_law_title_and_headings_are_searchable(laws: Path) -> None:
    service.add("laws", [{"id": "c", "title": "Luật Hộ tịch", "text": "Chương II. QUYỀN CÔNG DÂN\n"
                          "Điều 5. Nơi ở\nMỗi người có một nơi ở."}])  # fmt: skip
    assert keys("hộ tịch") == ["c"]  # only in the title of the law the article belongs to
    assert keys("quyền công dân")[0] == "c"  # only in its chapter heading


def test_delete_document_and_collection_remove_entries(laws: Path) -> None:
    service.delete_document("laws", "a")
    assert keys("đăng ký thường trú") == []
    with session() as s:
        assert index().reader(s).searcher().num_docs == 1
    path = index().path
    service.delete_collection("laws")
    assert not path.exists()
    with pytest.raises(NotFound):
        keys("trộm cắp")


def test_rebuilt_when_missing_or_outdated_and_by_reindex(laws: Path) -> None:
    shutil.rmtree(index().path)
    assert keys("trộm cắp") == ["b"]  # rebuilt from the parts table on first use
    (index().path / FORMAT_FILE).write_text(json.dumps({"format": 0}))
    assert keys("thường trú") == ["a"]
    assert json.loads((index().path / FORMAT_FILE).read_text())["parts"] == 2
    with session(write=True) as s:  # a store from before context terms: reindex fills them from the text
        s.execute(text("UPDATE parts SET words = NULL, plain = NULL, context_words = NULL"))
    result = reindex("laws")
    assert result == {"collection": "laws", "backend": "tantivy", "parts": 2, "terms_filled": 2}
    assert keys("trom cap") == ["b"]


def test_fts5_on_request(laws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NONLA_BM25", "fts5")
    with pytest.raises(IndexBackendChanged):  # the FTS5 table was not kept while tantivy served
        keys("trộm cắp")
    assert reindex("laws")["backend"] == "fts5"
    assert keys("trộm cắp") == ["b"] and keys("dang ky", Filters(year=2020)) == ["a"]
    service.delete_document("laws", "b")
    assert keys("trộm cắp") == []
    monkeypatch.setenv("NONLA_BM25", "lucene")
    with pytest.raises(InvalidInput):
        keys("trộm cắp")


def test_cli_and_rest_reindex(laws: Path) -> None:
    from typer.testing import CliRunner

    from nonla.cli import app

    result = CliRunner().invoke(app, ["collections", "reindex", "laws"])
    assert result.exit_code == 0, result.output
    assert '"parts": 2' in result.output
    assert CliRunner().invoke(app, ["collections", "reindex", "nope"]).exit_code != 0


WRITER = """
import sys
from nonla.collections import service
n = int(sys.argv[1])
service.add("laws", [{"id": f"p{n}-{i}", "text": f"Điều 1. Quy định số {n} {i}\\nNội dung riêng chung{n}x{i}."}
                     for i in range(6)])
"""


def test_two_processes_write_and_read_the_same_index(laws: Path) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(n)]) for n in (1, 2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    for n in (1, 2):
        for i in range(6):
            assert keys(f"chung{n}x{i}") == [f"p{n}-{i}"]
    with session() as s:
        assert Bm25(s).kind == "tantivy"
        assert index().reader(s).searcher().num_docs == 14


def test_rest_reindex(laws: Path) -> None:
    from fastapi.testclient import TestClient

    from nonla.api.app import create_app
    from nonla.governance import keys as api_keys

    admin = {"Authorization": f"Bearer {api_keys.create_key('admin', 'test admin')[0]}"}
    caller = {"Authorization": f"Bearer {api_keys.create_key('caller', 'test caller')[0]}"}
    with TestClient(create_app(), raise_server_exceptions=False) as app:
        assert app.post("/v1/collections/laws/reindex", headers=caller).status_code == 403
        done = app.post("/v1/collections/laws/reindex", headers=admin)
        assert done.status_code == 200 and done.json()["parts"] == 2 and done.json()["backend"] == "tantivy"
        missing = app.post("/v1/collections/nope/reindex", headers=admin)
        assert missing.status_code == 404 and missing.json()["error"]["code"]
