"""The embedded SQLite store and PostgreSQL answer the same requests the same way: writers racing for one name,
queries with stray underscores, filters on upper-case Vietnamese values, NUL characters, values longer than their
column and ids past the integer range (each once answered differently on the two, often with a 500 on one)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.test_cli import nonla

from nonla.api.app import create_app
from nonla.collections import service
from nonla.collections.bm25 import Filters
from nonla.collections.search import search
from nonla.collections.vectors import embed
from nonla.core.errors import Conflict, InvalidInput
from nonla.governance import keys

DECREE = {"id": "nd-b", "text": "Điều 1. Xử phạt vi phạm hành chính về cư trú.\nĐiều 2. Mức phạt tiền.",
          "metadata": {"issuer": "CHÍNH PHỦ", "doc_type": "NGHỊ ĐỊNH"}}  # fmt: skip


@pytest.fixture
def client(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def admin(database: str) -> dict[str, str]:
    key, _ = keys.create_key("admin", "parity checks")
    return {"Authorization": f"Bearer {key}"}


def side_by_side(work: object, times: int) -> list[object]:
    """Each thread's result or exception, all threads released at once."""
    start, results = threading.Barrier(times), []

    def one() -> None:
        start.wait()
        try:
            results.append(work())  # type: ignore[operator]
        except Exception as exc:  # noqa: BLE001 - the test looks at which exceptions came back
            results.append(exc)

    threads = [threading.Thread(target=one) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_writers_racing_for_one_name_queue(database: str) -> None:
    created = side_by_side(lambda: service.create("docs"), 6)
    assert sum(not isinstance(r, Exception) for r in created) == 1
    assert all(isinstance(r, Conflict) for r in created if isinstance(r, Exception)), created
    added = side_by_side(lambda: service.add("docs", [{"id": "same", "text": "Đơn đề nghị cấp giấy phép."}]), 6)
    assert not [r for r in added if isinstance(r, Exception)], added
    assert service.list_collections()[0]["documents"] == 1


@pytest.mark.parametrize("query", ["tam__tru", "_tam tru", "tam tru_"])
def test_underscores_in_a_hybrid_query(database: str, client: TestClient, admin: dict[str, str], query: str) -> None:
    service.create("docs")
    service.add("docs", [{"id": "luat-a", "text": "Điều 1. Tạm trú là nơi công dân sinh sống ngoài nơi thường trú."}])
    found = client.get("/v1/collections/docs/search", params={"q": query}, headers=admin)
    assert found.status_code == 200, found.text


def test_filters_fold_vietnamese_capitals_in_every_mode(database: str) -> None:
    service.create("docs")
    service.add("docs", [DECREE, {"id": "luat-a", "text": "Điều 1. Cư trú.", "metadata": {"issuer": "Quốc hội"}}])
    embed("docs")
    for mode in ("bm25", "dense", "hybrid"):
        by_issuer = search("docs", "xử phạt cư trú", k=5, filters=Filters(issuer="chính phủ"), mode=mode)[0]
        by_type = search("docs", "xử phạt cư trú", k=5, filters=Filters(doc_type="Nghị định"), mode=mode)[0]
        assert {h.document for h in by_issuer} == {h.document for h in by_type} == {"nd-b"}, mode
        assert {h.document for h in search("docs", "cư trú", k=5, filters=Filters(issuer="QUỐC HỘI"), mode=mode)[0]} \
            == {"luat-a"}, mode  # fmt: skip


@pytest.mark.parametrize(
    ("document", "says"),
    [
        ({"id": "a\x00b", "text": "Đơn."}, "NUL"),
        ({"id": "a", "text": "Đơn\x00 xin."}, "NUL"),
        ({"id": "a", "text": "Đơn.", "metadata": {"issuer": "Bộ " * 60}}, "longer than 120"),
        ({"id": "a", "text": "Đơn.", "metadata": {"doc_type": "x" * 41}}, "longer than 40"),
        ({"id": "x" * 201, "text": "Đơn."}, "longer than 200"),
        ({"id": "a", "text": "Đơn.", "metadata": {"effective": "sang năm"}}, "must be a date"),
        ({"id": "a", "text": "Đơn.", "metadata": {"effective": "2021-02-30"}}, "not a date of the calendar"),
    ],
)
def test_documents_either_store_refuses(database: str, document: dict[str, object], says: str) -> None:
    service.create("docs")
    with pytest.raises(InvalidInput, match=says):
        service.add("docs", [document])
    assert service.list_collections()[0]["documents"] == 0


def test_dates_and_long_titles_are_stored_as_both_stores_hold_them(database: str) -> None:
    service.create("docs")
    service.add("docs", [{"id": "a", "text": "Điều 1. Cư trú.", "metadata": {"effective": "1/7/2021"}},
                         {"title": "Đơn " * 100, "text": "Đơn xin cấp lại giấy tờ."}])  # fmt: skip
    assert service.list_collections()[0]["documents"] == 2
    in_force = search("docs", "cư trú", k=5, filters=Filters(in_force_on="2021-07-01"), mode="bm25")[0]
    assert [h.document for h in in_force] == ["a"]
    assert not search("docs", "cư trú", k=5, filters=Filters(in_force_on="2021-06-30"), mode="bm25")[0]


def test_nul_in_a_stored_field_is_refused_over_rest(client: TestClient, admin: dict[str, str]) -> None:
    named = client.post("/v1/keys", json={"role": "viewer", "name": "a\x00b"}, headers=admin)
    assert named.status_code == 422 and "NUL" in named.json()["error"]["message"], named.text
    run = client.post("/v1/functions/vi.normalize", json={"text": "Xin\x00 chào"}, headers=admin)
    assert run.status_code == 200, "a function's input is read, not stored"


def test_an_id_past_the_integer_range_is_not_found_on_the_cli(database: str, nonla_home: Path) -> None:
    for command in (("inbox", "close", "3000000000"), ("review", "show", "3000000000")):
        out = nonla(*command, home=nonla_home)  # the store's URL goes with the environment
        assert out.returncode == 3 and "Traceback" not in out.stderr and "not_found" in out.stderr, out.stderr
