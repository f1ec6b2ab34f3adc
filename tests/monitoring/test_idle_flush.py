"""A running server writes its monitoring figures every FLUSH_SECONDS even when no further call comes, so the stored
figures (what `nonla monitor summary` reads) catch up with the calls it served; the writer stops with the app."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer
from sqlalchemy import select

from nonla.api.app import create_app
from nonla.monitoring import observe
from nonla.monitoring.observe import monitor
from nonla.store.db import session
from nonla.store.schema_monitoring import MonitoringWindow

from .conftest import MARKED


def _stored_calls() -> int:
    with session() as s:
        return sum(row.calls for row in s.scalars(select(MonitoringWindow)))


def _writers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "nonla-monitoring"]


def test_an_idle_server_writes_its_figures_and_stops_writing_at_shutdown(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(observe, "FLUSH_SECONDS", 0.3)
    before = len(_writers())
    with TestClient(create_app()) as app:
        monitor.flush()  # a call made now is not due for a write before the next minute
        called = app.post("/v1/functions/text.sentiment", headers=bearer("caller"), json={"text": MARKED[0]})
        assert called.status_code == 200, called.text
        waited = time.monotonic()
        while _stored_calls() == 0 and time.monotonic() - waited < 10:
            time.sleep(0.1)  # no call and no read of the figures: only the server's timer can write them
        assert _stored_calls() == 1
        assert len(_writers()) == before + 1
    assert len(_writers()) == before, "the writer outlived its app"
