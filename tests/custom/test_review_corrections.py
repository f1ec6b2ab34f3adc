"""A reviewer's correction of a custom classifier names one of the model's own labels (on SQLite and PostgreSQL,
in Python and over REST): another label is a clear 422 and leaves the item pending."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from kserve_stub import SCHEMA, kserve
from rest_keys import bearer

from nonla import review
from nonla.api.app import create_app
from nonla.core.errors import InvalidInput
from nonla.custom import add_http_model


@pytest.fixture
def app(database: str) -> Iterator[TestClient]:
    with kserve() as base, TestClient(create_app(), raise_server_exceptions=False) as client:
        add_http_model("kserve", base + "/good", SCHEMA, name="rv", model="m", timeout=5, retries=0)
        review.set_policy("custom.rv", always=True)
        yield client


def queued(app: TestClient) -> int:
    called = app.post("/v1/functions/custom.rv", headers=bearer("caller"), json={"x": 1.0})
    assert called.status_code == 200, called.text
    [item] = review.pending("custom.rv")
    return int(item["id"])


def test_a_label_the_model_does_not_have_is_refused(app: TestClient) -> None:
    item = queued(app)
    wrong = {"label": "zzz", "scores": {"zzz": 1.0}, "confidence": 1.0}
    refused = app.post(f"/v1/review/{item}/decision", headers=bearer("reviewer"), json={"correction": wrong})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_input", refused.text
    error = refused.json()["error"]
    assert "'zzz'" in error["message"] and "'a'" in error["hint"] and "'b'" in error["hint"]
    with pytest.raises(InvalidInput, match="not one of the labels"):
        review.decide(item, correction={"label": "a", "scores": {"a": 0.9, "zzz": 0.1}, "confidence": 0.9})
    assert review.get(item)["status"] == "pending" and review.examples("custom.rv") == []
    right = {"label": "a", "scores": {"a": 0.9, "b": 0.1}, "confidence": 0.9}
    done = app.post(f"/v1/review/{item}/decision", headers=bearer("reviewer"), json={"correction": right})
    assert done.status_code == 200 and done.json()["status"] == "corrected", done.text
    assert [e["output"]["label"] for e in review.examples("custom.rv")] == ["a"]
