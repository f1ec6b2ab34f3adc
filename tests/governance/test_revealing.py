"""privacy.pii's reversible mapping hands back the personal data it removed: only a role with pii.reveal (admin)
may ask for it, over REST, in the console and in batch jobs; Python and the CLI run as the local operator."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

import nonla
from nonla.api.app import create_app

TEXT = {"text": "Ông Nguyễn Văn An, số điện thoại 0912345678, trú tại Hà Nội.", "mode": "pseudonym", "reversible": True}


@pytest.fixture
def app() -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def test_only_a_role_that_may_see_personal_data_gets_the_mapping(app: TestClient) -> None:
    for role in ("caller", "developer"):
        refused = app.post("/v1/functions/privacy.pii", headers=bearer(role), json=TEXT)
        assert refused.status_code == 403 and "pii.reveal" in refused.json()["error"]["message"], refused.text
        plain = app.post("/v1/functions/privacy.pii", headers=bearer(role), json={**TEXT, "reversible": False})
        assert plain.status_code == 200 and plain.json()["output"]["mapping"] is None
    shown = app.post("/v1/functions/privacy.pii", headers=bearer("admin"), json=TEXT).json()["output"]
    assert "Nguyễn Văn An" in shown["mapping"].values()
    assert nonla.run("privacy.pii", **TEXT).mapping  # type: ignore[attr-defined]  # the local operator


def test_a_batch_job_of_a_caller_gets_no_mapping(app: TestClient) -> None:
    caller = bearer("caller")
    items = [TEXT, {**TEXT, "reversible": False}]
    job = app.post("/v1/jobs", headers=caller, json={"function": "privacy.pii", "items": items}).json()
    for _ in range(600):
        status = app.get(f"/v1/jobs/{job['id']}", headers=caller).json()
        if status["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    rows = [json.loads(line) for line in app.get(f"/v1/jobs/{job['id']}/results", headers=caller).text.splitlines()]
    assert rows[0]["error"]["code"] == "forbidden" and "output" not in rows[0]
    assert rows[1]["output"]["mapping"] is None and "Nguyễn Văn An" not in rows[1]["output"]["text"]


@pytest.mark.parametrize("reversible", ["true", "$input.reveal"])
def test_a_pipeline_cannot_hand_the_mapping_to_its_callers(app: TestClient, reversible: str) -> None:
    """Any key that may call a pipeline would get what its steps return: one asking privacy.pii for the originals
    gave a caller's key the names and phones behind the placeholders."""
    source = ("name: leak\nsteps:\n  - function: privacy.pii\n"
              f"    inputs: {{text: $input.text, mode: pseudonym, reversible: {reversible}}}\n"
              "output:\n  text: $steps.0.text\n  mapping: $steps.0.mapping\n")  # fmt: skip
    for role in ("developer", "admin"):
        added = app.post("/v1/pipelines", headers={**bearer(role), "content-type": "application/yaml"}, content=source)
        assert added.status_code == 422 and "'reversible'" in added.json()["error"]["message"], added.text
    called = app.post("/v1/functions/pipeline.leak", headers=bearer("caller"), json={"text": "Ông Nguyễn Văn An"})
    assert called.status_code == 404
