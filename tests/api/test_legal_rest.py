"""/v1/legal over REST: who may write the knowledge base, rate answers and read the report; error shapes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from rest_keys import bearer

from nonla.api.app import create_app
from nonla.collections import service
from nonla.governance import audit

ENTRY = {"question": "Sắp hết hạn tạm trú thì phải gia hạn khi nào?", "sources": ["luat-68-2020-qh14/dieu-28"],
         "answer": "Theo khoản 3 Điều 28 Luật Cư trú, trong thời hạn 15 ngày trước ngày kết thúc thời hạn tạm trú "
                   "đã đăng ký, công dân phải làm thủ tục gia hạn tạm trú."}  # fmt: skip


@pytest.fixture
def app(database: str, shared_data: Path) -> Iterator[TestClient]:
    law = shared_data / "vn_laws_corpus_underthesea_vlc/processed/Luat-68-2020-QH14-cu-tru-435315.txt"
    service.create("laws")
    service.add("laws", [{"text": law.read_text(encoding="utf-8")}])
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def error(response: Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()["error"]
    assert body["code"] == code and body["message"] and body["hint"], body


def test_knowledge_base_roles_and_errors(app: TestClient) -> None:
    reviewer, caller, auditor = bearer("reviewer"), bearer("caller"), bearer("auditor")
    error(app.post("/v1/legal/kb", json=ENTRY), 401, "unauthorized")
    error(app.post("/v1/legal/kb", headers={"Authorization": "Bearer nonla_x_y"}, json=ENTRY), 401, "unauthorized")
    error(app.post("/v1/legal/kb", headers=caller, json=ENTRY), 403, "forbidden")
    error(app.post("/v1/legal/kb", headers=auditor, json=ENTRY), 403, "forbidden")
    added = app.post("/v1/legal/kb", headers=reviewer, json=ENTRY)
    assert added.status_code == 201 and added.json() == {"id": "kb001", "status": "added"}
    again = app.post("/v1/legal/kb", headers=bearer("admin"), json={**ENTRY, "id": "kb001"})
    assert again.json() == {"id": "kb001", "status": "unchanged"}
    error(app.post("/v1/legal/kb", headers=reviewer, json={**ENTRY, "answer": ""}), 422, "invalid_input")
    error(app.post("/v1/legal/kb", headers=reviewer, json={**ENTRY, "extra": 1}), 422, "invalid_input")
    error(app.post("/v1/legal/kb", headers=reviewer, json={**ENTRY, "sources": ["Điều 28"]}), 422, "invalid_input")
    missing = {**ENTRY, "sources": ["luat-68-2020-qh14/dieu-99"]}
    error(app.post("/v1/legal/kb", headers=reviewer, json=missing), 422, "invalid_input")
    error(app.post("/v1/legal/kb", headers=reviewer, json={**ENTRY, "collection": "nowhere"}), 404, "not_found")
    listed = app.get("/v1/legal/kb", headers=caller).json()
    assert listed["total"] == 1 and listed["entries"][0]["sources"] == ENTRY["sources"]
    found = app.get("/v1/legal/kb", headers=caller, params={"q": "gia han tam tru"}).json()["entries"]
    assert found[0]["id"] == "kb001" and found[0]["score"] > 0.5
    error(app.get("/v1/legal/kb", headers=auditor), 403, "forbidden")
    error(app.get("/v1/legal/kb", headers=caller, params={"limit": 0}), 422, "invalid_input")
    rows = [r for r in audit.export() if r["action"] == "kb.add"]
    assert len(rows) == 1 and rows[0]["actor"].startswith("key:") and rows[0]["target"] == "laws/kb001"


def test_answers_ratings_and_report(app: TestClient) -> None:
    caller, auditor, reviewer = bearer("caller"), bearer("auditor"), bearer("reviewer")
    app.post("/v1/legal/kb", headers=reviewer, json=ENTRY)
    answered = app.post("/v1/functions/legal.answer", headers=caller, json={"question": "gia hạn tạm trú khi nào"})
    assert answered.status_code == 200, answered.text
    out = answered.json()["output"]
    assert out["sentences"][0]["kb"] == "kb001" and out["similar_questions"][0]["id"] == "kb001"
    rating = {"answer_id": out["answer_id"], "rating": 5, "helpful": True, "question": "gia hạn tạm trú khi nào"}
    stored = app.post("/v1/legal/ratings", headers=caller, json=rating)
    assert stored.status_code == 201 and stored.json()["question_digest"] and "question" not in stored.json()
    error(app.post("/v1/legal/ratings", json=rating), 401, "unauthorized")
    error(app.post("/v1/legal/ratings", headers=auditor, json=rating), 403, "forbidden")  # may not call functions
    error(app.post("/v1/legal/ratings", headers=bearer("caller", scopes=["vi.*"]), json=rating), 403, "forbidden")
    for bad in ({"answer_id": out["answer_id"]}, {**rating, "rating": 0}, {**rating, "answer_id": "x"},
                {**rating, "rating": True}, {**rating, "helpful": "yes"}, {**rating, "rating": "5"}):  # fmt: skip
        error(app.post("/v1/legal/ratings", headers=caller, json=bad), 422, "invalid_input")
    # a collection that does not exist (or is another agency's) gets no ratings to skew the report with
    error(app.post("/v1/legal/ratings", headers=caller, json={**rating, "collection": "nope"}), 404, "not_found")
    bad_json = app.post("/v1/legal/ratings", headers={**caller, "Content-Type": "application/json"}, content=b"{oops")
    assert bad_json.status_code in (400, 422) and bad_json.json()["error"]["code"]
    app.post("/v1/legal/ratings", headers=caller, json={"answer_id": out["answer_id"], "helpful": False})
    error(app.get("/v1/legal/ratings/report", headers=caller), 403, "forbidden")
    error(app.get("/v1/legal/ratings/report", headers=reviewer), 403, "forbidden")
    report = app.get("/v1/legal/ratings/report", headers=auditor).json()
    assert (report["ratings"], report["mean_rating"], report["helpful_share"]) == (2, 5.0, 0.5)
    assert report["collections"]["laws"]["answers"] == 1
    other = app.get("/v1/legal/ratings/report", headers=bearer("admin"), params={"collection": "other"})
    assert other.json()["ratings"] == 0 and other.json()["collections"] == {}
    assert [r["action"] for r in audit.export()].count("rating.add") == 2 and audit.verify().ok
