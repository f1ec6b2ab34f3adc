"""A laws classifier end to end, on SQLite and PostgreSQL: train (CLI), promote (conformance + report), call over
REST with an API key, train a second version over REST, canary it, compare, promote, roll back."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer
from typer.testing import CliRunner

from nonla.api.app import create_app
from nonla.cli import app as cli
from nonla.core.runner import canonical_digest
from nonla.custom import add_http_model
from nonla.custom.routing import canary_bucket

QUESTIONS = [
    "Người lao động có quyền đơn phương chấm dứt hợp đồng lao động trong trường hợp nào?",
    "Tàu biển Việt Nam phải đăng ký vào Sổ đăng ký tàu biển quốc gia.",
    "Công dân có quyền tự do cư trú, đăng ký thường trú, tạm trú theo quy định.",
    "Người phạm tội giết người thì bị phạt tù từ 12 năm đến 20 năm.",
    "Thời giờ làm việc bình thường không quá 08 giờ trong 01 ngày",
    "chu tau phai bao hiem trach nhiem dan su",
]


@pytest.fixture
def app(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def wait(app: TestClient, headers: dict[str, str], job_id: str) -> dict:
    for _ in range(600):
        job = app.get(f"/v1/models/train/{job_id}", headers=headers).json()
        if job["status"] in ("done", "failed", "cancelled"):
            return job
        time.sleep(0.2)
    raise AssertionError("training did not finish")


def test_train_promote_call_canary_rollback(app: TestClient, laws_file: Path, laws_data: bytes) -> None:
    runner = CliRunner()
    trained = runner.invoke(cli, ["train", "text-classifier", "--data", str(laws_file), "--text-col", "text",
                                  "--label-col", "law", "--name", "law_of_article", "--features", "tfidf"])  # fmt: skip
    assert trained.exit_code == 0, trained.output
    developer, caller, auditor = bearer("developer"), bearer("caller"), bearer("auditor")

    shown = app.get("/v1/models/law_of_article", headers=auditor).json()
    [v1] = shown["versions"]
    assert v1["stage"] == "draft" and v1["metrics"]["accuracy %"] >= 90 and v1["metrics"]["macro-F1 %"] >= 90
    folder = Path(v1["folder"])
    assert {"model.skops", "confusion.json", "confusion.png", "report.json"} <= set(v1["files"])
    assert all((folder / f).is_file() for f in v1["files"]) and len(v1["files"]["model.skops"]) == 64

    assert app.post("/v1/models/law_of_article/promote", headers=caller, json={"version": 1}).status_code == 403
    promoted = app.post("/v1/models/law_of_article/promote", headers=developer, json={"version": 1})
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["stage"] == "production" and promoted.json()["conformance"]["passed"]

    called = app.post("/v1/functions/custom.law_of_article", headers=caller, json={"text": QUESTIONS[1]})
    assert called.status_code == 200, called.text
    assert called.json()["output"]["label"] == "Bo-luat-hang-hai-Viet-Nam-2015"
    described = app.get("/v1/functions/custom.law_of_article@1", headers=caller).json()
    assert described["card"]["metrics"] == v1["metrics"] and described["input_schema"]["required"] == ["text"]
    bad = app.post("/v1/functions/custom.law_of_article", headers=caller, json={"text": "   "})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "empty_text"

    csv_text = laws_data.decode("utf-8")
    started = app.post("/v1/models/train", headers=developer, json={
        "kind": "text-classifier", "name": "law_of_article", "csv": csv_text, "text_col": "text",
        "label_col": "law", "features": "tfidf"})  # fmt: skip
    assert started.status_code == 202, started.text
    job = wait(app, developer, started.json()["id"])
    assert job["status"] == "done" and job["result"]["version"] == 2, job

    canary = app.post("/v1/models/law_of_article/canary", headers=developer, json={"version": 2, "percent": 50})
    assert canary.status_code == 200 and canary.json()["mode"] == "canary", canary.text
    items = [{"text": q} for q in QUESTIONS]
    batch = app.post("/v1/functions/custom.law_of_article", headers=caller, json={"items": items}).json()
    assert all("output" in row for row in batch["items"])
    report = app.get("/v1/models/law_of_article/report", headers=auditor).json()
    expected_canary = sum(canary_bucket(canonical_digest(item)) < 50 for item in items)
    assert report["calls"] == len(items) and report["by_mode"].get("canary", 0) == expected_canary
    assert report["compared"] == expected_canary and 0 <= (report["agreement"] or 0) <= 1
    assert sum(v["calls_answered"] for v in report["versions"].values()) == len(items)

    assert app.post("/v1/models/law_of_article/promote", headers=developer, json={"version": 2}).status_code == 200
    versions = {
        v["version"]: v["stage"] for v in app.get("/v1/models/law_of_article", headers=auditor).json()["versions"]
    }
    assert versions == {1: "archived", 2: "production"}
    rolled = runner.invoke(cli, ["models", "rollback", "law_of_article"])
    assert rolled.exit_code == 0, rolled.output
    versions = {
        v["version"]: v["stage"] for v in app.get("/v1/models/law_of_article", headers=auditor).json()["versions"]
    }
    assert versions == {1: "production", 2: "archived"}
    served = app.post("/v1/functions/custom.law_of_article", headers=caller, json={"text": QUESTIONS[0]}).json()
    assert served["output"]["label"] == "Bo-Luat-lao-dong-2019"
    listed = runner.invoke(cli, ["models", "list"])
    assert listed.exit_code == 0 and "law_of_article" in listed.output


def test_refusals_are_clear_4xx(app: TestClient, laws_data: bytes) -> None:
    developer = bearer("developer")
    missing = app.post("/v1/models/nothing_here/promote", headers=developer, json={"version": 1})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert app.post("/v1/models/x/canary", headers=developer, json={"version": 1, "percent": 150}).status_code == 422
    assert app.post("/v1/models/Bad%20Name/promote", headers=developer, json={"version": 1}).status_code == 422
    started = app.post("/v1/models/train", headers=developer, json={
        "kind": "text-classifier", "name": "oops", "csv": laws_data.decode(), "text_col": "nope"})  # fmt: skip
    job = wait(app, developer, started.json()["id"])
    assert job["status"] == "failed" and job["error"]["code"] == "invalid_input" and "nope" in job["error"]["message"]
    assert app.get("/v1/models/train/unknown", headers=developer).status_code == 404

    # (b) no evaluation report: refused before any check runs
    schema = {"task": "classification", "labels": ["a", "b"], "fields": [{"name": "x", "type": "number"}],
              "examples": [{"x": 1.0}], "intended_use": "tests", "evaluation": "-", "evaluation_data": "-"}  # fmt: skip
    add_http_model("kserve", "http://127.0.0.1:9", schema, name="unmeasured", model="m", timeout=1, retries=0)
    refused = app.post("/v1/models/unmeasured/promote", headers=developer, json={"version": 1})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "promotion_refused"
    assert "evaluation report" in refused.json()["error"]["message"]
    # (a) measured, but its examples fail (the remote server does not answer): the conformance checks refuse it
    add_http_model("kserve", "http://127.0.0.1:9", {**schema, "metrics": {"accuracy %": 90.0}}, name="unreachable",
                   model="m", timeout=1, retries=0)  # fmt: skip
    refused = app.post("/v1/models/unreachable/promote", headers=developer, json={"version": 1})
    assert refused.status_code == 409 and "conformance" in refused.json()["error"]["message"]
    assert "schema_round_trip" in refused.json()["error"]["details"]["checks"]
    assert app.get("/v1/models/unreachable/versions/1", headers=developer).json()["conformance"]["passed"] is False
    unknown = app.post("/v1/functions/custom.nothing_here", headers=bearer("caller"), json={"text": "x"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_function"


def test_a_key_limited_to_some_functions_manages_only_their_models(app: TestClient) -> None:
    schema = {"task": "classification", "labels": ["a", "b"], "fields": [{"name": "x", "type": "number"}],
              "examples": [{"x": 1.0}], "intended_use": "tests", "evaluation": "-", "evaluation_data": "-"}  # fmt: skip
    for name in ("mine", "theirs"):
        add_http_model("kserve", "http://127.0.0.1:9", schema, name=name, model="m", timeout=1, retries=0)
    limited = bearer("developer", scopes=["vi.*", "custom.mine"])
    for method, path, body in (("post", "rollback", None), ("post", "archive", {"version": 1}),
                               ("post", "canary", {"version": 1, "percent": 10}), ("delete", "rollout", None),
                               ("get", "", None), ("get", "report", None)):  # fmt: skip
        url = f"/v1/models/theirs/{path}".rstrip("/")
        response = app.request(method.upper(), url, headers=limited, json=body)
        assert response.status_code == 403, (path, response.text)
    assert [m["name"] for m in app.get("/v1/models", headers=limited).json()["models"]] == ["mine"]
    assert app.get("/v1/models/mine", headers=limited).status_code == 200
    trained = app.post("/v1/models/train", headers=limited, json={"kind": "tabular", "name": "theirs", "csv": "x,y\n1,2"})
    assert trained.status_code == 403
