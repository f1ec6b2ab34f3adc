"""/metrics and an agency's own function names: a pipeline's name and its call counts are shown only to a key that
may read that agency's monitoring; everyone else sees the calls folded into ``pipeline.*``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.api.app import create_app

SECRET = "hiv_patients_intake"
DEFINITION = f"name: {SECRET}\nsteps:\n  - function: vi.words\n    inputs: {{text: $input.text}}\n"


@pytest.fixture
def app(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def test_pipeline_names_reach_only_their_tenants_monitoring_keys(app: TestClient) -> None:
    owner = bearer("developer", tenant="so-y-te")
    added = app.post("/v1/pipelines", headers={**owner, "Content-Type": "application/yaml"}, content=DEFINITION)
    assert added.status_code == 201, added.text
    called = app.post(f"/v1/functions/pipeline.{SECRET}", headers=owner, json={"text": "xin chào"})
    assert called.status_code == 200, called.text
    assert app.post("/v1/functions/vi.words", headers=owner, json={"text": "xin chào"}).status_code == 200

    anyone = app.get("/metrics")
    assert anyone.status_code == 200 and SECRET not in anyone.text and "so-y-te" not in anyone.text
    assert 'nonla_function_calls_total{function="pipeline.*",status="ok"}' in anyone.text
    assert 'nonla_function_calls_total{function="vi.words@2",status="ok"}' in anyone.text  # built-ins keep theirs
    other = app.get("/metrics", headers=bearer("auditor", tenant="agency-b"))
    assert other.status_code == 200 and SECRET not in other.text and "so-y-te" not in other.text

    series = f'nonla_tenant_function_calls_total{{function="pipeline.{SECRET}@1",status="ok",tenant="so-y-te"}}'
    assert series in app.get("/metrics", headers=bearer("auditor", tenant="so-y-te")).text
    assert series in app.get("/metrics", headers=bearer("admin")).text  # the default tenant's admin sees every one
