"""A training job is seen and cancelled only by keys whose scopes cover the model it trains, as starting it needed."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.api.app import create_app
from nonla.custom import jobs


def slow(progress, cancelled):  # type: ignore[no-untyped-def]
    from nonla.custom.progress import Tracker

    tracker = Tracker(progress, cancelled)
    for step in range(600):
        tracker.step(step / 600, f"step {step}")
        time.sleep(0.05)
    raise AssertionError("never cancelled")


@pytest.fixture
def app(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def test_a_key_scoped_to_other_models_neither_reads_nor_cancels_the_job(app: TestClient) -> None:
    job = jobs.start("beta", "text-classifier", slow, "test")
    try:
        alpha = bearer("developer", scopes=["custom.alpha*"])
        read = app.get(f"/v1/models/train/{job['id']}", headers=alpha)
        assert read.status_code == 403 and read.json()["error"]["code"] == "forbidden", read.text
        assert "custom.beta" in read.json()["error"]["message"] and read.json()["error"]["hint"]
        cancelled = app.post(f"/v1/models/train/{job['id']}/cancel", headers=alpha)
        assert cancelled.status_code == 403, cancelled.text
        assert jobs.get(job["id"])["cancel_requested"] is False, "a refused cancel changed nothing"
        beta = bearer("developer", scopes=["custom.beta"])
        assert app.get(f"/v1/models/train/{job['id']}", headers=beta).json()["name"] == "beta"
        assert app.post(f"/v1/models/train/{job['id']}/cancel", headers=beta).json()["cancel_requested"] is True
        assert app.get("/v1/models/train/unknown", headers=alpha).status_code == 404
    finally:
        jobs.cancel(job["id"])
        assert jobs.wait(job["id"], timeout=60)["status"] == "cancelled"
