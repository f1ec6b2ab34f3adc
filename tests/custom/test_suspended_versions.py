"""A suspended version of a custom model never answers through the model's name (on SQLite and PostgreSQL): with
production suspended a call of ``custom.NAME`` is refused (423) on REST, in Python and inside a pipeline; with the
canary suspended production answers the canary's share; a suspended shadow does not run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer
from rolled_out_models import two_versions

import nonla
from nonla import custom
from nonla.api.app import create_app
from nonla.core.errors import FunctionSuspended
from nonla.core.runner import canonical_digest
from nonla.custom import routing
from nonla.governance import incidents
from nonla.jobs import pipeline_store
from nonla.local import runner

STEP = "name: via_sv\nsteps:\n  - function: custom.sv\n    inputs: {x: $input.x}\n"


@pytest.fixture
def app(database: str) -> Iterator[TestClient]:
    """custom.sv with two versions at the stub server (they answer alike: the response names which one answered)."""
    with two_versions("sv", None):
        with TestClient(create_app(), raise_server_exceptions=False) as client:
            yield client
        assert routing.shadows.wait(timeout=60)


def canary_input(percent: float) -> dict[str, float]:
    """An input whose hash sends it to a canary answering ``percent`` % of calls."""
    return next({"x": float(x)} for x in range(1000)
                if routing.canary_bucket(canonical_digest({"x": float(x)})) < percent)  # fmt: skip


def answered_by(app: TestClient, item: dict[str, float]) -> str:
    called = app.post("/v1/functions/custom.sv", headers=bearer("caller"), json=item)
    assert called.status_code == 200, called.text
    return str(called.json()["function"])


def test_a_suspended_production_version_refuses_its_models_name(app: TestClient) -> None:
    admin, caller = bearer("admin"), bearer("caller")
    assert answered_by(app, {"x": 1.0}) == "custom.sv@1"
    held = app.post("/v1/suspensions", headers=admin, json={"target": "custom.sv@1", "reason": "lộ dữ liệu"})
    assert held.status_code == 201, held.text
    for body in ({"x": 1.0}, {"items": [{"x": 1.0}, {"x": 2.0}]}):  # one item, and a batch: the whole call is refused
        refused = app.post("/v1/functions/custom.sv", headers=caller, json=body)
        assert refused.status_code == 423 and refused.json()["error"]["code"] == "function_suspended", refused.text
        assert "custom.sv@1" in refused.json()["error"]["message"]
    with pytest.raises(FunctionSuspended, match="custom.sv@1"):
        runner().call("custom.sv", [{"x": 1.0}])
    with pytest.raises(FunctionSuspended, match="custom.sv@1"):
        nonla.run("custom.sv", x=1.0)
    pipeline_store.add(STEP)  # a pipeline's step that names the model is refused too
    refused = app.post("/v1/functions/pipeline.via_sv", headers=caller, json={"x": 1.0})
    assert refused.status_code == 423, refused.text
    assert app.post("/v1/functions/custom.sv@2", headers=caller, json={"x": 1.0}).status_code == 200  # not suspended
    assert app.delete("/v1/suspensions/custom.sv@1", headers=admin).status_code == 200
    assert answered_by(app, {"x": 1.0}) == "custom.sv@1"


def test_with_its_canary_suspended_production_answers_the_canarys_share(app: TestClient) -> None:
    custom.canary("sv", 2, 50)
    item = canary_input(50)
    assert answered_by(app, item) == "custom.sv@2"
    incidents.suspend("custom.sv@2", "trả lời sai")
    assert answered_by(app, item) == "custom.sv@1"
    assert runner().call("custom.sv", [item]).entry.ref == "custom.sv@1"
    refused = app.post("/v1/functions/custom.sv@2", headers=bearer("caller"), json=item)
    assert refused.status_code == 423
    incidents.resume("custom.sv@2")
    assert answered_by(app, item) == "custom.sv@2"


def test_a_suspended_shadow_does_not_run(app: TestClient) -> None:
    custom.shadow("sv", 2)
    assert answered_by(app, {"x": 1.0}) == "custom.sv@1"
    assert routing.shadows.wait(timeout=60)
    assert custom.report("sv")["versions"]["2"]["calls_run_beside"] == 1
    incidents.suspend("custom.sv@2", "gửi dữ liệu ra ngoài")
    assert answered_by(app, {"x": 2.0}) == "custom.sv@1"
    assert routing.shadows.wait(timeout=60)
    report = custom.report("sv")
    assert report["calls"] == 1 and report["versions"]["2"]["calls_run_beside"] == 1  # the second call ran alone
