"""The OpenAPI document describes the function routes as the server answers them: GET /v1/functions/{name} (a
function's card) beside the POST, and every status a call answers with, the held result of a 202 in its real shape."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

CALL_STATUSES = {"200", "202", "400", "401", "403", "404", "422", "423", "429", "451"}


@pytest.fixture
def spec(app: TestClient) -> dict[str, Any]:
    return dict(app.get("/openapi.json").json())


def test_the_generic_route_keeps_its_get(app: TestClient, spec: dict[str, Any]) -> None:
    generic = spec["paths"]["/v1/functions/{name}"]
    assert set(generic) == {"get", "post"}
    assert generic["get"]["parameters"][0]["name"] == "name"
    described = app.get("/v1/functions/vi.words", headers=bearer("caller"))
    assert described.status_code == 200 and described.json()["name"] == "vi.words"


def test_function_calls_list_every_status_they_answer_with(spec: dict[str, Any]) -> None:
    for path in ("/v1/functions/vi.words", "/v1/functions/legal.search", "/v1/functions/{name}"):
        responses = spec["paths"][path]["post"]["responses"]
        assert CALL_STATUSES <= set(responses), path
        assert "Retry-After" in responses["429"]["headers"]
        for status in ("423", "429", "451"):
            error = responses[status]["content"]["application/json"]["schema"]["properties"]["error"]
            assert {"code", "message", "hint"} <= set(error["required"])


def test_a_held_result_has_the_documented_shape(app: TestClient, spec: dict[str, Any]) -> None:
    admin = bearer("admin")
    assert app.put("/v1/review/policies/vi.words", headers=admin, json={"always": True, "required": True}).is_success
    answer = app.post("/v1/functions/vi.words", headers=bearer("caller"), json={"text": "xin chào"})
    assert answer.status_code == 202, answer.text
    documented = spec["paths"]["/v1/functions/vi.words"]["post"]["responses"]["202"]["content"]["application/json"]
    body, held = documented["schema"], documented["schema"]["properties"]["held"]
    assert set(body["required"]) <= set(answer.json()) <= set(body["properties"])
    assert set(held["required"]) <= set(answer.json()["held"]) <= set(held["properties"])
    assert isinstance(answer.json()["held"]["review_id"], int) and answer.json()["held"]["status"] == "pending"
