"""/v1/inbox over REST on both databases: roles, submit one and many, filters, handling, held messages, stats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.governance import audit

pytestmark = pytest.mark.usefixtures("database")  # every test on SQLite and PostgreSQL

ROWS = {
    row["id"]: row
    for row in map(json.loads, (Path(__file__).resolve().parents[1] / "data" / "civic" / "messages.jsonl")
                   .read_text(encoding="utf-8").splitlines())
}  # fmt: skip
ROAD, HEALTH, WATER = ROWS["civic-0003"]["text"], ROWS["civic-0213"]["text"], ROWS["civic-0425"]["text"]


def test_roles(app: TestClient) -> None:
    message = {"text": ROAD, "channel": "app"}
    assert app.post("/v1/inbox/messages", json=message).status_code == 401
    assert app.get("/v1/inbox/messages", headers={"Authorization": "Bearer nonla_x_y"}).status_code == 401
    auditor, reviewer, developer = bearer("auditor"), bearer("reviewer"), bearer("developer")
    assert app.post("/v1/inbox/messages", headers=auditor, json=message).status_code == 403
    assert app.post("/v1/inbox/messages", headers=reviewer, json=message).status_code == 403
    assert app.get("/v1/inbox/messages", headers=auditor).status_code == 403
    assert app.get("/v1/inbox/stats", headers=auditor).status_code == 403
    scoped = bearer("caller", scopes=["vi.*"])  # may not call civic.triage, so may not have the inbox call it
    denied = app.post("/v1/inbox/messages", headers=scoped, json=message)
    assert denied.status_code == 403 and "civic.triage" in denied.json()["error"]["message"]

    created = app.post("/v1/inbox/messages", headers=developer, json=message)
    assert created.status_code == 201, created.text
    mid = created.json()["id"]
    assert app.get(f"/v1/inbox/messages/{mid}", headers=developer).status_code == 200
    assert app.get(f"/v1/inbox/messages/{mid}", headers=reviewer).status_code == 200
    for path, body in ((f"/v1/inbox/messages/{mid}/assign", {"department": "Sở Xây dựng"}),
                       (f"/v1/inbox/messages/{mid}/answer", {"text": "Đã sửa."}),
                       (f"/v1/inbox/messages/{mid}/close", {"reason": "spam"})):  # fmt: skip
        for role in (developer, reviewer, auditor):
            response = app.post(path, headers=role, json=body)
            assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden", path
    personal = app.get(f"/v1/inbox/messages/{mid}", headers=developer, params={"personal": "true"})
    assert personal.status_code == 403
    assert (
        app.get(f"/v1/inbox/messages/{mid}", headers=bearer("caller"), params={"personal": "true"}).status_code == 200
    )


def test_submit_handle_and_conflicts(app: TestClient) -> None:
    staff = bearer("caller")
    one = app.post("/v1/inbox/messages", headers=staff, json={
        "text": ROAD, "channel": "hotline", "received_at": "2025-03-03T08:00", "id": "hl-7",
        "subject_id": "cccd-7", "contact": "0912 345 678"})  # fmt: skip
    assert one.status_code == 201
    message = one.json()
    assert message["status"] == "new" and message["key"] == "hl-7" and "contact" not in message
    mid = message["id"]
    again = app.post("/v1/inbox/messages", headers=staff, json={"text": WATER, "id": "hl-7"})
    assert again.status_code == 200 and again.json()["id"] == mid  # the same sender id: stored once
    with_contact = app.get(f"/v1/inbox/messages/{mid}", headers=staff, params={"personal": "true"}).json()
    assert with_contact["contact"] == "0912 345 678" and with_contact["original"] == ROAD

    bad = [({"text": ""}, 422), ({"text": ROAD, "channel": "fax"}, 422), ({"txt": ROAD}, 422),
           ({"text": ROAD, "contact": "0912"}, 422), ({"text": ROAD, "received_at": "hôm qua"}, 422)]  # fmt: skip
    for body, status in bad:
        response = app.post("/v1/inbox/messages", headers=staff, json=body)
        assert response.status_code == status, body
        assert response.json()["error"]["hint"] and "Traceback" not in response.text

    answer_first = app.post(f"/v1/inbox/messages/{mid}/answer", headers=staff, json={"text": "Đã sửa."})
    assert answer_first.status_code == 409 and answer_first.json()["error"]["code"] == "conflict"
    assert "Assign" in answer_first.json()["error"]["hint"]
    close_first = app.post(f"/v1/inbox/messages/{mid}/close", headers=staff, json={})
    assert close_first.status_code == 409
    assert app.post(f"/v1/inbox/messages/{mid}/assign", headers=staff, json={}).status_code == 422
    assign = app.post(f"/v1/inbox/messages/{mid}/assign", headers=staff,
                      json={"department": "Sở Xây dựng", "assignee": "Lê Minh"})  # fmt: skip
    assert assign.status_code == 200 and assign.json()["status"] == "assigned"
    assert app.post(f"/v1/inbox/messages/{mid}/answer", headers=staff, json={"text": ""}).status_code == 422
    answered = app.post(f"/v1/inbox/messages/{mid}/answer", headers=staff, json={"text": "Đã lên kế hoạch sửa."})
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    assert app.post(f"/v1/inbox/messages/{mid}/close", headers=staff, json={"reason": "maybe"}).status_code == 422
    closed = app.post(f"/v1/inbox/messages/{mid}/close", headers=staff, json={})
    assert closed.status_code == 200 and closed.json()["close_reason"] == "resolved"
    again = app.post(f"/v1/inbox/messages/{mid}/answer", headers=staff, json={"text": "Lần hai."})
    assert again.status_code == 409 and "closed" in again.json()["error"]["message"]
    history = app.get(f"/v1/inbox/messages/{mid}/history", headers=staff).json()["history"]
    assert [h["action"] for h in history] == ["submit", "assign", "answer", "close"]
    assert app.get("/v1/inbox/messages/999999", headers=staff).status_code == 404
    assert app.get(f"/v1/inbox/messages/{mid}", headers=bearer("caller", tenant="hue")).status_code == 404
    assert audit.verify().ok


def test_bulk_list_filters_and_stats(app: TestClient) -> None:
    staff = bearer("caller")
    items = [{"text": ROAD, "id": "b1", "received_at": "2025-03-03"}, {"text": HEALTH, "id": "b2", "channel": "app"},
             {"text": " "}, {"text": WATER, "id": "b1"}, "not an object"]  # fmt: skip
    bulk = app.post("/v1/inbox/messages/bulk", headers=staff, json=items)
    assert bulk.status_code == 200, bulk.text
    body = bulk.json()
    assert (body["stored"], body["created"]) == (3, 2)
    rows = body["items"]
    assert rows[0]["created"] and rows[1]["created"] and rows[2]["error"]["code"] == "empty_text"
    assert rows[3]["id"] == rows[0]["id"] and rows[3]["created"] is False
    assert rows[4]["error"]["code"] == "invalid_input"
    assert app.post("/v1/inbox/messages/bulk", headers=staff, json=[]).status_code == 422
    too_many = app.post("/v1/inbox/messages/bulk", headers=staff, json=[{"text": "x"}] * 1001)
    assert too_many.status_code == 422 and too_many.json()["error"]["code"] == "batch_too_large"
    assert app.post("/v1/inbox/messages/bulk", headers=staff, json={"text": ROAD}).status_code == 422

    listed = app.get("/v1/inbox/messages", headers=staff, params={"limit": 1}).json()
    assert listed["total"] == 2 and len(listed["messages"]) == 1
    march = app.get("/v1/inbox/messages", headers=staff, params={"received_to": "2025-03-31"}).json()
    assert [m["key"] for m in march["messages"]] == ["b1"]
    assert app.get("/v1/inbox/messages", headers=staff, params={"status": "lost"}).status_code == 422
    assert app.get("/v1/inbox/messages", headers=staff, params={"received_from": "yesterday"}).status_code == 422
    overdue = app.get("/v1/inbox/messages", headers=staff, params={"overdue": "true"}).json()
    assert [m["key"] for m in overdue["messages"]] == ["b1"]

    stats = app.get("/v1/inbox/stats", headers=staff, params={"by": "channel", "period": "all"}).json()
    assert stats["total"]["count"] == 2 and stats["total"]["overdue"] == 1
    assert {r["channel"]: r["count"] for r in stats["rows"]} == {"portal": 1, "app": 1}
    assert app.get("/v1/inbox/stats", headers=staff, params={"by": "colour"}).status_code == 422
    assert app.get("/v1/inbox/stats", headers=staff, params={"period": "year"}).status_code == 422
    other = bearer("caller", tenant="hue")
    assert app.get("/v1/inbox/messages", headers=other).json()["total"] == 0  # another agency's inbox


def test_held_messages_are_hidden_from_staff_until_reviewed(app: TestClient) -> None:
    admin, staff, reviewer = bearer("admin"), bearer("caller"), bearer("reviewer")
    put = app.put("/v1/review/policies/civic.triage", headers=admin, json={"always": True, "required": True})
    assert put.status_code == 200
    held = app.post("/v1/inbox/messages", headers=staff, json={"text": HEALTH, "id": "hotline-1"})
    assert held.status_code == 201 and held.json()["status"] == "awaiting_review"
    again = app.post("/v1/inbox/messages", headers=staff, json={"text": HEALTH, "id": "hotline-1"})
    assert again.status_code == 200 and again.json()["id"] == held.json()["id"]
    assert "category" not in held.json() and "category" not in again.json(), "the triage waits for the reviewer"
    mid, review_id = held.json()["id"], held.json()["review_id"]
    assert app.get("/v1/inbox/messages", headers=staff).json()["total"] == 0
    assert app.get(f"/v1/inbox/messages/{mid}", headers=staff).status_code == 403
    assert app.get("/v1/inbox/messages", headers=staff, params={"status": "awaiting_review"}).status_code == 403
    assert app.get("/v1/inbox/stats", headers=staff).json()["total"]["count"] == 0
    assert app.get("/v1/inbox/messages", headers=reviewer, params={"status": "awaiting_review"}).json()["total"] == 1
    assign = app.post(f"/v1/inbox/messages/{mid}/assign", headers=staff, json={"department": "Sở Y tế"})
    assert assign.status_code == 409

    output = app.get(f"/v1/review/{review_id}", headers=reviewer).json()["output"]
    fixed = {**output, "category": "environment_sanitation", "department": "Sở Nông nghiệp và Môi trường"}
    decided = app.post(f"/v1/review/{review_id}/decision", headers=reviewer, json={"correction": fixed})
    assert decided.status_code == 200
    shown = app.get(f"/v1/inbox/messages/{mid}", headers=staff).json()
    assert (shown["status"], shown["category"]) == ("new", "environment_sanitation")
    assert app.get("/v1/inbox/messages", headers=staff).json()["total"] == 1
