"""A key limited by scopes makes no key that reaches further than itself: neither an unscoped key nor a pattern
that may match a function outside its own scopes; scopes within its own are given as asked."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.governance import keys

pytestmark = pytest.mark.usefixtures("database")  # every test on SQLite and PostgreSQL

SENTENCE = {"text": "Xin chào Hà Nội"}


def _called(app: TestClient, headers: dict[str, str], function: str) -> int:
    return app.post(f"/v1/functions/{function}", headers=headers, json=SENTENCE).status_code


@pytest.mark.parametrize("scopes", [[], ["*"], ["v*"], ["vi.*", "text.*"], ["[tv]i.words"], ["text.language"]])
def test_a_scoped_admin_cannot_create_a_wider_key(app: TestClient, scopes: list[str]) -> None:
    scoped = bearer("admin", tenant="so-a", scopes=["vi.*"])
    assert _called(app, scoped, "text.language") == 403
    before = len(keys.list_keys())
    refused = app.post("/v1/keys", headers=scoped, json={"role": "admin", "name": "wider", "scopes": scopes})
    assert refused.status_code == 403, refused.text
    error = refused.json()["error"]
    assert error["code"] == "scope_beyond_own" and "vi.*" in error["hint"]
    assert "key" not in refused.json() and len(keys.list_keys()) == before, "no key was stored"


@pytest.mark.parametrize("scopes", [["vi.*"], ["vi.words"], ["vi.w*", "vi.normalize"], ["vi.?ords"]])
def test_a_scoped_admin_creates_keys_within_its_scopes(app: TestClient, scopes: list[str]) -> None:
    scoped = bearer("admin", tenant="so-a", scopes=["vi.*"])
    made = app.post("/v1/keys", headers=scoped, json={"role": "developer", "name": "narrower", "scopes": scopes})
    assert made.status_code == 201, made.text
    assert made.json()["scopes"] == scopes and made.json()["tenant"] == "so-a"
    new = {"Authorization": f"Bearer {made.json()['key']}"}
    assert _called(app, new, "vi.words") == 200
    assert _called(app, new, "text.language") == 403


def test_a_key_scoped_to_several_patterns_gives_any_within_one_of_them(app: TestClient) -> None:
    scoped = bearer("admin", scopes=["vi.words", "text.*"])
    for scopes, status in ((["text.language", "vi.words"], 201), (["vi.*"], 403), (["vi.words", "t*"], 403)):
        made = app.post("/v1/keys", headers=scoped, json={"role": "caller", "name": "k", "scopes": scopes})
        assert made.status_code == status, (scopes, made.text)


def test_an_unscoped_admin_still_gives_any_scopes(app: TestClient) -> None:
    admin = bearer("admin", tenant="so-a")
    for scopes in ([], ["*"], ["custom.*"]):
        made = app.post("/v1/keys", headers=admin, json={"role": "admin", "name": "any", "scopes": scopes})
        assert made.status_code == 201 and made.json()["scopes"] == scopes


def test_a_blank_scope_is_still_bad_input_before_it_is_compared(app: TestClient) -> None:
    scoped = bearer("admin", scopes=["vi.*"])
    blank = app.post("/v1/keys", headers=scoped, json={"role": "caller", "name": "blank", "scopes": ["  "]})
    assert blank.status_code == 422 and blank.json()["error"]["code"] == "invalid_input"


def test_a_scoped_key_cannot_reach_outside_its_scopes_through_a_pipeline(app: TestClient) -> None:
    scoped = bearer("admin", tenant="so-a", scopes=["vi.*", "pipeline.*"])
    definition = ("name: language_of\nsteps:\n  - function: text.language\n    inputs: {text: $input.text}\n"
                  "output:\n  language: $steps.0.language\n")  # fmt: skip
    headers = {**scoped, "Content-Type": "application/yaml"}
    refused = app.post("/v1/pipelines", headers=headers, content=definition)
    assert refused.status_code == 403 and "text.language" in refused.json()["error"]["message"]
