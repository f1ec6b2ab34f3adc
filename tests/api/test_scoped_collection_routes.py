"""The collection routes run legal.search (search, in every mode) and text.embed (embed): a key whose scopes leave
those out is refused there as it is when it calls them as functions."""

from __future__ import annotations

import pytest
from console_session import sign_in
from fastapi.testclient import TestClient
from rest_keys import bearer

pytestmark = pytest.mark.usefixtures("database")  # every test on SQLite and PostgreSQL

LAW = ("Điều 1. Phạm vi điều chỉnh\nLuật này quy định về giấy phép xây dựng nhà ở riêng lẻ.\n"
       "Điều 2. Đối tượng áp dụng\nLuật này áp dụng đối với cơ quan, tổ chức, cá nhân xin giấy phép.")  # fmt: skip


@pytest.fixture
def collection(app: TestClient) -> str:
    admin = bearer("admin", tenant="so-a")
    assert app.post("/v1/collections", headers=admin, json={"name": "ho-so"}).status_code == 201
    added = app.post("/v1/collections/ho-so/documents", headers=admin, json={"documents": [{"text": LAW}]})
    assert added.status_code == 200, added.text
    return "ho-so"


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_a_key_scoped_away_from_legal_search_cannot_search_a_collection(
    app: TestClient, collection: str, mode: str
) -> None:
    scoped = bearer("developer", tenant="so-a", scopes=["vi.*"])
    refused = app.get(f"/v1/collections/{collection}/search", headers=scoped, params={"q": "giấy phép", "mode": mode})
    assert refused.status_code == 403, refused.text
    assert "legal.search" in refused.json()["error"]["message"] and "results" not in refused.json()


def test_a_key_scoped_to_legal_search_searches_as_before(app: TestClient, collection: str) -> None:
    for scopes in (["legal.*"], ["legal.search", "vi.*"], None):
        key = bearer("caller", tenant="so-a", scopes=scopes)
        found = app.get(f"/v1/collections/{collection}/search", headers=key, params={"q": "giấy phép", "mode": "bm25"})
        assert found.status_code == 200 and found.json()["results"], (scopes, found.text)


def test_a_key_scoped_away_from_text_embed_cannot_embed_a_collection(app: TestClient, collection: str) -> None:
    scoped = bearer("developer", tenant="so-a", scopes=["vi.*", "legal.search"])
    refused = app.post(f"/v1/collections/{collection}/embed", headers=scoped)
    assert refused.status_code == 403 and "text.embed" in refused.json()["error"]["message"]
    status = app.get(f"/v1/collections/{collection}/vectors", headers=scoped).json()
    assert status["embedding"] is False, "nothing was started"
    allowed = bearer("developer", tenant="so-a", scopes=["text.embed"])
    assert app.post("/v1/collections/nothing-here/embed", headers=allowed).status_code == 404  # past the scope check


def test_the_consoles_legal_search_refuses_a_key_scoped_away_from_it_too(app: TestClient) -> None:
    admin = bearer("admin")
    assert app.post("/v1/collections", headers=admin, json={"name": "laws"}).status_code == 201
    assert app.post("/v1/collections/laws/documents", headers=admin, json={"documents": [{"text": LAW}]}).is_success
    sign_in(app, "developer", scopes=["vi.*"])
    page = app.get("/console/legal", params={"q": "giấy phép", "collection": "laws"})
    assert page.status_code == 403 and "legal.search" in page.text
