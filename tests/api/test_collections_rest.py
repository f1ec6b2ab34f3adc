"""Collections over REST: roles, add, search with filters, file upload, delete, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer


def test_collections_end_to_end(app: TestClient, shared_data: Path) -> None:
    admin, caller, auditor = bearer("admin"), bearer("caller"), bearer("auditor")
    assert app.post("/v1/collections", headers=caller, json={"name": "laws"}).status_code == 403
    assert app.post("/v1/collections", headers=admin, json={"name": "laws"}).status_code == 201
    assert app.post("/v1/collections", headers=admin, json={"name": "laws"}).status_code == 409
    law = (shared_data / "vn_laws_corpus_underthesea_vlc/processed/Luat-68-2020-QH14-cu-tru-435315.txt").read_text()
    added = app.post("/v1/collections/laws/documents", headers=admin, json={"documents": [{"text": law}]})
    assert added.json()["parts"] == 38
    found = app.get("/v1/collections/laws/search", headers=caller, params={"q": "dang ky tam tru", "k": 3}).json()
    assert found["results"][0]["id"].startswith("luat-68-2020-qh14/dieu-")
    assert (
        app.get("/v1/collections/laws/search", headers=caller, params={"q": "tạm trú", "year": 2019}).json()["results"]
        == []
    )
    assert app.get("/v1/collections/laws/search", headers=auditor, params={"q": "tạm trú"}).status_code == 403
    assert (
        app.get("/v1/collections/laws/search", headers=caller, params={"q": "x", "in_force_on": "1/1/2020"}).status_code
        == 422
    )
    upload = app.post("/v1/collections/laws/files", headers=admin,
                      files=[("files", ("note.html", "<p>Rác thải ở chợ</p>".encode(), "text/html"))])  # fmt: skip
    assert upload.json()["added"] == 1
    bad = app.post(
        "/v1/collections/laws/files", headers=admin, files=[("files", ("x.exe", b"MZ", "application/octet-stream"))]
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"
    deleted = app.delete("/v1/collections/laws/documents/luat-68-2020-qh14", headers=admin)
    assert deleted.status_code == 200
    assert deleted.json() == {"deleted": "luat-68-2020-qh14", "purge_pending": False}  # a small index: rewritten at once
    assert app.delete("/v1/collections/laws/documents/luat-68-2020-qh14", headers=admin).status_code == 404
    assert (
        app.get("/v1/collections/nowhere/search", headers=caller, params={"q": "x"}).json()["error"]["code"]
        == "not_found"
    )
    assert app.post("/v1/collections/laws/documents", headers=admin, json={"documents": []}).status_code == 422


def test_a_refused_batch_stores_nothing_whichever_document_is_wrong(app: TestClient) -> None:
    admin = bearer("admin")
    assert app.post("/v1/collections", headers=admin, json={"name": "c1"}).status_code == 201
    first, third = {"id": "d1", "text": "Văn bản một về đất đai."}, {"id": "d3", "text": "Văn bản ba về thuế."}
    for second in ({"id": "d2", "text": "   "}, {"id": "d2"}):  # refused by the store's check, or by the schema
        refused = app.post("/v1/collections/c1/documents", headers=admin, json={"documents": [first, second, third]})
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_input", refused.text
    listed = app.get("/v1/collections", headers=admin).json()["collections"]
    assert [(c["name"], c["documents"]) for c in listed] == [("c1", 0)]
    found = app.get("/v1/collections/c1/search", headers=admin, params={"q": "đất đai", "mode": "bm25"})
    assert found.status_code == 200 and found.json()["results"] == []


def test_a_blank_or_long_query_is_refused_as_in_python(app: TestClient) -> None:
    admin = bearer("admin")
    assert app.post("/v1/collections", headers=admin, json={"name": "c1"}).status_code == 201
    for q in ("", "   ", "hội " * 1000):
        refused = app.get("/v1/collections/c1/search", headers=admin, params={"q": q, "mode": "bm25"})
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_input", (q[:9], refused.text)
    blank = app.get("/v1/collections/c1/search", headers=admin, params={"q": " \t ", "mode": "bm25"}).json()
    assert blank["error"]["message"] == "The query must be 1 to 2,000 characters of text."


def test_embed_in_the_background_then_search_by_meaning(app: TestClient) -> None:
    import time

    admin, caller = bearer("admin"), bearer("caller")
    app.post("/v1/collections", headers=admin, json={"name": "docs"})
    docs = [{"id": "xe", "text": "Người điều khiển xe máy phải đội mũ bảo hiểm khi tham gia giao thông."},
            {"id": "dat", "text": "Tranh chấp quyền sử dụng đất được hòa giải tại Ủy ban nhân dân cấp xã."}]  # fmt: skip
    app.post("/v1/collections/docs/documents", headers=admin, json={"documents": docs})
    assert app.post("/v1/collections/docs/embed", headers=caller).status_code == 403
    assert app.post("/v1/collections/nope/embed", headers=admin).status_code == 404
    started = app.post("/v1/collections/docs/embed", headers=admin)
    assert started.status_code == 202 and started.json()["parts"] == 2
    for _ in range(300):
        status = app.get("/v1/collections/docs/vectors", headers=caller).json()
        if status["vectors"] == 2 and not status["embedding"]:
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"embedding did not finish: {status}")
    found = app.get("/v1/collections/docs/search", headers=caller,
                    params={"q": "nón an toàn mô tô", "k": 1, "mode": "dense"}).json()  # fmt: skip
    assert found["mode"] == "dense" and found["results"][0]["document"] == "xe"
    bad = app.get("/v1/collections/docs/search", headers=caller, params={"q": "xe", "mode": "fuzzy"})
    assert bad.status_code == 422 and "mode" in bad.text
