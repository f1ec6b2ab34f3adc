"""A user's metadata is never read as a part's structure: a document whose metadata had a 'units' key made every
legal.search and legal.answer that found it fail (ValueError unpacking it as the article's clauses), on every
surface. The clauses are read from the part's own metadata; the user's key comes back as metadata like any other."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import nonla
from nonla.collections import service
from nonla.collections.search import search

LAW = ("Luật số: 68/2020/QH14\nLUẬT\nCƯ TRÚ\nĐiều 1. Đăng ký tạm trú\n1. Công dân đến sinh sống tại chỗ ở hợp pháp.\n"
       "2. Công dân đăng ký tạm trú tại Công an xã trong thời hạn 30 ngày.\nĐiều 2. Hiệu lực\nLuật này có hiệu lực.")  # fmt: skip
ODD = ["x", 7, {"a": 1}, [["a", "clause"]], [["a", "clause", "0", "9"]], [[1, 2, 3, 4]], None]


def _add(units: object) -> None:
    service.create("notes")
    service.add("notes", [
        {"id": "memo", "text": "Thủ tục đăng ký tạm trú tại công an xã.", "metadata": {"units": units, "owner": "an"}},
        {"id": "law", "text": LAW, "metadata": {"units": units}},
    ])  # fmt: skip


@pytest.mark.parametrize("units", ODD, ids=[repr(u) for u in ODD])
def test_user_units_neither_fail_a_search_nor_replace_the_clauses(database: str, units: object) -> None:
    _add(units)
    found = nonla.run("legal.search", query="đăng ký tạm trú công an xã", collection="notes", k=5)
    by_id = {r.id: r for r in found.results}
    assert by_id["memo"].clause is None
    assert by_id["memo"].metadata == {"units": units, "owner": "an"}  # the user's metadata, returned as stored
    # the article's own clauses still pick the clause
    assert (by_id["law/dieu-1"].clause or "").endswith("/dieu-1/khoan-2")
    assert "units" not in by_id["law/dieu-1"].metadata  # ...and stay internal
    answer = nonla.run("legal.answer", question="đăng ký tạm trú ở đâu", collection="notes")
    assert {a.id for a in answer.articles} >= {"memo"}


def test_a_hit_carries_the_parts_own_structure_apart_from_the_metadata(database: str) -> None:
    _add("x")
    hits = {h.key: h for h in search("notes", "đăng ký tạm trú", mode="bm25")[0]}
    assert hits["memo"].metadata["units"] == "x" and hits["memo"].structure == {}
    assert [u[0].rsplit("/", 1)[1] for u in hits["law/dieu-1"].structure["units"]] == ["khoan-1", "khoan-2"]


@pytest.fixture
def client(database: str) -> Iterator[TestClient]:
    from nonla.api.app import create_app

    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


def test_over_rest(client: TestClient) -> None:
    from nonla.governance import keys

    dev, caller = ({"Authorization": f"Bearer {keys.create_key(role, role)[0]}"} for role in ("developer", "caller"))
    assert client.post("/v1/collections", headers=dev, json={"name": "notes"}).status_code < 300
    documents = [{"id": "memo", "text": "Thủ tục đăng ký tạm trú tại công an xã.", "metadata": {"units": "x"}}]
    assert client.post("/v1/collections/notes/documents", headers=dev, json={"documents": documents}).status_code < 300
    found = client.post(
        "/v1/functions/legal.search", headers=caller, json={"query": "đăng ký tạm trú", "collection": "notes"}
    )
    assert found.status_code == 200, found.text
    assert found.json()["output"]["results"][0]["metadata"] == {"units": "x"}
    answer = client.post("/v1/functions/legal.answer", headers=caller,
                         json={"question": "đăng ký tạm trú ở đâu", "collection": "notes"})  # fmt: skip
    assert answer.status_code == 200, answer.text
