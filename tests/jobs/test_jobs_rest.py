"""/v1/jobs over REST on both databases: roles and scopes, submit, progress, results, cancel/resume, restart."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from nonla.api.app import create_app
from nonla.governance import keys
from nonla.jobs import service

ITEMS = [{"text": f"Tòa án nhân dân tối cao {i}"} for i in range(25)] + [{"text": ""}]


@pytest.fixture
def app(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def bearer(role: str, scopes: list[str] | None = None, tenant: str = "default") -> dict[str, str]:
    key, _ = keys.create_key(role, f"test {role}", scopes, tenant=tenant)
    return {"Authorization": f"Bearer {key}"}


def wait_done(app: TestClient, job_id: str, headers: dict[str, str]) -> dict[str, Any]:
    for _ in range(600):
        body = app.get(f"/v1/jobs/{job_id}", headers=headers).json()
        if body["status"] in ("done", "failed", "cancelled"):
            return body
        time.sleep(0.05)
    raise AssertionError(body)


def test_submit_poll_download(app: TestClient) -> None:
    caller = bearer("caller")
    created = app.post("/v1/jobs", headers=caller, json={"function": "vi.words", "items": ITEMS, "chunk_size": 10})
    assert created.status_code == 202, created.text
    job_id = created.json()["id"]
    assert "path" not in json.dumps(created.json())  # the server's paths stay on the server
    body = wait_done(app, job_id, caller)
    assert (body["status"], body["done"], body["total"], body["errors"], body["percent"]) == ("done", 26, 26, 1, 100.0)
    assert body["rate"] > 0
    results = app.get(f"/v1/jobs/{job_id}/results", headers=caller)
    assert results.status_code == 200 and results.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in results.text.splitlines()]
    assert [r["index"] for r in rows] == list(range(26))
    assert rows[0]["output"]["words"][:2] == ["Tòa án", "nhân dân"] and rows[25]["error"]["code"] == "empty_text"
    assert [j["id"] for j in app.get("/v1/jobs", headers=caller).json()["jobs"]] == [job_id]
    assert app.get("/v1/jobs", headers=bearer("caller", tenant="other")).json()["jobs"] == []
    assert app.get(f"/v1/jobs/{job_id}", headers=bearer("caller", tenant="other")).status_code == 404


def test_csv_output_and_resume_after_cancel(app: TestClient) -> None:
    developer = bearer("developer")
    job = service.submit("vi.words", _items_file(), None, output_format="csv", workers=1, chunk_size=5)
    service.cancel(job["id"])  # cancelled before the worker picked it up
    assert app.get(f"/v1/jobs/{job['id']}/results", headers=developer).json()["error"]["code"] == "conflict"
    assert app.post(f"/v1/jobs/{job['id']}/cancel", headers=developer).status_code == 409
    resumed = app.post(f"/v1/jobs/{job['id']}/resume", headers=developer)
    assert resumed.status_code == 202, resumed.text
    assert wait_done(app, job["id"], developer)["status"] == "done"
    text = app.get(f"/v1/jobs/{job['id']}/results", headers=developer).text
    assert text.splitlines()[0].startswith("index,error_code,error_message,words") and len(text.splitlines()) == 27
    assert app.post(f"/v1/jobs/{job['id']}/resume", headers=developer).status_code == 409


def _items_file() -> str:
    path = service.jobs_dir() / "items.jsonl"
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in ITEMS), encoding="utf-8")
    return str(path)


def test_unfinished_jobs_resume_when_the_server_starts(database: str) -> None:
    job = service.submit("vi.words", _items_file(), None, workers=1, chunk_size=10)  # queued, no server running
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        assert wait_done(client, job["id"], bearer("admin"))["done"] == 26


def test_roles_scopes_and_bad_input(app: TestClient) -> None:
    body = {"function": "vi.words", "items": ITEMS}
    assert app.post("/v1/jobs", json=body).status_code == 401
    for role in ("reviewer", "auditor"):
        assert app.post("/v1/jobs", headers=bearer(role), json=body).status_code == 403
        assert app.get("/v1/jobs", headers=bearer(role)).status_code == 403
    scoped = app.post("/v1/jobs", headers=bearer("caller", scopes=["privacy.*"]), json=body)
    assert scoped.status_code == 403 and "vi.words" in scoped.json()["error"]["message"]
    caller = bearer("caller")
    cases = [
        ({"function": "vi.nothing", "items": ITEMS}, 404, "unknown_function"),
        ({"function": "vi.words"}, 422, "invalid_input"),
        ({"function": "vi.words", "items": []}, 422, "invalid_input"),
        ({"function": "vi.words", "items": ITEMS, "collection": "laws"}, 422, "invalid_input"),
        ({"function": "vi.words", "collection": "nope"}, 404, "not_found"),
        ({"function": "vi.words", "items": ITEMS, "output_format": "xml"}, 422, "invalid_input"),
        ({"function": "vi.words", "items": ITEMS, "chunk_size": 0}, 422, "invalid_input"),
    ]
    for payload, status, code in cases:
        response = app.post("/v1/jobs", headers=caller, json=payload)
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), payload
    assert app.get("/v1/jobs/nope", headers=caller).status_code == 404
    assert app.post("/v1/jobs/nope/cancel", headers=caller).status_code == 404
