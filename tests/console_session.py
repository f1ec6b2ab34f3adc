"""Console sessions for the tests: the CSRF token a page carries, and signing in with a fresh key of a role."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from nonla.governance import keys


def csrf(page: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match, "the page has no CSRF field"
    return match.group(1)


def sign_in(client: TestClient, role: str = "admin", scopes: list[str] | None = None) -> str:
    """Sign in with a new key of the role; returns the CSRF token of the signed-in session."""
    key, _ = keys.create_key(role, f"console {role}", scopes)
    form = client.get("/console/signin")
    response = client.post("/console/signin", data={"csrf": csrf(form.text), "key": key, "next": "/console/functions"},
                           follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, response.text
    return csrf(client.get("/console/functions").text)
