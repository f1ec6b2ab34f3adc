"""The OpenAPI document describes every /v1 route as the server answers it: the statuses it can send, the one error
body it sends them with ({"error": {code, message, hint}}, never FastAPI's {"detail": [...]}), and the media type of
what is not JSON; and the server keeps its side: a malformed JSON body is 400 invalid_json on every route, a 405
names what is allowed, a store that went away says when to try again, and ids the store cannot hold are refused."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

SHARED = {"400", "401", "403", "413", "429", "503"}
WRITES = ("post", "put", "delete")


@pytest.fixture
def spec(app: TestClient) -> dict[str, Any]:
    return dict(app.get("/openapi.json").json())


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every /v1 operation but the function calls, which test_openapi_function_routes covers."""
    return [(path, method, operation) for path, operations in spec["paths"].items() if path.startswith("/v1/")
            for method, operation in operations.items()
            if not (method == "post" and path.startswith("/v1/functions/"))]  # fmt: skip


def _declares(spec: dict[str, Any], method: str, path: str, answer: Any) -> None:
    """The status is declared for the operation, and the body has the declared error shape."""
    responses = spec["paths"][path][method]["responses"]
    status = str(answer.status_code)
    assert status in responses, f"{method.upper()} {path} answered an undeclared {status}"
    schema = responses[status]["content"]["application/json"]["schema"]
    assert set(schema["required"]) == {"error"}
    assert set(schema["properties"]["error"]["required"]) <= set(answer.json()["error"])


def test_every_operation_lists_the_errors_it_can_answer(spec: dict[str, Any]) -> None:
    operations = _operations(spec)
    assert len(operations) > 90
    for path, method, operation in operations:
        responses, label = operation["responses"], f"{method.upper()} {path}"
        assert SHARED <= set(responses), label
        assert "Retry-After" in responses["429"]["headers"] and "Retry-After" in responses["503"]["headers"], label
        if "{" in path:
            assert {"404", "422"} <= set(responses), label
        if method in WRITES:
            assert "409" in responses, label


def test_the_statuses_the_server_sends_are_declared(app: TestClient, spec: dict[str, Any]) -> None:
    _declares(spec, "get", "/v1/collections", app.get("/v1/collections"))  # 401: no key
    _declares(spec, "get", "/v1/keys", app.get("/v1/keys", headers=bearer("caller")))  # 403
    admin = bearer("admin")
    _declares(spec, "get", "/v1/inbox/messages/{message_id}", app.get("/v1/inbox/messages/999999", headers=admin))
    assert app.post("/v1/collections", headers=admin, json={"name": "laws"}).status_code in (200, 201, 409)
    _declares(spec, "post", "/v1/collections", app.post("/v1/collections", headers=admin, json={"name": "laws"}))


def test_a_422_is_described_with_the_body_the_server_sends(app: TestClient, spec: dict[str, Any]) -> None:
    assert "HTTPValidationError" not in str(spec) and "ValidationError" not in spec["components"]["schemas"]
    answer = app.get("/v1/inbox/messages?limit=abc", headers=bearer("admin"))
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_input"
    _declares(spec, "get", "/v1/inbox/messages", answer)


@pytest.mark.parametrize("path", ["/v1/functions/vi.words", "/v1/collections", "/v1/inbox/messages", "/v1/jobs"])
def test_a_malformed_json_body_is_invalid_json_on_every_route(app: TestClient, path: str) -> None:
    headers = {**bearer("admin"), "Content-Type": "application/json"}
    answer = app.post(path, headers=headers, content=b'{"text": "x",')
    assert answer.status_code == 400, answer.text
    error = answer.json()["error"]
    assert error["code"] == "invalid_json" and "line 1, column 14" in error["message"]


def test_a_405_names_every_method_the_path_takes(app: TestClient) -> None:
    admin = bearer("admin")
    answer = app.delete("/v1/functions", headers=admin)
    assert answer.status_code == 405 and answer.json()["error"]["code"] == "method_not_allowed"
    assert answer.headers["allow"] == "GET"
    answer = app.put("/v1/collections", headers=admin)  # served by two routes: GET and POST
    assert answer.status_code == 405 and answer.headers["allow"] == "GET, POST"


@pytest.mark.parametrize(
    ("path", "media"),
    [("/v1/jobs/{job_id}/results", {"application/x-ndjson", "text/csv", "application/vnd.apache.parquet"}),
     ("/v1/governance/report/{name}", {"text/markdown", "application/pdf"}),
     ("/v1/review/examples/{function}", {"application/json", "application/x-ndjson"}),
     ("/metrics", {"text/plain; version=0.0.4"})],
)  # fmt: skip
def test_answers_that_are_not_json_declare_their_media_types(spec: dict[str, Any], path: str, media: set[str]) -> None:
    assert set(spec["paths"][path]["get"]["responses"]["200"]["content"]) == media


def test_the_metrics_are_sent_as_declared(app: TestClient, spec: dict[str, Any]) -> None:
    answer = app.get("/metrics")
    assert answer.headers["content-type"].split(";")[0] in {
        media.split(";")[0] for media in spec["paths"]["/metrics"]["get"]["responses"]["200"]["content"]
    }
