"""/v1/monitoring and /metrics with keys, on both databases: summaries, baselines, thresholds, alerts, roles,
tenants and bad input (4xx with a stable code, never a 500)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.api.app import create_app

from .conftest import MARKED, strip_marks


@pytest.fixture
def app(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def _call(app: TestClient, who: dict[str, str], texts: list[str]) -> None:
    for text in texts:
        assert app.post("/v1/functions/text.sentiment", headers=who, json={"text": text}).status_code == 200


def test_baseline_drift_alert_ack_and_metrics(app: TestClient, baseline_file: Path) -> None:
    admin, caller, auditor = bearer("admin"), bearer("caller"), bearer("auditor")
    with baseline_file.open("rb") as data:
        made = app.post("/v1/monitoring/baselines/text.sentiment", headers=admin, files={"data": data})
    assert made.status_code == 201, made.text
    assert made.json()["ref"] == "text.sentiment@1" and made.json()["items"] == len(MARKED)
    _call(app, caller, [strip_marks(t) for t in MARKED[:60]])

    summary = app.get("/v1/monitoring", headers=auditor)
    assert summary.status_code == 200
    [row] = summary.json()["functions"]
    assert row["ref"] == "text.sentiment@1" and row["calls"] == 60 and row["status"] == "alert"
    assert row["input_psi"] > 0.2 and row["baseline"]["items"] == len(MARKED)
    found = app.get("/v1/monitoring/alerts", headers=auditor, params={"open": "true"}).json()["alerts"]
    drift = [a for a in found if a["kind"] == "input_drift"]
    assert len(drift) == 1 and drift[0]["ref"] == "text.sentiment@1"
    shown = app.get("/v1/monitoring/text.sentiment@1", headers=auditor).json()
    assert shown["versions"][0]["calls"] == 60 and len(shown["alerts"]) == len(found)

    assert "nonla_monitoring_" not in app.get("/metrics").text  # no key: tenants' figures stay private
    assert app.get("/metrics", headers=caller).status_code == 403
    other = app.get("/metrics", headers=bearer("auditor", tenant="agency-b")).text
    assert "nonla_function_calls" in other and 'tenant="default"' not in other
    metrics = app.get("/metrics", headers=auditor).text
    assert 'nonla_monitoring_input_psi{function="text.sentiment@1",tenant="default"}' in metrics
    for series in ("nonla_monitoring_error_rate", "nonla_monitoring_review_share", "nonla_monitoring_confidence_psi",
                   "nonla_monitoring_latency_p95_seconds", "nonla_monitoring_latency_p50_seconds"):  # fmt: skip
        assert f'{series}{{function="text.sentiment@1",tenant="default"}}' in metrics, series
    assert f'nonla_monitoring_open_alerts{{function="text.sentiment@1",tenant="default"}} {len(found)}.0' in metrics

    assert app.post(f"/v1/monitoring/alerts/{drift[0]['id']}/ack", headers=auditor).status_code == 403
    acked = app.post(f"/v1/monitoring/alerts/{drift[0]['id']}/ack", headers=admin)
    assert acked.status_code == 200 and acked.json()["acknowledged"] is True
    left = app.get("/v1/monitoring/alerts", headers=auditor, params={"open": "true"}).json()["alerts"]
    assert [a["kind"] for a in left] == [a["kind"] for a in found if a["kind"] != "input_drift"]


def test_thresholds_and_bad_input(app: TestClient) -> None:
    admin, auditor, caller = bearer("admin"), bearer("auditor"), bearer("caller")
    assert app.get("/v1/monitoring").status_code == 401
    assert app.get("/v1/monitoring", headers=caller).status_code == 403
    set_ = app.put("/v1/monitoring/thresholds/vi.words", headers=admin, json={"error_rate": 0.01, "min_calls": 2})
    assert set_.status_code == 200 and set_.json()["error_rate"] == 0.01 and set_.json()["psi"] == 0.2
    denied = app.put("/v1/monitoring/thresholds/vi.words", headers=auditor, json={"error_rate": 0.5})
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "forbidden"
    for body in ({"error_rate": 2}, {"psi": -1}, {"min_calls": 0}, {"window": 5}, {"error_rate": "high"}):
        bad = app.put("/v1/monitoring/thresholds/vi.words", headers=admin, json=body)
        assert bad.status_code == 422, body
    unknown = app.put("/v1/monitoring/thresholds/vi.nothing", headers=admin, json={"psi": 0.3})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_function"
    assert app.get("/v1/monitoring/vi.nothing", headers=auditor).status_code == 404
    assert app.post("/v1/monitoring/alerts/999/ack", headers=admin).status_code == 404
    upload = app.post("/v1/monitoring/baselines/vi.nothing", headers=admin, files={"data": ("a.jsonl", b"{}")})
    assert upload.status_code == 404
    for content, status in ((b"not json\n", 400), (b"[1]\n", 400), (b"\n", 422), (b'{"txt": "a"}\n', 422),
                            (b"\xff\xfe", 400)):  # fmt: skip
        bad = app.post("/v1/monitoring/baselines/vi.words", headers=admin, files={"data": ("a.jsonl", content)})
        assert bad.status_code == status, (content, bad.text)
        assert "error" in bad.json()

    _call_words = [app.post("/v1/functions/vi.words", headers=caller, json={"text": t}) for t in ("xin chào", " ")]
    assert [r.status_code for r in _call_words][0] == 200
    [row] = app.get("/v1/monitoring/vi.words", headers=auditor).json()["versions"]
    assert row["thresholds"]["error_rate"] == 0.01 and row["thresholds"]["min_calls"] == 2


def test_alerts_and_summaries_are_per_tenant(app: TestClient) -> None:
    ours, theirs = bearer("admin", "so-a"), bearer("admin", "so-b")
    limits = {"error_rate": 0.01, "min_calls": 2, "latency_p95_ms": 600_000}  # the first call loads the model
    app.put("/v1/monitoring/thresholds/vi.words", headers=ours, json=limits)
    for text in ("xin chào", "", "", "tạm biệt"):
        app.post("/v1/functions/vi.words", headers=ours, json={"text": text})
    mine = app.get("/v1/monitoring/alerts", headers=ours).json()["alerts"]
    assert [a["kind"] for a in mine] == ["error_rate"] and mine[0]["tenant"] == "so-a"
    assert app.get("/v1/monitoring/alerts", headers=theirs).json()["alerts"] == []
    assert app.get("/v1/monitoring", headers=theirs).json()["functions"] == []
    assert app.post(f"/v1/monitoring/alerts/{mine[0]['id']}/ack", headers=theirs).status_code == 404
    json.dumps(mine)  # plain data
