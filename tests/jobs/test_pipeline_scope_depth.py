"""Pipelines nested deeper than the scope check walks: refused when stored, and refused to a limited key when a
change below makes a stored one too deep, so no step goes unexamined. Cycles still end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.api.app import create_app
from nonla.governance.pipeline_scope import MAX_DEPTH, TOO_DEEP, step_functions
from nonla.jobs import pipeline_store

YAML = {"Content-Type": "application/yaml"}
MESSAGE = "Ông Nguyễn Văn Bình, số điện thoại 0912345678"


def calling(name: str, function: str) -> str:
    """A pipeline of one step whose output is that step's text (the same type whichever function it calls)."""
    return (f"name: {name}\nsteps:\n  - function: {function}\n    inputs: {{text: $input.text}}\n"
            "output:\n  text: $steps.0.text\n")  # fmt: skip


@pytest.fixture
def app(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def test_too_deep_is_refused_when_stored_and_when_called(app: TestClient) -> None:
    developer = bearer("developer")
    assert app.post("/v1/pipelines", headers={**developer, **YAML}, content=calling("d_0", "vi.normalize")).is_success
    for level in range(1, MAX_DEPTH + 1):  # d_8 has eight pipelines below it: the most the check walks
        added = app.post("/v1/pipelines", headers={**developer, **YAML},
                         content=calling(f"d_{level}", f"pipeline.d_{level - 1}"))  # fmt: skip
        assert added.status_code == 201, added.text
    deeper = app.post("/v1/pipelines", headers={**developer, **YAML}, content=calling("d_9", "pipeline.d_8"))
    assert deeper.status_code == 422 and deeper.json()["error"]["code"] == "invalid_input", deeper.text
    assert "more than 8 deep" in deeper.json()["error"]["message"]
    piped = bearer("caller", scopes=["pipeline.*", "vi.*"])
    assert app.post("/v1/functions/pipeline.d_8", headers=piped, json={"text": MESSAGE}).status_code == 200

    # d_0 changed to call a pipeline of privacy.pii: d_8 now reaches it nine pipelines down, past the walk
    assert app.post("/v1/pipelines", headers={**developer, **YAML}, content=calling("leaf", "privacy.pii")).is_success
    assert app.post("/v1/pipelines", headers={**developer, **YAML}, content=calling("d_0", "pipeline.leaf")).is_success
    for name in ("pipeline.d_8", "pipeline.d_8@1"):
        refused = app.post(f"/v1/functions/{name}", headers=piped, json={"text": MESSAGE})
        assert refused.status_code == 403 and TOO_DEEP in refused.json()["error"]["message"], refused.text
        assert "PERSON" not in refused.text
    assert app.post("/v1/functions/pipeline.d_8", headers=bearer("caller"), json={"text": MESSAGE}).status_code == 200


def test_a_cycle_ends_and_every_step_is_found(database: str) -> None:
    pipeline_store.add(calling("pa", "vi.normalize"))
    pipeline_store.add(calling("pb", "pipeline.pa"))
    pipeline_store.add(calling("pa", "pipeline.pb"))  # pa@2 -> pb -> pa (every live version)
    assert step_functions("pipeline.pa") == {"vi.normalize", "pipeline.pb", "pipeline.pa"}
