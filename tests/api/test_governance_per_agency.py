"""Governance as each agency sees it: its own pipelines and models in the register, reports, incidents, review
policies, risk classes, usage and drift baselines; another agency's (or the default tenant's) never, on both
databases."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

import nonla
from nonla.core.context import tenant_scope
from nonla.governance import register, report
from nonla.jobs import pipeline_store
from nonla.monitoring import baseline

pytestmark = pytest.mark.usefixtures("database")  # every test on SQLite and PostgreSQL


def pipeline(name: str, function: str = "vi.normalize", field: str = "text", out: str = "text") -> str:
    return (f"name: {name}\nsteps:\n  - function: {function}\n    inputs: {{{field}: $input.{field}}}\n"
            f"output:\n  {out}: $steps.0.{out}\n")  # fmt: skip


def test_an_agency_governs_its_own_pipelines_and_not_the_defaults(app: TestClient) -> None:
    pipeline_store.add(pipeline("secret_default"))
    with tenant_scope("so-a"):
        pipeline_store.add(pipeline("mine"))
    admin = bearer("admin", tenant="so-a")
    listed = {f["function"] for f in app.get("/v1/governance/register", headers=admin).json()["functions"]}
    assert "pipeline.mine@1" in listed and "pipeline.secret_default@1" not in listed
    assert app.get("/v1/governance/report/pipeline.mine", headers=admin).status_code == 200
    assert app.get("/v1/governance/report/pipeline.secret_default", headers=admin).status_code == 404
    policy = app.put("/v1/review/policies/pipeline.mine", headers=admin, json={"always": True})
    assert policy.status_code == 200, policy.text
    assert app.put("/v1/review/policies/pipeline.secret_default", headers=admin, json={"always": True}).status_code == 404
    incident = {"target": "pipeline.mine", "severity": "low", "description": "sai"}
    assert app.post("/v1/incidents", headers=admin, json=incident).status_code == 201
    assert app.post("/v1/incidents", headers=admin, json={**incident, "target": "pipeline.secret_default"}).status_code == 404


def test_risk_classes_usage_and_baselines_are_each_agencys_own() -> None:
    with tenant_scope("so-a"):
        pipeline_store.add(pipeline("p", "vision.faces", "data", "faces"))  # a high-risk step makes a high-risk pipeline
    with tenant_scope("so-b"):
        pipeline_store.add(pipeline("p"))
        assert register.risk_of("pipeline.p") == "minimal"
        nonla.run("pipeline.p", text="xin chào")
        nonla.run("pipeline.p", text="xin chào")
    with tenant_scope("so-a"):
        assert register.risk_of("pipeline.p") == "high", "not so-b's class, remembered a moment ago"
    assert report.usage("pipeline.p", tenant="so-b")["calls"] == 2
    assert report.usage("pipeline.p", tenant="so-a")["calls"] == 0
    pipeline_store.add(pipeline("p"))  # the default tenant's own pipeline.p, and its baseline
    baseline.record("pipeline.p", [{"text": "xin chào"}] * 3, source="test")
    assert baseline.baseline_of("default", "pipeline.p", 1) is not None
    assert baseline.baseline_of("so-b", "pipeline.p", 1) is None, "another model: no stand-in baseline"
    assert baseline.baseline_of("so-b", "vi.normalize", 1) is None
    baseline.record("vi.normalize", [{"text": "xin chào"}] * 3, source="test")
    assert baseline.baseline_of("so-b", "vi.normalize", 1) is not None, "built in: the installation's stands in"


def test_python_and_cli_callers_name_the_agency_and_get_its_view() -> None:
    """Outside any request (Python, the CLI's --tenant), the tenant argument alone picks the agency's names."""
    from nonla import review

    with tenant_scope("so-a"):
        pipeline_store.add(pipeline("p", "vision.faces", "data", "faces"))
    assert "pipeline.p@1" in {row["function"] for row in register.register("so-a")}
    assert "pipeline.p@1" not in {row["function"] for row in register.register("default")}
    assert register.built_in_policy("so-a", "pipeline.p") is not None  # high risk: always reviewed
    assert review.set_policy("pipeline.p", always=True, tenant="so-a") is not None
    assert "pipeline.p" in report.blocks_to_markdown(report.assessment("pipeline.p", "so-a"))
