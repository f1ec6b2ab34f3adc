"""The REST app in process for the tests of this folder, on the test's own store.

A module whose tests run on both databases says ``pytestmark = pytest.mark.usefixtures("database")``: the marked
fixture is set up before ``app``, so the app opens the database the test is parametrised with.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from nonla.api.app import create_app


@pytest.fixture
def app() -> Iterator[TestClient]:
    # server exceptions come back as the 500 a client would see: the tests check no route answers one
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client
