"""A key scoped to some models is checked on the name the store reads: the path name "custom.secret" is the model
"secret", over REST and in the console, so "custom.c*" neither reads nor changes it that way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from console_session import sign_in
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.api.app import create_app
from nonla.custom import add_http_model, list_models

SCHEMA = {"task": "classification", "labels": ["a", "b"], "fields": [{"name": "x", "type": "number"}],
          "examples": [{"x": 1.0}]}  # fmt: skip


@pytest.fixture
def app(database: str) -> Iterator[TestClient]:
    for name in ("secret", "cases"):
        add_http_model("kserve", "http://127.0.0.1:9", SCHEMA, name=name, model="m", timeout=1, retries=0)
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def stages(name: str) -> list[str]:
    return [v["stage"] for m in list_models() if m["name"] == name for v in m["versions"]]


def test_a_prefixed_name_is_checked_as_the_model_it_names_over_rest(app: TestClient) -> None:
    c_only = bearer("developer", scopes=["custom.c*"])
    assert app.get("/v1/models/cases", headers=c_only).status_code == 200
    assert app.get("/v1/models/custom.cases", headers=c_only).status_code == 200, "the prefix still reaches its own"
    for method, path, body in (("get", "", None), ("get", "/versions/1", None), ("get", "/report", None),
                               ("post", "/archive", {"version": 1}), ("post", "/canary", {"version": 1, "percent": 50}),
                               ("delete", "/rollout", None)):  # fmt: skip
        answer = app.request(method.upper(), f"/v1/models/custom.secret{path}", headers=c_only, json=body)
        assert answer.status_code == 403 and answer.json()["error"]["code"] == "forbidden", (path, answer.text)
        assert "custom.secret" in answer.json()["error"]["message"]
    assert stages("secret") == ["draft"], "nothing was archived"


def test_a_prefixed_name_is_checked_as_the_model_it_names_in_the_console(app: TestClient) -> None:
    token = sign_in(app, "developer", scopes=["custom.c*"])
    archived = app.post("/console/models/custom.secret/archive", data={"csrf": token, "version": "1"},
                        follow_redirects=False)  # fmt: skip
    assert archived.status_code == 403, archived.text
    assert stages("secret") == ["draft"], "nothing was archived"
    assert app.get("/console/models/custom.secret/report").status_code == 403
    own = app.post("/console/models/custom.cases/archive", data={"csrf": token, "version": "1"}, follow_redirects=False)
    assert own.status_code == 303 and stages("cases") == ["archived"], own.text
