"""Dense vectors on both databases (usearch file on SQLite, pgvector on PostgreSQL): embed, resume, search by
meaning, hybrid fusion, filters, and deletion that leaves no vector behind."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sqlalchemy import text

from nonla.collections import service
from nonla.collections.bm25 import Filters
from nonla.collections.passages import passage, windows
from nonla.collections.search import search
from nonla.collections.vector_keys import key, piece_of
from nonla.collections.vectors import UsearchIndex, embed, index_for, pending_passages, vector_status
from nonla.store.db import engine_for, session

DOCS = [
    {"id": "nuoc", "text": "Hộ gia đình phải nộp tiền nước sinh hoạt hằng tháng cho công ty cấp nước.",
     "metadata": {"year": 2020}},
    {"id": "xe", "text": "Người điều khiển xe máy phải đội mũ bảo hiểm khi tham gia giao thông.",
     "metadata": {"year": 2021}},
    {"id": "dat", "text": "Tranh chấp quyền sử dụng đất được hòa giải tại Ủy ban nhân dân cấp xã.",
     "metadata": {"year": 2021}},
]  # fmt: skip


def _collection_id() -> int:
    with session() as s:
        return service.collection_row(s, "docs", "default").id


def test_embed_search_by_meaning_and_delete(database: str) -> None:
    service.create("docs")
    service.add("docs", DOCS)
    hits, mode = search("docs", "mu bao hiem xe may")
    assert mode == "bm25", "no vectors yet: BM25 alone, and the caller is told"
    counts = embed("docs")
    assert counts == {"parts": 3, "vectors": 3, "cached": 0, "embedded": 3}
    assert embed("docs")["embedded"] == 0, "nothing left to embed"
    # no shared keyword with the text: only the meaning can find it
    hits, mode = search("docs", "nón an toàn khi đi mô tô", k=1, mode="dense")
    assert mode == "dense" and hits[0].document == "xe"
    hits, mode = search("docs", "hoa giai tranh chap dat dai", k=3)
    assert mode == "hybrid" and hits[0].document == "dat"
    assert [h.document for h in search("docs", "xe máy", 3, Filters(year=2020), mode="dense")[0]] == ["nuoc"]
    service.delete_document("docs", "xe")
    assert vector_status("docs") == {"parts": 2, "vectors": 2}
    assert "xe" not in [h.document for h in search("docs", "đội mũ bảo hiểm", k=3, mode="dense")[0]]
    collection_id = _collection_id()
    service.delete_collection("docs")
    if database.startswith("sqlite"):
        assert not UsearchIndex(collection_id).path.exists()
    else:
        engine, _, _ = engine_for()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM part_vectors")).scalar() == 0


def test_embedding_resumes_where_it_stopped(database: str) -> None:
    service.create("docs")
    service.add("docs", DOCS)
    first = pending_passages("docs")[:1]
    with session() as s:
        index = index_for(s, _collection_id())
    # what a killed job saved before it died: one chunk
    from nonla.core.models import shared_models
    from nonla.functions.text.embeddings import embedder

    vector = embedder(shared_models()).embed([first[0][1]], kind="passage")
    index.add(np.array([first[0][0]], dtype=np.uint64), vector)
    assert len(pending_passages("docs")) == 2
    assert embed("docs")["embedded"] == 2


LONG = (
    "Điều 7. Giữ gìn trật tự nơi công cộng\n"
    + "\n".join(f"{i}. Không được xả rác, đổ nước thải hoặc để vật liệu xây dựng ra lòng đường, vỉa hè."
                 for i in range(1, 12))
    + "\n12. Người nuôi chó phải rọc mõm và xích chó khi đưa ra nơi công cộng."
)  # fmt: skip


def _vector_keys(database: str, collection_id: int) -> list[int]:
    if database.startswith("sqlite"):
        index = UsearchIndex(collection_id)._read()
        return [] if index is None else [int(k) for k in index.keys]
    engine, _, _ = engine_for()
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT part_id, piece FROM part_vectors")).all()
    return [key(p, n) for p, n in rows]


def test_a_clause_deep_in_a_long_part_is_found_by_its_meaning(database: str) -> None:
    service.create("docs")
    service.add("docs", [*DOCS, {"id": "dai", "text": LONG}])
    pieces = len(pending_passages("docs"))
    assert pieces == 3 + 1 + len(windows("dai", LONG)) and len(windows("dai", LONG)) >= 2
    assert embed("docs")["embedded"] == pieces
    assert vector_status("docs") == {"parts": 4, "vectors": 4}, "parts with a vector, not vectors"
    # the dog clause is past the first 512 characters: only a window of the part can carry its meaning
    assert "chó" not in passage("dai", LONG)
    query = "dắt chó ra đường có phải rọ mõm không"
    hits, _ = search("docs", query, k=1, mode="dense")
    from nonla.core.models import shared_models
    from nonla.functions.text.embeddings import embedder

    e5 = embedder(shared_models())
    passage_only = float(e5.embed([passage("dai", LONG)], kind="passage")[0] @ e5.embed([query])[0])
    assert hits[0].document == "dai" and hits[0].score > passage_only + 0.005, "the window lifted the part"
    collection_id = _collection_id()
    assert {piece_of(k) for k in _vector_keys(database, collection_id)} == set(range(len(windows("dai", LONG)) + 1))
    service.delete_document("docs", "dai")
    assert all(piece_of(k) == 0 for k in _vector_keys(database, collection_id)), "no window outlives its part"
    assert len(_vector_keys(database, collection_id)) == 3


def test_pgvector_backend_is_used_on_postgres(database: str) -> None:
    service.create("docs")
    with session() as s:
        kind = type(index_for(s, _collection_id())).__name__
    assert kind == ("UsearchIndex" if database.startswith("sqlite") else "PgVectorIndex")


def test_shipped_vectors_are_reused(shared_data: Path) -> None:
    law = shared_data / "vn_laws_corpus_underthesea_vlc/processed/Luat-68-2020-QH14-cu-tru-435315.txt"
    service.create("laws")
    service.ingest("laws", law)
    counts = embed("laws")
    # every article's passage and every window of its rest were shipped: nothing is embedded here
    assert counts["parts"] == counts["vectors"] == 38 and counts["cached"] > 38 and counts["embedded"] == 0
    hits, mode = search("laws", "toi muon dang ky tam tru thi can giay to gi", k=5)
    assert mode == "hybrid" and "luat-68-2020-qh14/dieu-28" in [h.key for h in hits]


def test_a_collection_deleted_while_it_embeds_leaves_no_vectors_to_a_new_one(database: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The job went on writing the deleted collection's vectors; SQLite gave its id to the next collection, which
    then ranked its own texts by the deleted ones' meaning."""
    from nonla.collections import vectors

    service.create("docs")
    service.add("docs", DOCS)
    first = _collection_id()

    def deleted_midway(todo, workers):  # type: ignore[no-untyped-def]
        ids = np.array([pid for pid, _ in todo], dtype=np.uint64)
        service.delete_collection("docs")  # the job is between two chunks when the collection goes
        yield ids, np.ones((len(ids), 384), dtype=np.float32)

    monkeypatch.setattr(vectors, "_embedded", deleted_midway)
    assert embed("docs")["vectors"] == 0
    assert not UsearchIndex(first).path.exists()
    service.create("docs")
    assert vector_status("docs") == {"parts": 0, "vectors": 0}
    if database == "sqlite":
        assert _collection_id() == first  # the id is reused: the file must not be
        UsearchIndex(first).path.parent.mkdir(parents=True, exist_ok=True)
    service.delete_collection("docs")
    leftover = UsearchIndex(first)  # a file a job wrote after the deletion, whatever the order of events
    leftover.add(np.array([1], dtype=np.uint64), np.ones((1, 384), dtype=np.float32))
    service.create("docs")
    assert vector_status("docs") == {"parts": 0, "vectors": 0}
