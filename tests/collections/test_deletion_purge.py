"""A deleted document leaves no copy of its words or vectors in any file of the embedded store (SQLite, tantivy or
FTS5, usearch), whether it is deleted, replaced or erased with its data subject; a large index waits for reindex."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from nonla.cli import app as cli
from nonla.collections import purge, service
from nonla.collections.bm25_tantivy import TantivyIndex
from nonla.collections.reindex import reindex
from nonla.collections.search import search
from nonla.collections.vector_keys import part_of
from nonla.collections.vectors import UsearchIndex, embed
from nonla.governance import subjects
from nonla.store.db import session
from nonla.store.schema import Document, Part

NAME_WORDS = ("Zyxwvq", "Quqmlo", "Pmxqaz")  # made-up words no other text of the store has
SECRET = (f"Điều 1. Ông {NAME_WORDS[0]} {NAME_WORDS[1]} sinh năm 1980, trú tại xã {NAME_WORDS[2]}, bị kiện đòi nợ.\n"
          "Điều 2. Tòa án thụ lý vụ án.")  # fmt: skip
OTHERS = [{"id": f"nuoc-{i}", "text": f"Điều {i}. Hộ gia đình số {i} nộp tiền nước sinh hoạt cho công ty cấp nước."}
          for i in range(2, 30)]  # fmt: skip


def collection_id() -> int:
    with session() as s:
        return service.collection_row(s, "docs", "default").id


def secret_vectors() -> set[bytes]:
    """The stored bytes of each vector of the secret document's parts."""
    with session() as s:
        parts = set(
            s.scalars(select(Part.id).join(Document, Document.id == Part.document_id).where(Document.key == "secret"))
        )
    index = UsearchIndex(collection_id())._read()
    keys = [k for k in np.asarray(index.keys, dtype=np.uint64) if part_of(int(k)) in parts]
    assert keys
    return {np.asarray(index.get(k), dtype=np.float16).tobytes() for k in keys}


def copies_on_disk(home: Path, vectors: set[bytes]) -> list[str]:
    """Files under NONLA_HOME holding any of the made-up words (any case) or any of these vectors."""
    found = []
    for path in sorted(p for p in home.rglob("*") if p.is_file()):
        data = path.read_bytes()
        lower = data.lower()
        if any(w.lower().encode() in lower for w in NAME_WORDS) or any(v in data for v in vectors):
            found.append(str(path.relative_to(home)))
    return found


def document_frequency(word: str) -> int:
    with session() as s:
        searcher = TantivyIndex(collection_id()).reader(s).searcher()
    return int(searcher.doc_freq("words", word.lower()) + searcher.doc_freq("plain", word.lower()))


def secret_found() -> bool:
    return any(hit.document == "secret" for hit in search("docs", f"{NAME_WORDS[0]} {NAME_WORDS[2]}", k=5)[0])


@pytest.fixture
def stored(nonla_home: Path) -> set[bytes]:
    """The secret among others in one batch (one tantivy segment), embedded; returns the secret's vectors."""
    service.create("docs")
    service.add("docs", [{"id": "secret", "text": SECRET, "subject_id": "cccd-001"}, *OTHERS])
    embed("docs")
    assert secret_found()
    vectors = secret_vectors()
    assert copies_on_disk(nonla_home, vectors), "the test would prove nothing: no copy to look for"
    return vectors


def test_a_second_delete_leaves_no_vector_either(stored: set[bytes], nonla_home: Path) -> None:
    # usearch fills its oldest free slots first: those of the first delete must not shield the second's
    service.delete_document("docs", OTHERS[0]["id"])
    service.delete_document("docs", "secret")
    assert copies_on_disk(nonla_home, stored) == []


@pytest.mark.parametrize("how", ["delete", "replace", "erase subject"])
def test_nothing_of_a_removed_document_stays_on_disk(how: str, stored: set[bytes], nonla_home: Path) -> None:
    assert document_frequency(NAME_WORDS[0]) > 0
    if how == "delete":
        assert service.delete_document("docs", "secret") == {"deleted": "secret", "purge_pending": False}
    elif how == "replace":
        assert service.add("docs", [{"id": "secret", "text": "Điều 1. Ông A kiện đòi nợ."}])["replaced"] == 1
    else:
        assert subjects.erase("cccd-001")["erased"]["documents"] == 1
    assert not secret_found()
    assert document_frequency(NAME_WORDS[0]) == 0, "tantivy kept the deleted entry's terms"
    assert copies_on_disk(nonla_home, stored) == []
    assert search("docs", "tien nuoc sinh hoat", k=40)[0], "the other documents are still found"


def test_fts5_segments_are_merged(stored: set[bytes], nonla_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NONLA_BM25", "fts5")
    assert reindex("docs")["backend"] == "fts5"
    service.delete_document("docs", "secret")
    assert not secret_found()
    assert copies_on_disk(nonla_home, stored) == []


@pytest.fixture(params=["tantivy", "fts5"])
def bm25(request: pytest.FixtureRequest, stored: set[bytes], monkeypatch: pytest.MonkeyPatch) -> str:
    """The stored documents served by each BM25 backend of the embedded store."""
    monkeypatch.setenv("NONLA_BM25", request.param)
    reindex("docs")
    return str(request.param)


def test_a_large_index_waits_for_reindex(
    bm25: str, stored: set[bytes], nonla_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(purge, "PURGE_INLINE_PARTS", 10)
    result = CliRunner().invoke(cli, ["collections", "delete", "docs", "--document", "secret"])
    assert result.exit_code == 0 and "nonla collections reindex docs" in result.output, result.output
    assert not secret_found(), "unsearchable at once"
    if bm25 == "tantivy":
        assert document_frequency(NAME_WORDS[0]) > 0, "still in the index files"
    assert reindex("docs")["parts"] == len(OTHERS)
    if bm25 == "tantivy":
        assert document_frequency(NAME_WORDS[0]) == 0
    assert copies_on_disk(nonla_home, stored) == []


def test_nothing_of_a_deleted_collection_stays_on_disk(bm25: str, stored: set[bytes], nonla_home: Path) -> None:
    from nonla.collections import knowledge

    knowledge.add("docs", [{"question": f"Ông {NAME_WORDS[0]} bị kiện ở đâu?", "answer": "Tại tòa án.",
                            "sources": ["secret/dieu-1"]}])  # fmt: skip
    service.delete_collection("docs")
    assert copies_on_disk(nonla_home, stored) == []


def test_deletes_side_by_side_each_purge(nonla_home: Path) -> None:
    # a purge takes the store's write lock before the index's file lock, as every writer does: taken the other
    # way round, two deletes waited on each other until the store's busy timeout and the purge was abandoned
    service.create("docs")
    service.add("docs", [{"id": f"d{i}", "text": f"Điều {i}. Hộ số {i} nộp tiền nước."} for i in range(24)])
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(lambda i: service.delete_document("docs", f"d{i}"), range(24)))
    assert [o["purge_pending"] for o in outcomes] == [False] * 24
