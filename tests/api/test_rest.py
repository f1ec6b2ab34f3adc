"""The REST surface against a real SQLite file: auth on every route, calls, batches and every error shape."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

import nonla
from nonla.governance import audit


def test_every_v1_route_needs_a_key(app: TestClient) -> None:
    paths = {p: ops for p, ops in app.get("/openapi.json").json()["paths"].items() if p.startswith("/v1")}
    assert sum(len(ops) for ops in paths.values()) >= 10
    for template, operations in paths.items():
        path = template.replace("{name}", "vi.words").replace("{key_id}", "abc")
        for method in operations:
            response = app.request(method.upper(), path, json={"text": "x"})
            assert response.status_code == 401, (method, path)
            assert response.json()["error"]["code"] == "unauthorized"
            assert response.headers["www-authenticate"] == "Bearer"


def test_roles_and_scopes_are_enforced(app: TestClient) -> None:
    reviewer, auditor, scoped = bearer("reviewer"), bearer("auditor"), bearer("caller", scopes=["text.*"])
    assert app.get("/v1/functions", headers=reviewer).status_code == 200
    assert app.post("/v1/functions/vi.words", headers=reviewer, json={"text": "xin chào"}).status_code == 403
    assert app.post("/v1/functions/vi.words", headers=scoped, json={"text": "xin chào"}).status_code == 403
    assert app.get("/v1/keys", headers=auditor).status_code == 403
    assert app.get("/v1/audit/verify", headers=auditor).status_code == 200
    assert app.get("/v1/audit", headers=bearer("caller")).status_code == 403
    assert app.post("/v1/keys", headers=bearer("developer"), json={"role": "admin", "name": "x"}).status_code == 403


def test_call_one_and_a_batch_and_the_call_is_audited(app: TestClient) -> None:
    headers = bearer("caller")
    one = app.post("/v1/functions/vi.words", headers=headers, json={"text": "Tòa án nhân dân tối cao"})
    assert one.status_code == 200
    body = one.json()
    assert body["function"] == "vi.words@2" and body["ai_generated"] is True  # the name alone is the latest version
    assert body["output"]["words"] == ["Tòa án", "nhân dân", "tối cao"]
    many = app.post("/v1/functions/vi.words@1", headers=headers, json={"items": [{"text": "xin chào"}, {"text": " "}]})
    assert many.status_code == 200
    rows = many.json()["items"]
    assert "output" in rows[0] and rows[1]["error"]["code"] == "empty_text"
    key_id = headers["Authorization"].split("_")[1]
    calls = [r for r in audit.export(action="function.call")]
    assert [(r["actor"], r["target"], r["status"]) for r in calls] == [
        (f"key:{key_id}", "vi.words@2", "ok"),
        (f"key:{key_id}", "vi.words@1", "partial"),
    ]
    assert all(len(r["input_digest"]) == 64 and r["model_sha256"] for r in calls)
    assert "Tòa án" not in json.dumps(calls, ensure_ascii=False)
    assert audit.verify().ok


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"text": ""}, 422, "empty_text"),
        ({"text": "   \n"}, 422, "empty_text"),
        ({"text": "a" * 200_001}, 422, "text_too_long"),
        ({"text": 12}, 422, "invalid_input"),
        ({"txt": "xin chào"}, 422, "invalid_input"),
        ({"items": []}, 422, "invalid_input"),
        ({"items": "x"}, 422, "invalid_input"),
        (b"{not json", 400, "invalid_json"),
        (b"", 400, "invalid_json"),
        (b"[1, 2]", 400, "invalid_json"),
        (b'{"text": "\xff\xfe"}', 400, "invalid_utf8"),
        (b'{"text": "\\ud800"}', 400, "invalid_utf8"),
    ],
)
def test_bad_input_gets_a_clear_4xx(app: TestClient, body: object, status: int, code: str) -> None:
    headers = bearer("caller")
    kwargs = {"content": body} if isinstance(body, bytes) else {"json": body}
    response = app.post("/v1/functions/vi.words", headers=headers, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["message"] and error["hint"]
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/v1/functions/vi.nothing", "unknown_function"),
        ("/v1/functions/vi.words@9", "unknown_version"),
        ("/v1/functions/NOT A NAME", "invalid_input"),
    ],
)
def test_unknown_functions_and_versions(app: TestClient, path: str, code: str) -> None:
    headers = bearer("caller")
    for response in (app.get(path, headers=headers), app.post(path, headers=headers, json={"text": "x"})):
        assert response.json()["error"]["code"] == code
        assert response.status_code in (404, 422)


def test_describe_lists_schema_card_and_versions(app: TestClient) -> None:
    body = app.get("/v1/functions/vi.words", headers=bearer("caller")).json()
    assert body["versions"] == [1, 2] and body["version"] == 2
    assert body["input_schema"]["properties"]["text"]["maxLength"] == 200_000
    assert body["card"]["metrics"] and body["card"]["evaluation"]


def test_the_list_holds_every_version_as_the_python_catalogue_does(app: TestClient) -> None:
    listed = {row["ref"] for row in app.get("/v1/functions", headers=bearer("caller")).json()["functions"]}
    assert {"vi.words@1", "vi.words@2"} <= listed
    assert listed == {entry.ref for entry in nonla.catalog()}


def test_a_wrong_typed_nested_value_is_a_422_naming_its_field(app: TestClient) -> None:
    body = {"documents": ["Hà Nội là thủ đô của Việt Nam."]}
    response = app.post("/v1/functions/text.summarize", headers=bearer("caller"), json=body)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["details"]["field"] == "documents.0"
    assert error["message"] == "Field 'documents.0' must be a JSON object."


def test_keys_over_rest(app: TestClient) -> None:
    admin = bearer("admin")
    created = app.post("/v1/keys", headers=admin, json={"role": "caller", "name": "portal", "scopes": ["vi.*"]})
    assert created.status_code == 201
    new = created.json()
    assert new["key"].startswith("nonla_") and new["scopes"] == ["vi.*"]
    listed = app.get("/v1/keys", headers=admin).json()["keys"]
    assert new["id"] in [k["id"] for k in listed] and all("key" not in k for k in listed)
    assert app.delete(f"/v1/keys/{new['id']}", headers=admin).json()["revoked_at"]
    assert app.get("/v1/functions", headers={"Authorization": f"Bearer {new['key']}"}).status_code == 401
    assert app.post("/v1/keys", headers=admin, json={"role": "root", "name": "x"}).status_code == 422
    assert app.delete("/v1/keys/nope", headers=admin).status_code == 404


def test_service_routes_and_openapi(app: TestClient) -> None:
    assert app.get("/healthz").json() == {"status": "ok"}
    ready = app.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"]["database"] == "ok"
    app.post("/v1/functions/vi.words", headers=bearer("caller"), json={"text": "xin chào"})
    metrics = app.get("/metrics").text
    assert 'nonla_function_calls_total{function="vi.words@2",status="ok"}' in metrics
    spec = app.get("/openapi.json").json()
    assert "/v1/functions/vi.words" in spec["paths"]
    schema = spec["paths"]["/v1/functions/vi.words"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    ref = schema["oneOf"][0]["$ref"].split("/")[-1]
    assert "text" in spec["components"]["schemas"][ref]["properties"]
    assert app.get("/docs").status_code == 200
    assert "vi.words@2" in app.get("/").text
    assert app.get("/nowhere").json()["error"]["code"] == "not_found"


def test_a_batch_of_over_ten_million_characters_is_a_job_not_a_request(app: TestClient) -> None:
    """One text may be long (a law, a judgment), but a batch is answered whole: past 10,000,000 characters of text it
    is refused before anything runs, and the error says to send a job. Fewer of the same texts are fine."""
    headers = bearer("caller")
    text = "Tòa án nhân dân tối cao. " * 7_000  # 175,000 characters: under the per-text limit
    items = [{"text": text}] * 58  # 10,150,000 characters
    refused = app.post("/v1/functions/vi.sentences", headers=headers, json={"items": items})
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "batch_too_large" and "10,000,000" in error["message"] and "/v1/jobs" in error["hint"]
    assert not [r for r in audit.export(action="function.call")], "nothing ran"
    assert app.post("/v1/functions/vi.sentences", headers=headers, json={"items": items[:2]}).status_code == 200
