"""Governance over REST on both databases: subjects, register, reports, retention, incidents, suspensions, quotas."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla import inbox
from nonla.governance import keys

pytestmark = pytest.mark.usefixtures("database")  # every test on SQLite and PostgreSQL

SUBJECT = "cccd-079200001234"
TEXT = "Đường Nguyễn Trãi có ổ gà lớn trước số nhà 25, đề nghị sửa chữa gấp."


def test_subject_export_and_erase(app: TestClient) -> None:
    admin, caller = bearer("admin"), bearer("caller")
    inbox.submit(TEXT, subject_id=SUBJECT, contact="0983 112 457")
    assert app.get(f"/v1/subjects/{SUBJECT}", headers=caller).status_code == 403
    exported = app.get(f"/v1/subjects/{SUBJECT}", headers=admin)
    assert exported.status_code == 200 and exported.json()["inbox_messages"][0]["contact"] == "0983 112 457"
    erased = app.delete(f"/v1/subjects/{SUBJECT}", headers=admin)
    assert erased.status_code == 200 and erased.json()["erased"]["inbox_messages"] == 1
    assert app.get(f"/v1/subjects/{SUBJECT}", headers=admin).json()["inbox_messages"] == []
    too_long = app.get(f"/v1/subjects/{'x' * 300}", headers=admin)
    assert too_long.status_code == 422 and too_long.json()["error"]["code"] == "invalid_input"


def test_a_blank_scope_is_refused_as_on_the_command_line(app: TestClient) -> None:
    admin = bearer("admin")
    for scopes in ([""], [" "], ["vi.*", ""]):
        refused = app.post("/v1/keys", headers=admin, json={"role": "caller", "name": "portal", "scopes": scopes})
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_input", refused.text
        assert "scope is empty" in refused.json()["error"]["message"]
    assert [k.name for k in keys.list_keys()] == ["test admin"], "no key was made"


def test_suspended_function_answers_423_on_rest_and_resumes(app: TestClient) -> None:
    admin, caller = bearer("admin"), bearer("caller")
    body = {"text": "xin chào"}
    assert app.post("/v1/functions/text.language", headers=caller, json=body).status_code == 200
    made = app.post("/v1/incidents", headers=admin, json={"target": "text.language", "severity": "high",
                                                         "description": "Sai ngôn ngữ"})  # fmt: skip
    assert made.status_code == 201
    suspended = app.post("/v1/suspensions", headers=admin,
                         json={"target": "text.language", "reason": "đang điều tra", "incident_id": made.json()["id"]})  # fmt: skip
    assert suspended.status_code == 201
    refused = app.post("/v1/functions/text.language", headers=caller, json=body)
    assert refused.status_code == 423 and refused.json()["error"]["code"] == "function_suspended"
    assert "đang điều tra" in refused.json()["error"]["message"]
    tenant_admin = bearer("admin", tenant="so-y-te")
    assert app.delete("/v1/suspensions/text.language", headers=tenant_admin).status_code == 403
    assert app.delete("/v1/suspensions/text.language", headers=admin).status_code == 200
    assert app.post("/v1/functions/text.language", headers=caller, json=body).status_code == 200
    bad = app.post("/v1/incidents", headers=admin, json={"target": "vi.words", "severity": "huge", "description": "x"})
    assert bad.status_code == 422
    unknown = app.post("/v1/suspensions", headers=admin, json={"target": "vi.nothing", "reason": "x"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_function"


def test_an_agencys_own_pipeline_is_suspended_for_it_alone(app: TestClient) -> None:
    from nonla.core.context import tenant_scope
    from nonla.jobs import pipeline_store

    spelled = "name: spelled\nsteps:\n  - function: vi.normalize\n    inputs: {text: $input.text}\noutput:\n  text: $steps.0.text\n"
    for agency in ("so-y-te", "so-tu-phap"):
        with tenant_scope(agency):
            pipeline_store.add(spelled)
    admin, health, justice = bearer("admin"), bearer("caller", tenant="so-y-te"), bearer("admin", tenant="so-tu-phap")
    body = {"target": "pipeline.spelled", "reason": "lộ dữ liệu", "tenant": "so-y-te"}
    assert app.post("/v1/suspensions", headers=admin, json={**body, "tenant": "Sở Y tế"}).status_code == 422
    assert app.post("/v1/suspensions", headers=admin, json=body).status_code == 201
    assert app.post("/v1/functions/pipeline.spelled", headers=health, json={"text": "a"}).status_code == 423
    assert app.post("/v1/functions/pipeline.spelled", headers=justice, json={"text": "a"}).status_code == 200
    assert app.get("/v1/suspensions", headers=justice).json()["suspensions"] == []  # not its business
    assert app.delete("/v1/suspensions/pipeline.spelled", headers=admin).status_code == 404  # the default's: none
    assert app.delete("/v1/suspensions/pipeline.spelled", headers=admin, params={"tenant": "so-y-te"}).status_code == 200
    assert app.post("/v1/functions/pipeline.spelled", headers=health, json={"text": "a"}).status_code == 200


def test_breaches_show_their_deadline(app: TestClient) -> None:
    admin, auditor = bearer("admin"), bearer("auditor")
    made = app.post("/v1/incidents", headers=admin, json={"target": "civic.triage", "severity": "critical",
                    "description": "Lộ dữ liệu", "kind": "breach", "detected_at": "2020-01-01T00:00:00Z"})  # fmt: skip
    assert made.json()["notify_by"] == "2020-01-04T00:00:00.000000Z" and made.json()["overdue"]
    listed = app.get("/v1/incidents", headers=auditor, params={"kind": "breach"})
    assert listed.status_code == 200 and listed.json()["incidents"][0]["overdue"]
    assert app.post("/v1/incidents", headers=auditor, json={}).status_code in (403, 422)
    notified = app.post(f"/v1/incidents/{made.json()['id']}/notified", headers=admin, json={})
    assert notified.status_code == 200 and not notified.json()["overdue"]


def test_register_report_retention_exceptions(app: TestClient) -> None:
    admin, auditor, caller = bearer("admin"), bearer("auditor"), bearer("caller")
    assert app.get("/v1/governance/register", headers=caller).status_code == 403
    rows = app.get("/v1/governance/register", headers=auditor).json()["functions"]
    assert any(r["function"] == "vision.faces@1" and r["risk"] == "high" for r in rows)
    md = app.get("/v1/governance/report/vi.words", headers=auditor)
    assert md.status_code == 200 and md.text.startswith("# Impact assessment: vi.words@")
    pdf = app.get("/v1/governance/report/vi.words", headers=auditor, params={"format": "pdf"})
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    assert app.get("/v1/governance/report/vi.nothing", headers=auditor).status_code == 404
    assert app.get("/v1/governance/report/vi.words", headers=auditor, params={"format": "doc"}).status_code == 422
    assert app.put("/v1/governance/retention/inbox", headers=admin, json={"max_age_days": 30}).status_code == 200
    assert app.get("/v1/governance/retention", headers=admin).json()["policies"][0]["max_age_days"] == 30
    assert app.put("/v1/governance/retention/audit", headers=admin, json={"max_age_days": 30}).status_code == 422
    assert app.put("/v1/governance/retention/inbox", headers=admin, json={"max_age_days": 0}).status_code == 422
    assert app.post("/v1/governance/retention/purge", headers=admin).json()["purged"][0]["kind"] == "inbox"
    made = app.put("/v1/governance/exceptions/vision.idcard", headers=admin, json={"reason": "thử nghiệm"})
    assert made.status_code == 200 and made.json()["function"] == "vision.idcard"
    assert app.put("/v1/governance/exceptions/vi.words", headers=admin, json={"reason": "x"}).status_code == 422
    assert app.delete("/v1/governance/exceptions/vision.idcard", headers=admin).status_code == 204


def test_rate_limit_answers_429_with_retry_after(app: TestClient) -> None:
    admin = bearer("admin")
    key, record = keys.create_key("caller", "portal")
    limited = {"Authorization": f"Bearer {key}"}
    assert app.put(f"/v1/keys/{record.id}/quota", headers=admin, json={"per_minute": 2}).status_code == 200
    assert app.put(f"/v1/keys/{record.id}/quota", headers=limited, json={"per_minute": 9}).status_code == 403
    statuses = [app.get("/v1/functions", headers=limited).status_code for _ in range(5)]
    assert statuses[0] == 200 and 429 in statuses  # (five, in case a minute ends between two of them)
    refused = app.get("/v1/functions", headers=limited)
    assert refused.json()["error"]["code"] == "rate_limited" and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert app.get("/v1/functions", headers=admin).status_code == 200  # other keys are not limited
    assert app.get("/v1/quotas", headers=admin).json()["quotas"][0]["per_minute"] == 2
    assert app.put(f"/v1/keys/{record.id}/quota", headers=admin, json={"per_day": -1}).status_code == 422
    assert app.put("/v1/keys/nope/quota", headers=admin, json={"per_day": 5}).status_code == 404
