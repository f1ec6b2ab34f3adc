"""A remote model answering JSON that Python cannot read (nested 200,000 deep, a 5,000-digit number) is
``adapter_unavailable`` (503), in Python and over REST, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from kserve_stub import SCHEMA, kserve
from rest_keys import bearer

import nonla
from nonla.api.app import create_app
from nonla.custom import add_http_model
from nonla.custom.errors import AdapterUnavailable


@pytest.mark.parametrize("path", ["/deep", "/bigint"])
def test_an_unreadable_answer_is_adapter_unavailable(path: str) -> None:
    with kserve() as base:
        add_http_model("kserve", base + path, SCHEMA, name="odd", model="m", timeout=5, retries=1)
        [answer] = nonla.run_batch("custom.odd", [{"x": 1.0}])
        assert isinstance(answer, AdapterUnavailable) and answer.http_status == 503, answer
        with TestClient(create_app(), raise_server_exceptions=False) as app:
            called = app.post("/v1/functions/custom.odd", headers=bearer("caller"), json={"x": 1.0})
    assert called.status_code == 503 and called.json()["error"]["code"] == "adapter_unavailable", called.text
    assert "did not answer" in called.json()["error"]["message"] and called.json()["error"]["hint"]
