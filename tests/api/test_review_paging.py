"""Paging past the store's integers names the parameter (422), on both databases; it is no missing id (404)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla import inbox
from nonla.core.errors import InvalidInput
from nonla.governance import review

pytestmark = pytest.mark.usefixtures("database")
HUGE = "99999999999999999999"


@pytest.mark.parametrize(("path", "role", "name"), [("/v1/inbox/messages", "caller", "offset"),
                                                   ("/v1/review", "reviewer", "after")])  # fmt: skip
def test_a_huge_offset_or_after_is_refused_by_name(app: TestClient, path: str, role: str, name: str) -> None:
    for value in (HUGE, str(2**63)):
        refused = app.get(path, headers=bearer(role), params={name: value})
        assert refused.status_code == 422, refused.json()
        assert name in str(refused.json()["error"]), refused.json()
    assert app.get(path, headers=bearer(role), params={name: str(2**63 - 1)}).status_code == 200


def test_python_callers_get_the_same_refusal() -> None:
    with pytest.raises(InvalidInput) as caught:
        inbox.messages(offset=2**63)
    assert caught.value.details["field"] == "offset"
    with pytest.raises(InvalidInput) as caught:
        review.items(after=2**63)
    assert caught.value.details["field"] == "after"
