"""/v1/review over REST on both databases: policies, queueing from POST /v1/functions, decisions, roles, tenants."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.governance import audit

pytestmark = pytest.mark.usefixtures("database")  # every test on SQLite and PostgreSQL

UNSURE, SURE = "xin chao", "Tôi muốn đăng ký tạm trú cho con tại phường."
RIGHT = {"language": "vi", "confidence": 1.0, "diacritics": False}


def test_calls_queue_results_and_reviewers_decide(app: TestClient) -> None:
    admin, caller, reviewer = bearer("admin"), bearer("caller"), bearer("reviewer")
    put = app.put("/v1/review/policies/text.language", headers=admin, json={"threshold": 0.5})
    assert put.status_code == 200 and put.json()["threshold"] == 0.5
    assert app.get("/v1/review/policies", headers=reviewer).json()["policies"][0]["function"] == "text.language"
    assert app.get("/v1/review/policies/text.language", headers=reviewer).json()["threshold"] == 0.5

    sure = app.post("/v1/functions/text.language", headers=caller, json={"text": SURE}).json()
    assert set(sure) == {"function", "ai_generated", "latency_ms", "output"}  # nothing queued: the envelope as before
    batch = app.post("/v1/functions/text.language", headers={**caller, "X-Subject-Id": "cccd-001"},
                     json={"items": [{"text": SURE}, {"text": UNSURE}, {"text": ""}]}).json()  # fmt: skip
    assert set(batch) == {"function", "ai_generated", "latency_ms", "items", "review"}
    [queued] = batch["review"]
    assert (queued["index"], queued["reason"]) == (1, "low_confidence") and set(queued) == {"index", "id", "reason", "held"}
    one = app.post("/v1/functions/text.language", headers=caller, json={"text": UNSURE}).json()
    assert one["output"]["language"] == "vi" and one["review"][0]["index"] == 0

    listed = app.get("/v1/review", headers=reviewer, params={"function": "text.language"}).json()["items"]
    assert [i["id"] for i in listed] == [queued["id"], one["review"][0]["id"]]
    item = app.get(f"/v1/review/{queued['id']}", headers=reviewer).json()
    assert item["input"] == {"text": UNSURE} and item["subject_id"] == "cccd-001" and item["status"] == "pending"

    bad = app.post(f"/v1/review/{queued['id']}/decision", headers=reviewer, json={"correction": {"language": "vi"}})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"
    assert "confidence" in bad.json()["error"]["message"] and bad.json()["error"]["hint"]
    assert app.post(f"/v1/review/{queued['id']}/decision", headers=reviewer, json={}).status_code == 422
    assert (
        app.post(f"/v1/review/{queued['id']}/decision", headers=reviewer, json={"accept": "maybe"}).status_code == 422
    )
    done = app.post(f"/v1/review/{queued['id']}/decision", headers=reviewer, json={"correction": RIGHT, "note": "vi"})
    assert done.status_code == 200 and done.json()["status"] == "corrected" and done.json()["result"] == RIGHT
    again = app.post(f"/v1/review/{queued['id']}/decision", headers=reviewer, json={"accept": True})
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    accepted = app.post(f"/v1/review/{one['review'][0]['id']}/decision", headers=admin, json={"accept": True})
    assert accepted.json()["status"] == "accepted"
    assert app.get("/v1/review", headers=reviewer).json()["items"] == []  # nothing pending
    assert len(app.get("/v1/review", headers=reviewer, params={"status": "corrected"}).json()["items"]) == 1
    assert len(app.get("/v1/review", headers=reviewer, params={"status": "all"}).json()["items"]) == 2
    assert app.get("/v1/review", headers=reviewer, params={"status": "lost"}).status_code == 422

    examples = app.get("/v1/review/examples/text.language", headers=reviewer).json()["examples"]
    assert [(e["input"], e["output"]) for e in examples] == [({"text": UNSURE}, RIGHT)]
    jsonl = app.get("/v1/review/examples/text.language", headers=reviewer, params={"format": "jsonl"})
    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    assert [json.loads(line)["output"] for line in jsonl.text.splitlines()] == [RIGHT]
    assert app.get("/v1/review/999999", headers=reviewer).status_code == 404
    assert audit.verify().ok


def test_required_policy_holds_results_out_of_the_released_list(app: TestClient) -> None:
    admin, caller, reviewer = bearer("admin"), bearer("caller"), bearer("reviewer")
    body = app.put("/v1/review/policies/vi.words", headers=admin, json={"always": True, "required": True}).json()
    assert (body["always"], body["required"], body["threshold"]) == (True, True, None)
    answer = app.post("/v1/functions/vi.words", headers=caller, json={"text": "xin chào"})
    queued = answer.json()["review"]
    assert [q["reason"] for q in queued] == ["always"]
    # held back: the caller gets the review item, not the output, until a reviewer acts
    assert answer.status_code == 202 and "output" not in answer.json(), answer.text
    assert answer.json()["held"] == {"review_id": queued[0]["id"], "reason": "always", "status": "pending"}
    batch = app.post("/v1/functions/vi.words", headers=caller, json={"items": [{"text": "a"}, {"text": ""}]}).json()
    assert [sorted(row) for row in batch["items"]] == [["held"], ["error"]]
    assert app.get("/v1/review", headers=reviewer, params={"status": "released"}).json()["items"] == []
    app.post(f"/v1/review/{queued[0]['id']}/decision", headers=reviewer, json={"accept": True})
    released = app.get("/v1/review", headers=reviewer, params={"status": "released"}).json()["items"]
    assert [(i["id"], i["released"]) for i in released] == [(queued[0]["id"], True)]
    bad = app.put("/v1/review/policies/vi.words", headers=admin, json={"threshold": 0.5})
    assert bad.status_code == 422 and "no confidence" in bad.json()["error"]["message"]
    assert app.put("/v1/review/policies/vi.words", headers=admin, json={"threshold": 2}).status_code == 422
    assert app.put("/v1/review/policies/vi.words", headers=admin, json={"required": True}).status_code == 422
    assert app.delete("/v1/review/policies/vi.words", headers=admin).json() == {"function": "vi.words", "removed": True}
    assert app.get("/v1/review/policies/vi.words", headers=admin).status_code == 404
    assert "review" not in app.post("/v1/functions/vi.words", headers=caller, json={"text": "xin chào"}).json()


def test_each_agency_sees_only_its_own_queue_and_policies(app: TestClient) -> None:
    app.put("/v1/review/policies/text.language", headers=bearer("admin", "agency-a"), json={"always": True})
    other = app.post("/v1/functions/text.language", headers=bearer("caller", "agency-b"), json={"text": SURE}).json()
    assert "review" not in other
    mine = app.post("/v1/functions/text.language", headers=bearer("caller", "agency-a"), json={"text": SURE}).json()
    item_id = mine["review"][0]["id"]
    outsider = bearer("reviewer", "agency-b")
    assert app.get(f"/v1/review/{item_id}", headers=outsider).status_code == 404
    assert app.post(f"/v1/review/{item_id}/decision", headers=outsider, json={"accept": True}).status_code == 404
    assert app.get("/v1/review", headers=outsider).json()["items"] == []
    assert app.get("/v1/review/policies", headers=outsider).json()["policies"] == []
    assert app.get(f"/v1/review/{item_id}", headers=bearer("reviewer", "agency-a")).status_code == 200


def test_every_review_route_needs_a_key_and_the_right_role(app: TestClient) -> None:
    paths = {p: ops for p, ops in app.get("/openapi.json").json()["paths"].items() if p.startswith("/v1/review")}
    assert sum(len(ops) for ops in paths.values()) == 9
    caller, reviewer = bearer("caller"), bearer("reviewer")
    for template, operations in paths.items():
        path = template.replace("{function}", "text.language").replace("{item_id}", "1")
        if template.endswith("/result"):  # any key asks; only the call's own key finds its item (tested below)
            assert app.get(path).status_code == 401 and app.get(path, headers=caller).status_code == 404
            continue
        for method in operations:
            body = {"accept": True} if method == "post" else {"always": True}
            anonymous = app.request(method.upper(), path, json=body)
            assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "unauthorized", (method, path)
            wrong = app.request(method.upper(), path, headers=caller, json=body)
            assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "forbidden", (method, path)
            if method in ("put", "delete"):  # policies are the admins' to change
                assert app.request(method.upper(), path, headers=reviewer, json=body).status_code == 403


def test_the_caller_reads_its_held_result_once_a_reviewer_released_it(app: TestClient) -> None:
    from nonla.client import Client, HeldForReview

    admin, caller, reviewer = bearer("admin"), bearer("caller"), bearer("reviewer")
    app.put("/v1/review/policies/vi.words", headers=admin, json={"always": True, "required": True})
    client = Client("http://testserver", api_key="unused")
    client._http = app  # the Python client over the app itself, with the caller's key
    app.headers.update(caller)
    with pytest.raises(HeldForReview) as held:
        client.run("vi.words", text="xin chào")
    item = held.value.review_id
    batch = client.run_batch("vi.words", [{"text": "Hà Nội"}, {"text": ""}])
    assert isinstance(batch[0], HeldForReview) and batch[1].code == "empty_text"
    pending = app.get(f"/v1/review/{item}/result").json()
    assert pending == {"id": item, "function": pending["function"], "status": "pending", "released": False}
    assert pending["function"].startswith("vi.words@")
    with pytest.raises(HeldForReview):
        client.result(item)
    other = bearer("caller")  # another key of the agency: the item is not its own
    assert app.get(f"/v1/review/{item}/result", headers=other).status_code == 404
    fixed = {"words": ["xin chào"], "spans": [[0, 8]]}
    decided = app.post(f"/v1/review/{item}/decision", headers=reviewer, json={"correction": fixed})
    assert decided.status_code == 200, decided.text
    assert client.result(item).model_dump(mode="json")["words"] == ["xin chào"]  # the correction, not the output
    assert app.get(f"/v1/review/{item}/result", headers=reviewer).json()["released"] is True
    assert app.get(f"/v1/review/{item}/result", headers=bearer("caller", "agency-b")).status_code == 404
