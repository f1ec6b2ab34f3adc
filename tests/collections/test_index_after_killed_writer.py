"""A writer killed between an index's commit and the store's: tantivy's directory and the usearch file commit on
their own, so a process killed after them and before the store's commit leaves entries the store never kept (an
add) or keeps a document whose entries are gone (a delete). Search reads such entries only through the parts of
the collection in the store, a deleted part's id is never given again, and a delete empties the indexes only once
it has committed: a stale entry is skipped, never found under another collection's (or agency's) part, and never
costs a search its k results."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from nonla.collections import service
from nonla.collections.bm25 import Bm25, Filters
from nonla.collections.search import search
from nonla.collections.terms import query_terms
from nonla.store.db import dispose_all, session
from nonla.store.migrate import upgrade

AGENCY = "so-y-te"
NOTICES = [{"id": f"thong-bao-{i}", "text": f"Thông báo số {i} về lịch tiếp công dân của Sở Y tế."} for i in range(3)]
# Killed before its commit: its parts are in tantivy's directory only, matching the query better than any notice
LOST = {"id": "thong-bao-mat", "text": "\n".join(f"Điều {i}. Thông báo thông báo thông báo tiếp công dân."
                                                 for i in range(1, 6))}  # fmt: skip
PRIVATE = {"id": "ho-so-mat", "text": "Hồ sơ mật. Ông Trần Văn Bình, số CCCD 079088001234, bị điều tra về thông "
           "báo tiếp công dân.\nĐiều 2. Thông báo thông báo thông báo kết luận điều tra."}  # fmt: skip
QUERY = "thông báo"


class Killed(BaseException):
    """The process dies here: no except clause runs, the store's transaction is never committed."""


def killed_at(action: str, real: object) -> object:
    def append(s: object, event: object) -> object:
        if getattr(event, "action", None) == action:
            raise Killed
        return real(s, event)  # type: ignore[operator]

    return append


@pytest.fixture
def notices(database: str) -> None:
    """The agency's public collection of notices, committed."""
    service.create("pub", tenant=AGENCY)
    service.add("pub", NOTICES, tenant=AGENCY)


def add_private_document() -> None:
    """Another agency's private collection, written after the crash: it gets the next part ids."""
    service.create("private")
    service.add("private", [PRIVATE])


def kill_add_after_its_index_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit row is written after the parts are indexed, in the same transaction: dying there leaves tantivy
    entries for part ids the store rolled back."""
    with monkeypatch.context() as patch:
        patch.setattr(service, "append", killed_at("document.add", service.append))
        with pytest.raises(Killed):
            service.add("pub", [LOST], tenant=AGENCY)


def bm25_ids(collection: str, tenant: str, k: int) -> list[int]:
    terms, plain = query_terms(QUERY)
    with session() as s:
        collection_id = service.collection_row(s, collection, tenant).id
        return [part_id for part_id, _ in Bm25(s).search(collection_id, terms, plain, k, Filters())]


def part_ids(collection: str, tenant: str) -> set[int]:
    with session() as s:
        collection_id = service.collection_row(s, collection, tenant).id
        return set(s.scalars(text("SELECT id FROM parts WHERE collection_id = :c"), {"c": collection_id}))


def test_another_agencys_search_never_returns_parts_under_stale_entries(
    notices: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    kill_add_after_its_index_commit(monkeypatch)
    add_private_document()

    hits = search("pub", QUERY, k=10, tenant=AGENCY, mode="bm25")[0]
    assert {h.document for h in hits} == {n["id"] for n in NOTICES}, "another agency's document, or a notice lost"
    assert not any("079088001234" in h.text for h in hits)
    private = search("private", QUERY, k=10, mode="bm25")[0]
    assert {h.document for h in private} == {"ho-so-mat"}


def test_stale_entries_do_not_cost_a_search_its_k_results(notices: None, monkeypatch: pytest.MonkeyPatch) -> None:
    kill_add_after_its_index_commit(monkeypatch)  # five lost parts, each ranked above every notice
    live = part_ids("pub", AGENCY)
    for k in (1, 2, 3):
        found = bm25_ids("pub", AGENCY, k)
        assert len(found) == k and set(found) <= live
        assert len(search("pub", QUERY, k=k, tenant=AGENCY, mode="bm25")[0]) == k


def test_a_delete_killed_before_its_commit_leaves_the_document_findable(
    notices: None, monkeypatch: pytest.MonkeyPatch
) -> None:

    def die(*_: object) -> None:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(service, "_drop_knowledge", die)  # the last step of the removal, before the commit
        with pytest.raises(Killed):
            service.delete_document("pub", "thong-bao-1", tenant=AGENCY)
    hits = search("pub", QUERY, k=10, tenant=AGENCY, mode="bm25")[0]
    assert {h.document for h in hits} == {n["id"] for n in NOTICES}, "stored but missing from search"

    assert service.delete_document("pub", "thong-bao-1", tenant=AGENCY)["deleted"] == "thong-bao-1"
    hits = search("pub", QUERY, k=10, tenant=AGENCY, mode="bm25")[0]
    assert {h.document for h in hits} == {"thong-bao-0", "thong-bao-2"}


def test_a_delete_killed_after_its_commit_leaves_only_skipped_entries(
    notices: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(service.Leaving, "remove", lambda self: None)  # died before emptying the indexes
        service.delete_document("pub", "thong-bao-2", tenant=AGENCY)
    add_private_document()
    hits = search("pub", QUERY, k=2, tenant=AGENCY, mode="bm25")[0]
    assert {h.document for h in hits} == {"thong-bao-0", "thong-bao-1"}


def test_a_replacement_failing_before_its_commit_keeps_the_old_text_findable(
    notices: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(service, "append", killed_at("document.add", service.append))
        with pytest.raises(Killed):
            service.add("pub", [{"id": "thong-bao-2", "text": "Lịch làm việc của phòng khám."}], tenant=AGENCY)
    hits = search("pub", QUERY, k=10, tenant=AGENCY, mode="bm25")[0]
    assert {h.document for h in hits} == {n["id"] for n in NOTICES}
    assert not search("pub", "phòng khám", k=10, tenant=AGENCY, mode="bm25")[0]


def test_the_id_of_a_deleted_newest_part_is_not_given_again(notices: None) -> None:
    newest = max(part_ids("pub", AGENCY))
    service.delete_document("pub", "thong-bao-2", tenant=AGENCY)
    add_private_document()
    assert min(part_ids("private", "default")) > newest


def _store_at_0023(url: str) -> None:
    """A collection with one document, its parts and their FTS5 rows, written at revision 0023."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    upgrade(engine, "0023")
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO collections (id, name, tenant, created_at) VALUES (1, 'pub', :t, :at)"),
                     {"t": AGENCY, "at": "2026-01-01T00:00:00Z"})  # fmt: skip
        conn.execute(text("INSERT INTO documents (id, collection_id, key, sha256, title, kind, source, text, metadata, "
                          "created_at) VALUES (1, 1, 'cu', 'x', '', 'text', '', 'Thông báo cũ', '{}', :at)"),
                     {"at": "2026-01-01T00:00:00Z"})  # fmt: skip
        for part_id in (1, 2):
            conn.execute(text("INSERT INTO parts (id, document_id, collection_id, key, kind, title, text, metadata, "
                              "words, plain, title_words, title_plain) VALUES (:p, 1, 1, :k, 'passage', '', "
                              "'Thông báo cũ', '{}', 'thông_báo cũ', 'thong_bao cu', '', '')"),
                         {"p": part_id, "k": f"p{part_id}"})  # fmt: skip
            if sqlite:
                conn.execute(text("INSERT INTO parts_fts (rowid, words, plain, title_words, title_plain) "
                                  "VALUES (:p, 'thông_báo cũ', 'thong_bao cu', '', '')"), {"p": part_id})  # fmt: skip
        if not sqlite:
            conn.execute(text("SELECT setval(pg_get_serial_sequence('parts', 'id'), 2)"))
            conn.execute(text("SELECT setval(pg_get_serial_sequence('documents', 'id'), 1)"))
            conn.execute(text("SELECT setval(pg_get_serial_sequence('collections', 'id'), 1)"))
    engine.dispose()


def _shape(engine: Engine) -> tuple[object, ...]:
    """The parts table's indexes and columns as reflected."""
    columns = [(c["name"], str(c["type"]), c["nullable"], c["default"]) for c in inspect(engine).get_columns("parts")]
    return inspect(engine).get_indexes("parts"), columns


def test_the_revision_keeps_every_part_index_and_fts_row_and_ids_are_not_reused(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    dispose_all()
    _store_at_0023(database)
    engine = create_engine(database)
    before = _shape(engine)
    upgrade(engine, "head")
    assert before == _shape(engine)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert "AUTOINCREMENT" in conn.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'parts'"))
            assert conn.scalar(text("SELECT count(*) FROM parts_fts f JOIN parts p ON p.id = f.rowid")) == 2
        monkeypatch.setenv("NONLA_BM25", "fts5")  # the FTS5 rows still find their parts
        assert [h.key for h in search("pub", "thông báo cũ", k=5, tenant=AGENCY, mode="bm25")[0]] == ["p1", "p2"]
        monkeypatch.delenv("NONLA_BM25")
    engine.dispose()
    assert {h.key for h in search("pub", "thông báo cũ", k=5, tenant=AGENCY, mode="bm25")[0]} == {"p1", "p2"}
    service.delete_document("pub", "cu", tenant=AGENCY)
    service.add("pub", [NOTICES[0]], tenant=AGENCY)
    assert min(part_ids("pub", AGENCY)) > 2, "the deleted newest part's id was given again"
